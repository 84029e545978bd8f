import { type DynamicModule, Module } from '@nestjs/common';
import { Database } from '@app/database';
import { HealthModule } from '@app/health';
import { type Redis } from 'ioredis';
import { type AuthConfig } from './config/auth.config.js';
import { AUTH_REDIS } from './config/tokens.js';
import { StorageModule } from './database/storage.module.js';
import { AuthHealthAliasController } from './health/auth-health-alias.controller.js';
import { authHealthDependencies } from './health/auth-health.js';
import { IntrospectionModule } from './introspection/introspection.module.js';
import { KeysModule } from './keys/keys.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UsersModule } from './users/users.module.js';

export const SERVICE_NAME = 'auth-service';

/** Wiring only: every piece is configured from the loaded environment passed in. */
@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        StorageModule.forRoot(config),
        HealthModule.forRoot({
          service: SERVICE_NAME,
          dependencies: {
            useFactory: (db: Database, redis: Redis) => authHealthDependencies(db, redis),
            inject: [Database, AUTH_REDIS],
          },
        }),
        KeysModule,
        TokensModule,
        UsersModule,
        SessionsModule,
        IntrospectionModule,
      ],
      controllers: [AuthHealthAliasController],
    };
  }
}
