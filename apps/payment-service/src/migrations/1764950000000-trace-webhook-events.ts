import { type MigrationInterface, type QueryRunner } from 'typeorm';

// The W3C traceparent of the request that caused the event: its deliveries continue that trace
// (ADR 0009). Nullable without a default: a catalogue change, no table rewrite; null when untraced.
export class TraceWebhookEvents1764950000000 implements MigrationInterface {
  name = 'TraceWebhookEvents1764950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_events ADD COLUMN traceparent text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_events DROP COLUMN traceparent`);
  }
}
