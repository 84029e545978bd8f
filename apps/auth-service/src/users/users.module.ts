import { Module } from '@nestjs/common';
import { Database } from '@app/database';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { PasswordPolicy } from '../passwords/password-policy.js';
import { PasswordsModule } from '../passwords/passwords.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Accounts: registration and the profile; exports its repository for login's lookup. */
@Module({
  imports: [PasswordsModule, TokensModule],
  controllers: [UsersController],
  providers: [
    { provide: UsersRepository, useFactory: (db: Database) => new UsersRepository(db), inject: [Database] },
    {
      provide: UsersService,
      useFactory: (users: UsersRepository, hasher: PasswordHasher, policy: PasswordPolicy) => new UsersService(users, hasher, policy),
      inject: [UsersRepository, PasswordHasher, PasswordPolicy],
    },
  ],
  exports: [UsersRepository],
})
export class UsersModule {}
