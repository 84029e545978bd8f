import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type RefreshTokenStore } from './refresh-token.store.js';

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
}

export type RotationOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; token: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Opaque refresh tokens, stored as SHA-256, single use. Presenting a token that was already
 * used revokes its whole family (OAuth 2.0 Security BCP, Auth0/Hydra reuse detection); no
 * grace period, so a token several generations old is never redeemable.
 */
export class RefreshTokens {
  constructor(
    private readonly store: RefreshTokenStore,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(userId: string, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
    const token = newOpaqueToken();
    await this.store.insert({
      familyId,
      userId,
      tokenHash: hashRefreshToken(token),
      expiresAt: this.expiry(),
    });
    return { token, familyId };
  }

  /** The row lock makes two replicas presented the same token at once agree: one rotates, one sees reuse. */
  async rotate(presented: string): Promise<RotationOutcome> {
    // Nearly every refresh presents a usable token: one statement. Anything else is decided under lock.
    const next = newOpaqueToken();
    const rotated = await this.store.rotateIfUsable(
      hashRefreshToken(presented),
      { tokenHash: hashRefreshToken(next), expiresAt: this.expiry() },
      new Date(this.now()),
    );
    if (rotated) return { kind: 'rotated', ...rotated, token: next };
    return this.store.withLockedToken(
      hashRefreshToken(presented),
      async (row, tx): Promise<RotationOutcome> => {
        if (!row || row.revokedAt || row.expiresAt.getTime() <= this.now()) return { kind: 'invalid' };
        if (row.usedAt) {
          await tx.revokeFamily(row.familyId);
          return { kind: 'reused', userId: row.userId, familyId: row.familyId };
        }
        const token = newOpaqueToken();
        await tx.markUsed(row.id);
        await tx.insert({
          familyId: row.familyId,
          userId: row.userId,
          tokenHash: hashRefreshToken(token),
          expiresAt: this.expiry(),
        });
        return { kind: 'rotated', userId: row.userId, familyId: row.familyId, token };
      },
    );
  }

  revokeFamily(familyId: string): Promise<void> {
    return this.store.revokeFamily(familyId);
  }

  /** The family of `presented` when it belongs to `userId`; another user's token is ignored. */
  async familyOf(presented: string, userId: string): Promise<string | undefined> {
    const row = await this.store.findByHash(hashRefreshToken(presented));
    return row && row.userId === userId ? row.familyId : undefined;
  }

  private expiry(): Date {
    return new Date(this.now() + this.ttlSeconds * 1000);
  }
}

function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}
