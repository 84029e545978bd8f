import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AuthSchema1763780000000 implements MigrationInterface {
  name = 'AuthSchema1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(btrim(email))),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        algorithm text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_key_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        verify_until timestamptz
      )`);
    // At most one active (signing) key, whatever two replicas do at once.
    await db.query(
      `CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash)`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);

    await db.query(`
      CREATE TABLE revoked_tokens (
        jti text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)`);

    await db.query(`
      CREATE TABLE login_throttles (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        reset_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['login_throttles', 'revoked_tokens', 'refresh_tokens', 'signing_keys', 'users']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
