import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../shared/page.js';

export class ListPaymentsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ description: 'Id of the last payment of the previous page', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  starting_after?: string;
}
