import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { WEBHOOK_EVENT_TYPES } from '../../outbound/webhook-event-types.js';

// OpenAPI shapes of the answers (the presenter builds the actual bodies).
export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['webhook_endpoint'] }) object: 'webhook_endpoint';
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ enum: ['enabled', 'disabled'] }) status: string;
  @ApiPropertyOptional({ example: 'endpoint answered 410 Gone' }) disabled_reason?: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class CreatedWebhookEndpointResponse extends WebhookEndpointResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Signs deliveries (Standard Webhooks); shown only here',
  })
  secret: string;
}

export class WebhookEndpointListResponse {
  @ApiProperty({ enum: ['list'] }) object: 'list';
  @ApiProperty({ type: [WebhookEndpointResponse] }) data: WebhookEndpointResponse[];
}
