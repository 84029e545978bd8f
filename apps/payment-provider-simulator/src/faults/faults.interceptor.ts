import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';

import { ProviderError } from '../shared/provider.error.js';
import { Sleeper } from '../shared/sleep.js';
import { type ProviderRoute, StatsService } from '../shared/stats.service.js';
import { FaultsService } from './faults.service.js';

const PROVIDER_ROUTE = 'simulator:provider-route';

/** Marks a handler as part of the provider API: counted, and subject to injected faults. */
export const ProviderRouteOf = (route: ProviderRoute) => SetMetadata(PROVIDER_ROUTE, route);

@Injectable()
export class FaultsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: FaultsService,
    private readonly stats: StatsService,
    private readonly sleeper: Sleeper,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<ProviderRoute | undefined>(PROVIDER_ROUTE, context.getHandler());
    if (route === undefined) return next.handle();
    // Counted before faults, so a test sees every request that reached the provider.
    this.stats.countRequest(route);
    const faults = this.faults.current;
    if (faults.outage) {
      throw new ProviderError(503, 'api_error', 'provider_outage', 'The provider is unavailable.');
    }
    if (this.faults.shouldFailRequest()) {
      throw new ProviderError(500, 'api_error', 'injected_error', 'An injected provider error.');
    }
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await this.sleeper.sleep(faults.latency_ms);
        return body;
      }),
    );
  }
}
