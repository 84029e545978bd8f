import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { WEBHOOK_EVENT_TYPES } from '../../outbound/webhook-event-types.js';

export class CreateWebhookEndpointDto {
  // Scheme and address rules are the SSRF guard's (422 webhook-target-refused), not a format check here.
  @ApiProperty({ example: 'https://merchant.example/webhooks' })
  @IsString()
  @MaxLength(2_048)
  url: string;

  @ApiPropertyOptional({
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    description: 'Omitted or empty: every event type',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: string[];
}
