import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Brute-force counters used while Redis is unreachable. */
@Entity({ name: 'login_throttles' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'reset_at', type: 'timestamptz' })
  resetAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
