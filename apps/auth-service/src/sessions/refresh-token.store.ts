export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** What may be done while the presented token's row is locked. */
export interface LockedRefreshTokens {
  markUsed(id: string): Promise<void>;
  insert(token: NewRefreshToken): Promise<void>;
  revokeFamily(familyId: string): Promise<void>;
}

/** The replacement issued by a rotation; its family and user are the presented token's. */
export type Replacement = Pick<NewRefreshToken, 'tokenHash' | 'expiresAt'>;

export interface RefreshTokenStore {
  insert(token: NewRefreshToken): Promise<void>;
  /**
   * The usual rotation in one statement: marks the presented token used and stores `replacement`
   * in its family, only if it is unused, unrevoked and unexpired at `now`. Undefined otherwise
   * (unknown, reused, revoked, expired, or a twin request won), and then nothing changed.
   */
  rotateIfUsable(presentedHash: string, replacement: Replacement, now: Date): Promise<{ familyId: string; userId: string } | undefined>;
  /** Runs `work` in one transaction holding a row lock on the token (null when unknown). */
  withLockedToken<T>(
    tokenHash: string,
    work: (row: RefreshTokenRow | null, tx: LockedRefreshTokens) => Promise<T>,
  ): Promise<T>;
  revokeFamily(familyId: string): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRow | null>;
}
