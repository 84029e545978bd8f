import { type MigrationInterface, type QueryRunner } from 'typeorm';

// Constraints repeat the domain rules so a bug in code cannot store an impossible payment.
export class CreatePayments1763780000000 implements MigrationInterface {
  name = 'CreatePayments1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        user_id text NOT NULL,
        idempotency_key text NOT NULL,
        amount integer NOT NULL CHECK (amount BETWEEN 1 AND 99999999),
        amount_refunded integer NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed', 'partially_refunded', 'refunded')),
        payment_method text NOT NULL,
        description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        failure_code text,
        provider_charge_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_user_key_unique UNIQUE (user_id, idempotency_key)
      )`);
    await db.query(`CREATE INDEX payments_user_id_desc ON payments (user_id, id DESC)`);
    await db.query(`CREATE INDEX payments_processing ON payments (updated_at) WHERE status = 'processing'`);

    await db.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES payments (id),
        user_id text NOT NULL,
        idempotency_key text NOT NULL,
        amount integer NOT NULL CHECK (amount BETWEEN 1 AND 99999999),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        failure_code text,
        provider_refund_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refunds_user_key_unique UNIQUE (user_id, idempotency_key)
      )`);
    await db.query(`CREATE INDEX refunds_payment_id ON refunds (payment_id)`);
    await db.query(`CREATE INDEX refunds_pending ON refunds (updated_at) WHERE status = 'pending'`);

    await db.query(`
      CREATE TABLE idempotency_keys (
        user_id text NOT NULL,
        key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
        fingerprint text NOT NULL,
        status text NOT NULL CHECK (status IN ('in_flight', 'completed')),
        lock_token uuid NOT NULL,
        locked_at timestamptz NOT NULL,
        resource_id uuid,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, key),
        CHECK ((status = 'completed') = (response_status IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
    await db.query(`DROP TABLE refunds`);
    await db.query(`DROP TABLE payments`);
  }
}
