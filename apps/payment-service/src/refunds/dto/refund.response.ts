import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { REFUND_STATUSES } from '../refund.entity.js';

export class RefundResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['refund'] }) object: 'refund';
  @ApiProperty({ format: 'uuid' }) payment_id: string;
  @ApiProperty() amount: number;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: REFUND_STATUSES }) status: string;
  @ApiPropertyOptional() failure_code?: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
