import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty() access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires.' }) expires_in: number;
  @ApiProperty() refresh_token: string;
}
