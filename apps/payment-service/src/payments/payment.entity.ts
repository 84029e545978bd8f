import { Column, Entity, PrimaryColumn } from 'typeorm';

import { type PaymentStatus } from './payment-status.js';

// Schema lives in migrations/; this mapping only reads and writes it (synchronize is never on).
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column('integer')
  amount: number;

  @Column('integer', { name: 'amount_refunded' })
  amountRefunded: number;

  @Column('text')
  currency: string;

  @Column('text')
  status: PaymentStatus;

  @Column('text', { name: 'payment_method' })
  paymentMethod: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('jsonb')
  metadata: Record<string, string>;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode: string | null;

  @Column('text', { name: 'provider_charge_id', nullable: true })
  providerChargeId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
