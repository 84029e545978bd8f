import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class CreateRefundDto {
  @IsString()
  @MaxLength(255)
  charge: string;

  /** Defaults to what is left to refund. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99_999_999)
  amount?: number;
}
