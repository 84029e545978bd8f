import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { MAX_AMOUNT, MIN_AMOUNT, SUPPORTED_CURRENCIES } from '../currencies.js';
import { IsBoundedMetadata, METADATA_LIMITS } from './bounded-metadata.validator.js';

export class CreatePaymentDto {
  @ApiProperty({ description: 'Integer in the minor unit of the currency', minimum: MIN_AMOUNT, maximum: MAX_AMOUNT })
  @IsInt()
  @Min(MIN_AMOUNT)
  @Max(MAX_AMOUNT)
  amount: number;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES })
  @IsIn(SUPPORTED_CURRENCIES)
  currency: string;

  @ApiProperty({ description: 'Provider payment-method token', example: 'pm_card_ok' })
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,64}$/, { message: 'payment_method must be a provider token such as pm_card_ok' })
  payment_method: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.maxValueLength },
    maxProperties: METADATA_LIMITS.maxKeys,
  })
  @IsOptional()
  @IsBoundedMetadata()
  metadata?: Record<string, string>;
}
