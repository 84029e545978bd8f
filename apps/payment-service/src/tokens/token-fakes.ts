import { type IntrospectionResponse } from '@app/auth-contract';

import { type CachedClaims } from './authenticated-user.js';
import { Introspector, LocalVerifier, RevocationDenylist, TokenCache } from './token-ports.js';
import { AuthUnavailableError } from './tokens.errors.js';

// Hand-written fakes of TokenValidator's ports, for unit tests (ESM Jest has no jest.mock).

export class FakeTokenCache extends TokenCache {
  readonly entries = new Map<string, CachedClaims>();

  async get(key: string): Promise<CachedClaims | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, claims: CachedClaims): Promise<void> {
    this.entries.set(key, claims);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export class FakeIntrospector extends Introspector {
  calls = 0;
  answer: IntrospectionResponse | 'unreachable' = { active: false };

  async introspect(): Promise<IntrospectionResponse> {
    this.calls += 1;
    if (this.answer === 'unreachable') throw new Error('connect ECONNREFUSED');
    return this.answer;
  }
}

export class FakeLocalVerifier extends LocalVerifier {
  calls = 0;
  claims: CachedClaims | undefined | 'no-keys';

  async verify(): Promise<CachedClaims | undefined> {
    this.calls += 1;
    if (this.claims === 'no-keys') throw new AuthUnavailableError();
    return this.claims;
  }
}

export class FakeDenylist extends RevocationDenylist {
  readonly revoked = new Set<string>();
  available = true;

  async isRevoked(jti: string): Promise<boolean | undefined> {
    return this.available ? this.revoked.has(jti) : undefined;
  }
}
