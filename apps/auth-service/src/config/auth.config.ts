import { RedisEnv } from '@app/cache';
import { HttpEnv, loadConfig, type LoadedConfig } from '@app/config';
import { DatabaseEnv } from '@app/database';
import { AuthEnv } from './auth.env.js';

export const AUTH_ENV_SECTIONS = { http: HttpEnv, db: DatabaseEnv, redis: RedisEnv, auth: AuthEnv };

export type AuthConfig = LoadedConfig<typeof AUTH_ENV_SECTIONS>;

/** Every section validated together: one start-up names every bad variable (never its value). */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(AUTH_ENV_SECTIONS, env);
}

/** Scripts (migrate, rotate-keys) need no HTTP port. */
export const AUTH_CLI_ENV_SECTIONS = { db: DatabaseEnv, auth: AuthEnv };

export function loadAuthCliConfig(
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig<typeof AUTH_CLI_ENV_SECTIONS> {
  return loadConfig(AUTH_CLI_ENV_SECTIONS, env);
}
