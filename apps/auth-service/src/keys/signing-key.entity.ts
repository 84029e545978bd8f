import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  /** RFC 7638 thumbprint of the public key. */
  @PrimaryColumn({ type: 'text' })
  kid: string;

  @Column({ type: 'text' })
  algorithm: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: Record<string, string>;

  /** PKCS#8 private key sealed with AES-256-GCM under KEY_ENCRYPTION_KEY (aad = kid). */
  @Column({ name: 'private_key_sealed', type: 'text' })
  privateKeySealed: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when a newer key takes over signing; null for the active key. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** After this no token it signed can be live: it leaves the JWKS. */
  @Column({ name: 'verify_until', type: 'timestamptz', nullable: true })
  verifyUntil: Date | null;
}
