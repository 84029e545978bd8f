import { Module } from '@nestjs/common';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG } from '../config/tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { loadBundledBlocklist, PasswordPolicy } from './password-policy.js';

export const PASSWORD_MAX_LENGTH = 128;

/** One hasher for the whole service: it holds the dummy hash that evens out unknown-email logins. */
@Module({
  providers: [
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    {
      provide: PasswordPolicy,
      useFactory: ({ auth }: AuthConfig) =>
        new PasswordPolicy({ minLength: auth.PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, blocklist: loadBundledBlocklist() }),
      inject: [AUTH_CONFIG],
    },
  ],
  exports: [PasswordHasher, PasswordPolicy],
})
export class PasswordsModule {}
