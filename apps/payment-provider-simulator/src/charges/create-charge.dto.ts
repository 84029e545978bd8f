import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateChargeDto {
  @IsInt()
  @Min(1)
  @Max(99_999_999)
  amount: number;

  @Matches(/^[a-z]{3}$/, { message: 'currency must be a lowercase ISO 4217 code' })
  currency: string;

  @IsString()
  @MaxLength(255)
  payment_method: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  reference?: string;
}
