import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

import { type SimulatorOptions } from './shared/simulator.options.js';

export class SimulatorEnv {
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  WEBHOOK_SECRET?: string;

  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS: number = 6;

  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_BASE_MS: number = 1_000;

  @IsInt()
  @Min(1)
  WEBHOOK_TIMEOUT_MS: number = 5_000;

  @IsInt()
  @Min(0)
  SLOW_CARD_DELAY_MS: number = 3_000;
}

export function simulatorOptionsFromEnv(env: SimulatorEnv): SimulatorOptions {
  return {
    slowCardDelayMs: env.SLOW_CARD_DELAY_MS,
    webhook: {
      url: env.WEBHOOK_URL,
      secret: env.WEBHOOK_SECRET,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    },
  };
}
