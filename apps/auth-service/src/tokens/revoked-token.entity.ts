import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The durable copy of the Redis jti denylist: a Redis restart is re-seeded from here. */
@Entity({ name: 'revoked_tokens' })
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'text' })
  jti: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
