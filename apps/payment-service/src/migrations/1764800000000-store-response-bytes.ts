import { type MigrationInterface, type QueryRunner } from 'typeorm';

// Replays send the first answer's exact bytes, not a jsonb value whose keys Postgres reorders.
// Nullable columns without a default: a catalogue change, no table rewrite, no long lock.
export class StoreResponseBytes1764800000000 implements MigrationInterface {
  name = 'StoreResponseBytes1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE idempotency_keys ADD COLUMN response_raw text, ADD COLUMN response_content_type text`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE idempotency_keys DROP COLUMN response_raw, DROP COLUMN response_content_type`,
    );
  }
}
