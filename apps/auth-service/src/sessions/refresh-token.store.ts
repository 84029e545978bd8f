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

export interface RefreshTokenStore {
  insert(token: NewRefreshToken): Promise<void>;
  /** Runs `work` in one transaction holding a row lock on the token (null when unknown). */
  withLockedToken<T>(
    tokenHash: string,
    work: (row: RefreshTokenRow | null, tx: LockedRefreshTokens) => Promise<T>,
  ): Promise<T>;
  revokeFamily(familyId: string): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRow | null>;
}
