import { type SimulatorAdmin } from '@app/stack-client';

import { type LoadGenerator } from '../load/load-generator.js';
import { type MerchantSink } from '../merchant/merchant-sink.js';
import { type StackControl } from '../stack/stack-control.js';
import { type Criterion, type Evidence } from './criteria.js';

export interface ScenarioContext {
  stack: StackControl;
  sim: SimulatorAdmin;
  load: LoadGenerator;
  /** Every virtual user's webhook endpoint; scenarios make merchants fail through it. */
  merchant: MerchantSink;
  /** Users whose endpoint the scenario had disabled on purpose (410): events meanwhile go nowhere. */
  endpointDisabledFor: string[];
  /** Facts about the stack this scenario observed; they land in the report and feed the criteria. */
  facts: Record<string, unknown>;
  log(message: string): void;
  /** ms on the load's clock. */
  now(): number;
  /** Called at the instant the fault is injected (the first call counts): RTO is measured from it. */
  markFault(): void;
}

/** steady load → fault → recovery → checks; the runner does the load and the checks. */
export interface Scenario {
  name: string;
  title: string;
  fault: string;
  passWhen: string;
  ci: boolean;
  /** The alert of deploy/monitoring/stayup-rules.yml this fault must set off, and that must resolve after. */
  alert?: string;
  steadyMs?: number;
  /** Load kept running after `recover` returned, to show it stays recovered. */
  afterMs?: number;
  /** The simulator keeps its counters through the scenario (false when the fault restarts it). */
  providerComparable?: boolean;
  /** Payments may be left `processing` by the fault: wait this long for the reconciler. */
  settleMs?: number;
  /** Why the scenario cannot run against this stack yet; undefined when it can. */
  notRunnable?(ctx: Omit<ScenarioContext, 'load' | 'endpointDisabledFor'>): Promise<string | undefined>;
  /** Injects the fault and returns when the fault is over (held faults hold here). */
  inject(ctx: ScenarioContext): Promise<void>;
  /** Returns when the stack has recovered (bounded); records facts on the way. */
  recover(ctx: ScenarioContext): Promise<void>;
  criteria(e: Evidence): Criterion[];
}
