import { IsInt, IsUrl, Max, Min } from 'class-validator';

export class PspEnv {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PSP_URL: string;

  @IsInt()
  @Min(1)
  @Max(60_000)
  PSP_TIMEOUT_MS: number = 2_000;

  /** How long an open breaker fails fast before it lets one trial call through. */
  @IsInt()
  @Min(100)
  PSP_BREAKER_RESET_MS: number = 10_000;
}

export interface PspOptions {
  baseUrl: string;
  timeoutMs: number;
  breakerResetMs: number;
  /** Calls in the rolling window before the failure share may open a breaker. */
  breakerVolumeThreshold?: number;
}

export function pspOptionsFromEnv(env: PspEnv): PspOptions {
  return { baseUrl: env.PSP_URL, timeoutMs: env.PSP_TIMEOUT_MS, breakerResetMs: env.PSP_BREAKER_RESET_MS };
}
