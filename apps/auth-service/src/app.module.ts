import { HealthModule } from '@app/health';
import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuthController } from './auth/auth.controller.js';
import { BearerAuthGuard } from './auth/bearer-auth.guard.js';
import { AuthRuntime } from './auth-runtime.js';
import { AUTH_CONFIG } from './config/tokens.js';
import { AuthHealthAliasController } from './health/auth-health-alias.controller.js';
import { IntrospectionClients } from './introspection/introspection-clients.js';
import { IntrospectionController } from './introspection/introspection.controller.js';
import { JwksController } from './keys/jwks.controller.js';
import { KeyRing } from './keys/key-ring.js';
import { SessionsService } from './sessions/sessions.service.js';
import { TokenAuthenticator } from './tokens/token-authenticator.js';
import { UsersService } from './users/users.service.js';

/** Owns the runtime's lifecycle inside Nest: keys ready before traffic, connections closed last. */
class RuntimeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AuthRuntime) private readonly runtime: AuthRuntime) {}

  onApplicationBootstrap(): Promise<void> {
    return this.runtime.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runtime.close();
  }
}

// Global: controllers and the health module's factory read the runtime's parts.
@Global()
@Module({})
class AuthRuntimeModule {
  static forRoot(runtime: AuthRuntime): DynamicModule {
    return {
      module: AuthRuntimeModule,
      providers: [
        { provide: AuthRuntime, useValue: runtime },
        { provide: AUTH_CONFIG, useValue: runtime.config },
        { provide: KeyRing, useValue: runtime.ring },
        { provide: TokenAuthenticator, useValue: runtime.authenticator },
        { provide: UsersService, useValue: runtime.users },
        { provide: SessionsService, useValue: runtime.sessions },
        { provide: IntrospectionClients, useValue: runtime.introspectionClients },
        RuntimeLifecycle,
      ],
      exports: [
        AuthRuntime,
        AUTH_CONFIG,
        KeyRing,
        TokenAuthenticator,
        UsersService,
        SessionsService,
        IntrospectionClients,
      ],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(runtime: AuthRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthRuntimeModule.forRoot(runtime),
        HealthModule.forRoot({
          service: 'auth-service',
          dependencies: { useFactory: (r: AuthRuntime) => r.healthDependencies(), inject: [AuthRuntime] },
        }),
      ],
      controllers: [AuthController, JwksController, IntrospectionController, AuthHealthAliasController],
      providers: [BearerAuthGuard],
    };
  }
}
