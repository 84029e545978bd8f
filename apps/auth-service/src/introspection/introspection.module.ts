import { Module } from '@nestjs/common';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG } from '../config/tokens.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { IntrospectionClients } from './introspection-clients.js';
import { IntrospectionController } from './introspection.controller.js';

/** RFC 7662 token introspection for other services, behind service credentials. */
@Module({
  imports: [TokensModule],
  controllers: [IntrospectionController],
  providers: [
    {
      provide: IntrospectionClients,
      useFactory: ({ auth }: AuthConfig) => new IntrospectionClients(auth.INTROSPECTION_CLIENTS),
      inject: [AUTH_CONFIG],
    },
  ],
})
export class IntrospectionModule {}
