import { ValidationProblemError } from '@app/problem-details';
import { type PasswordHasher } from '../passwords/password-hasher.js';
import { type PasswordPolicy } from '../passwords/password-policy.js';
import { type PublicUser, toPublicUser } from './user.presenter.js';
import { normaliseEmail, type UsersStore } from './users.store.js';

export class UsersService {
  constructor(
    private readonly users: UsersStore,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
  ) {}

  async register(email: string, password: string): Promise<PublicUser> {
    const violation = this.policy.violation(password, email);
    if (violation)
      throw new ValidationProblemError([{ field: 'password', message: `password ${violation}` }]);
    const passwordHash = await this.hasher.hash(password);
    return toPublicUser(await this.users.insert(normaliseEmail(email), passwordHash));
  }

  async profile(id: string): Promise<PublicUser | undefined> {
    const user = await this.users.findById(id);
    return user ? toPublicUser(user) : undefined;
  }
}
