import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { AccountEmail } from './account-email.js';

export class RegisterDto {
  @ApiProperty({
    example: 'ann@example.com',
    maxLength: 254,
    description: 'Trimmed and lower-cased; unique.',
  })
  @AccountEmail()
  email: string;

  // The NIST policy (length in code points, blocklist) runs in the service; this only bounds the work.
  @ApiProperty({
    example: 'violet kettle orbit',
    minLength: 12,
    maxLength: 128,
    description: 'NIST SP 800-63B: 12–128 characters, not a common password.',
  })
  @IsString()
  @MaxLength(512)
  password: string;
}
