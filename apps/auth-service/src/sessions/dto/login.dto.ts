import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AccountEmail } from '../../users/dto/account-email.js';

export class LoginDto {
  @ApiProperty({ example: 'ann@example.com', maxLength: 254 })
  @AccountEmail()
  email: string;

  @ApiProperty({ example: 'violet kettle orbit', maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  password: string;
}
