/** The durable denylist (database): the authority the Redis copy is re-seeded from. */
export interface RevokedTokenStore {
  insert(jti: string, expiresAt: Date): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  listLive(): Promise<{ jti: string; expiresAt: Date }[]>;
}

/** The fast denylist (Redis) that every token consumer reads, plus the revocation channel. */
export interface RevocationCache {
  add(jti: string, ttlSeconds: number): Promise<void>;
  /** undefined when Redis cannot answer. */
  has(jti: string): Promise<boolean | undefined>;
  publish(message: string): Promise<void>;
}
