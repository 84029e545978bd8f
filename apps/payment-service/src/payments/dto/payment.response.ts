import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { SUPPORTED_CURRENCIES } from '../currencies.js';
import { PAYMENT_STATUSES } from '../payment-status.js';

// OpenAPI shapes of the answers (the presenters build the actual bodies).
export class PaymentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['payment'] }) object: 'payment';
  @ApiProperty() amount: number;
  @ApiProperty() amount_refunded: number;
  @ApiProperty({ enum: SUPPORTED_CURRENCIES }) currency: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: string;
  @ApiPropertyOptional({ example: 'card_declined' }) failure_code?: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class PaymentListResponse {
  @ApiProperty({ enum: ['list'] }) object: 'list';
  @ApiProperty({ type: [PaymentResponse] }) data: PaymentResponse[];
  @ApiProperty() has_more: boolean;
}
