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

export class IntrospectDto {
  @ApiProperty({ description: 'An access token (compact JWT).' })
  @IsString()
  @MaxLength(8192)
  token: string;
}

export class TokenPairDto {
  @ApiProperty() access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires.' }) expires_in: number;
  @ApiProperty() refresh_token: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}
