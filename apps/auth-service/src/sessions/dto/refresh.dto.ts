import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the previous refresh.' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Also revoke the family of this refresh token (it must be yours).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;
}
