import { Module } from '@nestjs/common';
import { Database } from '@app/database';
import { BruteForceModule } from '../brute-force/brute-force.module.js';
import { LoginThrottle } from '../brute-force/login-throttle.js';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG } from '../config/tokens.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { PasswordsModule } from '../passwords/passwords.module.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { Revocations } from '../tokens/revocations.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersModule } from '../users/users.module.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { RefreshTokens } from './refresh-tokens.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

/** Login, refresh rotation and logout. */
@Module({
  imports: [BruteForceModule, PasswordsModule, TokensModule, UsersModule],
  controllers: [SessionsController],
  providers: [
    { provide: RefreshTokensRepository, useFactory: (db: Database) => new RefreshTokensRepository(db), inject: [Database] },
    {
      provide: RefreshTokens,
      useFactory: (store: RefreshTokensRepository, { auth }: AuthConfig) => new RefreshTokens(store, auth.REFRESH_TOKEN_TTL_SECONDS),
      inject: [RefreshTokensRepository, AUTH_CONFIG],
    },
    {
      provide: SessionsService,
      useFactory: (
        users: UsersRepository,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        accessTokens: AccessTokens,
        refreshTokens: RefreshTokens,
        revocations: Revocations,
      ) => new SessionsService(users, hasher, throttle, accessTokens, refreshTokens, revocations),
      inject: [UsersRepository, PasswordHasher, LoginThrottle, AccessTokens, RefreshTokens, Revocations],
    },
  ],
})
export class SessionsModule {}
