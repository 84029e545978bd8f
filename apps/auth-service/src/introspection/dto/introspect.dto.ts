import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class IntrospectDto {
  @ApiProperty({ description: 'An access token (compact JWT).' })
  @IsString()
  @MaxLength(8192)
  token: string;
}
