import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_AMOUNT, MIN_AMOUNT } from '../../payments/currencies.js';

export class CreateRefundDto {
  @ApiPropertyOptional({
    description: 'Minor units to refund; defaults to everything not yet refunded',
    minimum: MIN_AMOUNT,
    maximum: MAX_AMOUNT,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_AMOUNT)
  @Max(MAX_AMOUNT)
  amount?: number;
}
