import 'reflect-metadata';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// The HTTP part of every service's environment: the same names in every service.
export class HttpEnv {
  @IsInt()
  @Min(1)
  @Max(65_535)
  PORT: number;

  @IsString()
  @IsNotEmpty()
  HOST: string = '127.0.0.1';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';

  @IsInt()
  @Min(1)
  BODY_LIMIT_BYTES: number = 65_536;

  @IsInt()
  @Min(0)
  SHUTDOWN_DRAIN_MS: number = 3_000;

  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;
}
