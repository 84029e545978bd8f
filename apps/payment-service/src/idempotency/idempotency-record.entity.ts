import { Column, Entity, PrimaryColumn } from 'typeorm';

export type IdempotencyStatus = 'in_flight' | 'completed';

// One row per (user, key): the database, not Redis, decides who owns a key and what it answered.
@Entity({ name: 'idempotency_keys' })
export class IdempotencyRecordEntity {
  @PrimaryColumn('text', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text')
  key: string;

  @Column('text')
  fingerprint: string;

  @Column('text')
  status: IdempotencyStatus;

  /** Fencing token: changes on every (re)claim so a stale owner cannot complete the key. */
  @Column('uuid', { name: 'lock_token' })
  lockToken: string;

  @Column('timestamptz', { name: 'locked_at' })
  lockedAt: Date;

  @Column('uuid', { name: 'resource_id', nullable: true })
  resourceId: string | null;

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  /** Legacy: keys completed before migration 1764800000000 stored the answer as jsonb. */
  @Column('jsonb', { name: 'response_body', nullable: true })
  responseBody: unknown;

  /** The exact bytes of the first answer. */
  @Column('text', { name: 'response_raw', nullable: true })
  responseRaw: string | null;

  @Column('text', { name: 'response_content_type', nullable: true })
  responseContentType: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
