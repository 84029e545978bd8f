import { closeRedis, createRedis, pingRedis, redisOptionsFromEnv } from '@app/cache';
import { Database, databaseOptionsFromEnv } from '@app/database';
import { breakerDependency, type HealthDependency } from '@app/health';
import { createLogger, type Logger } from '@app/observability';
import { retry } from '@app/resilience';
import { type Redis } from 'ioredis';
import { DbThrottleStore } from './brute-force/db-throttle.store.js';
import { FallbackThrottleStore } from './brute-force/fallback-throttle.store.js';
import { LoginThrottle } from './brute-force/login-throttle.js';
import { RedisThrottleStore } from './brute-force/redis-throttle.store.js';
import { type AuthConfig } from './config/auth.config.js';
import { AUTH_ENTITIES } from './entities.js';
import { IntrospectionClients } from './introspection/introspection-clients.js';
import { KeyCipher } from './keys/key-cipher.js';
import { KeyRing } from './keys/key-ring.js';
import { SigningKeysRepository } from './keys/signing-keys.repository.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { AUTH_MIGRATIONS } from './migrations/index.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { RedisGuard } from './redis/redis-guard.js';
import { loadBundledBlocklist, PasswordPolicy } from './passwords/password-policy.js';
import { RefreshTokensRepository } from './sessions/refresh-tokens.repository.js';
import { RefreshTokens } from './sessions/refresh-tokens.service.js';
import { SessionsService } from './sessions/sessions.service.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { RedisRevocationCache } from './tokens/redis-revocation.cache.js';
import { Revocations } from './tokens/revocations.js';
import { RevokedTokensRepository } from './tokens/revoked-tokens.repository.js';
import { TokenAuthenticator } from './tokens/token-authenticator.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';

export const PASSWORD_MAX_LENGTH = 128;

export function openDatabase(config: Pick<AuthConfig, 'db'>, logger?: Logger): Promise<Database> {
  return Database.create({
    ...databaseOptionsFromEnv(config.db),
    applicationName: 'auth-service',
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
    logger,
  });
}

/** How long a retired key keeps verifying: a replica may sign with it until its next key refresh. */
export function retiredKeyVerifySeconds(auth: AuthConfig['auth']): number {
  return auth.ACCESS_TOKEN_TTL_SECONDS + auth.SIGNING_KEY_REFRESH_SECONDS + auth.CLOCK_TOLERANCE_SECONDS;
}

export function createKeyServices(
  db: Database,
  auth: AuthConfig['auth'],
): { ring: KeyRing; keys: SigningKeysService } {
  const cipher = new KeyCipher(auth.KEY_ENCRYPTION_KEY);
  const repository = new SigningKeysRepository(db);
  const ring = new KeyRing(repository, cipher, auth.SIGNING_KEY_REFRESH_SECONDS * 1000);
  return { ring, keys: new SigningKeysService(repository, cipher, ring, retiredKeyVerifySeconds(auth)) };
}

/** Everything the service is made of, built by hand so the Nest module stays a thin wiring layer. */
export class AuthRuntime {
  readonly logger = createLogger('auth');
  readonly redis: Redis;
  private readonly redisGuard: RedisGuard;
  private readonly closing = new AbortController();
  readonly ring: KeyRing;
  readonly signingKeys: SigningKeysService;
  readonly revocations: Revocations;
  readonly authenticator: TokenAuthenticator;
  readonly users: UsersService;
  readonly sessions: SessionsService;
  readonly introspectionClients: IntrospectionClients;

  private constructor(
    readonly config: AuthConfig,
    readonly db: Database,
  ) {
    const { auth } = config;
    this.redis = createRedis(redisOptionsFromEnv(config.redis), createLogger('redis'));
    this.redisGuard = new RedisGuard(this.logger);
    ({ ring: this.ring, keys: this.signingKeys } = createKeyServices(db, auth));
    const accessTokens = new AccessTokens(this.ring, {
      issuer: auth.JWT_ISSUER,
      audience: auth.JWT_AUDIENCE,
      ttlSeconds: auth.ACCESS_TOKEN_TTL_SECONDS,
      clockToleranceSeconds: auth.CLOCK_TOLERANCE_SECONDS,
    });
    this.revocations = new Revocations(
      new RevokedTokensRepository(db),
      new RedisRevocationCache(this.redis, this.redisGuard),
      this.logger,
    );
    this.authenticator = new TokenAuthenticator(accessTokens, this.revocations);
    const hasher = new PasswordHasher();
    const usersRepository = new UsersRepository(db);
    const policy = new PasswordPolicy({
      minLength: auth.PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      blocklist: loadBundledBlocklist(),
    });
    this.users = new UsersService(usersRepository, hasher, policy);
    const lockout = {
      waitIncrementSeconds: auth.BRUTE_FORCE_WAIT_INCREMENT_SECONDS,
      maxWaitSeconds: auth.BRUTE_FORCE_MAX_WAIT_SECONDS,
      resetSeconds: auth.BRUTE_FORCE_RESET_SECONDS,
    };
    const throttle = new LoginThrottle(
      new FallbackThrottleStore(
        new RedisThrottleStore(this.redis, this.redisGuard),
        new DbThrottleStore(db),
        this.logger,
      ),
      {
        account: { ...lockout, maxFailures: auth.BRUTE_FORCE_ACCOUNT_MAX_FAILURES },
        ip: { ...lockout, maxFailures: auth.BRUTE_FORCE_IP_MAX_FAILURES },
      },
    );
    this.sessions = new SessionsService(
      usersRepository,
      hasher,
      throttle,
      accessTokens,
      new RefreshTokens(new RefreshTokensRepository(db), auth.REFRESH_TOKEN_TTL_SECONDS),
      this.revocations,
    );
    this.introspectionClients = new IntrospectionClients(auth.INTROSPECTION_CLIENTS);
  }

  static async create(config: AuthConfig): Promise<AuthRuntime> {
    const db = await openDatabase(config, createLogger('database'));
    return new AuthRuntime(config, db);
  }

  /** First key on a fresh database; re-seed the Redis denylist whenever Redis (re)connects. */
  async start(): Promise<void> {
    if (await this.signingKeys.ensureActiveKey()) this.logger.info({ msg: 'created the first signing key' });
    await this.ring.signingKey();
    this.redis.on('ready', () => void this.reseedRevocations());
    if (this.redis.status === 'ready') await this.reseedRevocations();
  }

  healthDependencies(): HealthDependency[] {
    return [
      { key: 'primary', kind: 'database', critical: true, check: async () => this.db.ping('writer') },
      { key: 'replica', kind: 'database', critical: false, check: async () => this.db.ping('reader') },
      { key: 'redis', kind: 'redis', critical: false, check: () => pingRedis(this.redis) },
      breakerDependency(),
    ];
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.redisGuard.shutdown();
    closeRedis(this.redis);
    await this.db.close();
  }

  /** Retried through the breaker's reset window: Redis just came back, the breaker may still be open. */
  private async reseedRevocations(): Promise<void> {
    try {
      const count = await retry(() => this.revocations.reseed(), {
        retries: 8,
        baseDelayMs: 500,
        maxDelayMs: 5_000,
        shouldRetry: () => !this.closing.signal.aborted,
        signal: this.closing.signal,
      });
      this.logger.info({ msg: 'revocation denylist re-seeded into redis', count });
    } catch (err) {
      this.logger.warn({ msg: 'could not re-seed the revocation denylist', err: String(err) });
    }
  }
}
