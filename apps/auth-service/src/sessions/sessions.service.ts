import { type AccessTokenClaims } from '@app/auth-contract';
import { type LoginThrottle } from '../brute-force/login-throttle.js';
import { type PasswordHasher } from '../passwords/password-hasher.js';
import { type AccessTokens } from '../tokens/access-tokens.js';
import { type Revocations } from '../tokens/revocations.js';
import { normaliseEmail, type UsersStore } from '../users/users.store.js';
import { type RefreshTokens } from './refresh-tokens.service.js';
import {
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  TooManyAttemptsError,
} from './sessions.errors.js';
import { type TokenPair, toTokenPair } from './token-pair.presenter.js';

export class SessionsService {
  constructor(
    private readonly users: UsersStore,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly revocations: Revocations,
  ) {}

  async login(email: string, password: string, ip: string): Promise<TokenPair> {
    const account = normaliseEmail(email);
    const decision = await this.throttle.check(account, ip);
    if (!decision.allowed) throw new TooManyAttemptsError(decision.retryAfterSeconds);

    const user = await this.users.findByEmail(account);
    // Unknown accounts pay for a hash too, so both failures look and last the same.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDummy(password);
    if (!user || !valid) {
      await this.throttle.recordFailure(account, ip);
      throw new InvalidCredentialsError();
    }
    await this.throttle.recordSuccess(account, decision);
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.hasher.hash(password));
    }
    const refresh = await this.refreshTokens.issue(user.id);
    return this.pair(user.id, refresh.familyId, refresh.token);
  }

  async refresh(presented: string): Promise<TokenPair> {
    const outcome = await this.refreshTokens.rotate(presented);
    switch (outcome.kind) {
      case 'rotated':
        return this.pair(outcome.userId, outcome.familyId, outcome.token);
      case 'reused':
      case 'invalid':
        throw new InvalidRefreshTokenError();
    }
  }

  /** Revokes the access token and its refresh family (from the `sid` claim, or the refresh token given). */
  async logout(token: string, claims: AccessTokenClaims, refreshToken?: string): Promise<void> {
    await this.revocations.revoke(token, claims);
    const families = new Set<string>();
    if (claims.sid) families.add(claims.sid);
    if (refreshToken) {
      const family = await this.refreshTokens.familyOf(refreshToken, claims.sub);
      if (family) families.add(family);
    }
    for (const family of families) await this.refreshTokens.revokeFamily(family);
  }

  private async pair(userId: string, familyId: string, refreshToken: string): Promise<TokenPair> {
    return toTokenPair(await this.accessTokens.issue(userId, familyId), refreshToken);
  }
}
