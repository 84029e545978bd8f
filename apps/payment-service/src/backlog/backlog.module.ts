import { Module } from '@nestjs/common';

import { BacklogMetrics } from './backlog.metrics.js';

/** The outbox and reconciler backlogs as gauges on /metrics (read on scrape). */
@Module({ providers: [BacklogMetrics] })
export class BacklogModule {}
