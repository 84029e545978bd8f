import { Column, Entity, PrimaryColumn } from 'typeorm';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

@Entity({ name: 'refunds' })
export class RefundEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'payment_id' })
  paymentId: string;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column('integer')
  amount: number;

  @Column('text')
  currency: string;

  @Column('text')
  status: RefundStatus;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode: string | null;

  @Column('text', { name: 'provider_refund_id', nullable: true })
  providerRefundId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
