import { type MigrationInterface, type QueryRunner } from 'typeorm';

// Inbound provider event ids (dedupe), merchant endpoints, and the outbox: events + deliveries.
export class CreateWebhooks1763790000000 implements MigrationInterface {
  name = 'CreateWebhooks1763790000000';

  async up(db: QueryRunner): Promise<void> {
    // The primary key is the exactly-once guarantee: a second delivery of an event id waits on it, then does nothing.
    await db.query(`
      CREATE TABLE psp_webhook_events (
        event_id text PRIMARY KEY CHECK (char_length(event_id) BETWEEN 1 AND 255),
        type text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
        reason text,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX psp_webhook_events_received_at ON psp_webhook_events (received_at)`);

    await db.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        user_id text NOT NULL,
        url text NOT NULL CHECK (char_length(url) <= 2048),
        events text[] NOT NULL DEFAULT '{}',
        secret text NOT NULL,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_endpoints_user_id ON webhook_endpoints (user_id)`);

    // The outbox: one row per state change, written in the changing transaction; body is the exact bytes sent.
    await db.query(`
      CREATE TABLE webhook_events (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        type text NOT NULL,
        resource_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_events_resource_id ON webhook_events (resource_id)`);

    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        event_id text NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        lease_token uuid,
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_event_endpoint_unique UNIQUE (event_id, endpoint_id)
      )`);
    await db.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(`CREATE INDEX webhook_deliveries_endpoint_id ON webhook_deliveries (endpoint_id)`);
    await db.query(
      `CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (updated_at) WHERE status = 'dead'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_events`);
    await db.query(`DROP TABLE webhook_endpoints`);
    await db.query(`DROP TABLE psp_webhook_events`);
  }
}
