import { randomBytes } from 'node:crypto';
import { type PgCluster, type RedisServer, startPostgres, startRedis } from '@app/testing';
import { Database } from '@app/database';
import { createHttpApp } from '@app/server';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, SERVICE_NAME } from '../../src/app.module.js';
import { type AuthConfig, loadAuthConfig } from '../../src/config/auth.config.js';
import { openAuthDatabase } from '../../src/database/storage.providers.js';
import { KeyRing } from '../../src/keys/key-ring.js';

export const INTROSPECTION_CLIENT = { id: 'payments', secret: 'payments-introspection-secret' };

/** One Postgres cluster (primary + replica) and one Redis per test file, migrated once. */
export interface AuthHarness {
  pg: PgCluster;
  redis: RedisServer;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startAuthHarness(): Promise<AuthHarness> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    const { writerUrl, readerUrl } = await pg.createDatabase('auth');
    const env = {
      PORT: '1',
      LOG_LEVEL: 'warn',
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: readerUrl,
      DB_POOL_MAX: '5',
      REDIS_URL: redis.url,
      JWT_ISSUER: 'https://auth.test',
      JWT_AUDIENCE: 'payment-service',
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      INTROSPECTION_CLIENTS: `${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`,
      BODY_LIMIT_BYTES: '4096',
    };
    const db = await openAuthDatabase(loadAuthConfig(env));
    try {
      await db.runMigrations();
    } finally {
      await db.close();
    }
    return { pg, redis, env, close: async () => void (await Promise.all([pg.close(), redis.close()])) };
  } catch (err) {
    await Promise.all([pg.close(), redis.close()]);
    throw err;
  }
}

export interface AuthApp {
  app: NestFastifyApplication;
  ring: KeyRing;
  db: Database;
  config: AuthConfig;
  close(): Promise<void>;
}

/** A whole auth-service instance (as main.ts builds it), not listening: drive it with app.inject. */
export async function bootAuthApp(env: Record<string, string>): Promise<AuthApp> {
  const config = loadAuthConfig(env);
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: SERVICE_NAME,
    bodyLimitBytes: config.http.BODY_LIMIT_BYTES,
  });
  await app.getHttpAdapter().getInstance().ready();
  return { app, ring: app.get(KeyRing), db: app.get(Database), config, close: () => app.close() };
}
