import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

import { type FlushOrder } from '../webhooks/webhook.dispatcher.js';

export class UpdateFaultsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latency_ms?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  error_rate?: number;

  @IsOptional()
  @IsBoolean()
  outage?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  webhook_duplicates?: number;

  @IsOptional()
  @IsBoolean()
  webhook_hold?: boolean;
}

export class FlushWebhooksDto {
  @IsOptional()
  @IsIn(['fifo', 'reverse'])
  order?: FlushOrder;
}

export class WebhookEndpointDto {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  url: string;

  @IsOptional()
  @IsString()
  secret?: string;
}
