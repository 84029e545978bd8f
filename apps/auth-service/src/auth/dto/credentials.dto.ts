import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({
    example: 'ann@example.com',
    maxLength: 254,
    description: 'Trimmed and lower-cased; unique.',
  })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
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

export class LoginDto {
  @ApiProperty({ example: 'ann@example.com', maxLength: 254 })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'violet kettle orbit', maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  password: string;
}
