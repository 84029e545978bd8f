import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  OtlpReceiver,
  type PgCluster,
  type ReceivedSpan,
  type RedisServer,
  runOnce,
  type ServiceProcess,
  SPAN_KIND,
  startPostgres,
  startRedis,
  startService,
} from '@app/testing';
import { TRACING_NODE_ARGS } from '@app/tracing';

import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { RealAuth } from './support/real-auth.js';
import { Simulator } from './support/real-simulator.js';
import { WebhooksReceiver } from './support/webhooks-receiver.js';

const nodeArgs = [...TRACING_NODE_ARGS];
const PSP_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

/** What nginx passes through unchanged: a client's own W3C trace context. */
const aTraceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

/**
 * One payment create across real processes, each started the way the stack starts it (with the
 * tracing preload) and exporting to an in-test OTLP receiver: payment-service, the provider
 * simulator it calls, the provider's webhook back into payment-service, and auth-service.
 */
describe('tracing across the services (e2e)', () => {
  let pg: PgCluster;
  let redis: RedisServer;
  let receiver: OtlpReceiver;
  let auth: RealAuth;
  let simulator: Simulator;
  let payment: ServiceProcess;
  let token: string;
  let merchant: WebhooksReceiver;

  beforeAll(async () => {
    [pg, redis, receiver, merchant] = await Promise.all([
      startPostgres(),
      startRedis(),
      OtlpReceiver.start(),
      WebhooksReceiver.start(),
    ]);
    // A short batch delay, so spans reach the receiver within the test.
    const otel = (service: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: service,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const [paymentsDb, authDb] = [await pg.createDatabase('payments'), await pg.createDatabase('auth')];
    // One after another: each takes a free port only when it starts listening.
    auth = await RealAuth.start({ writerUrl: authDb.writerUrl, redisUrl: redis.url, env: otel('auth-service'), nodeArgs });
    simulator = await Simulator.start({ nodeArgs, env: otel('payment-provider-simulator') });
    const env = {
      ...otel('payment-service'),
      LOG_LEVEL: 'info',
      DB_WRITER_URL: paymentsDb.writerUrl,
      DB_READER_URLS: paymentsDb.readerUrl,
      DB_POOL_MAX: '4',
      REDIS_URL: redis.url,
      PSP_URL: simulator.url,
      PSP_WEBHOOK_SECRET,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RECONCILER_INTERVAL_MS: '0',
      IDEMPOTENCY_PURGE_INTERVAL_MS: '0',
      SHUTDOWN_DRAIN_MS: '0',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_RELAY_INTERVAL_MS: '100',
      ...auth.env,
    };
    await runOnce({ entry: 'apps/payment-service/dist/cli/migrate.js', env });
    await pg.waitForReplica();
    payment = await startService({
      entry: 'apps/payment-service/dist/main.js',
      nodeArgs,
      env,
      readyPath: '/health/ready',
      name: 'payment-service',
    });
    await simulator.sendWebhooksTo(`${payment.url}/webhooks/psp`, PSP_WEBHOOK_SECRET);
    token = (await auth.signUp()).accessToken;
  });

  afterAll(async () => {
    await payment?.close();
    await simulator?.service.close();
    await auth?.service.close();
    await receiver?.close();
    await merchant?.close();
    await redis?.close();
    await pg?.close();
  });

  const createPayment = async (headers: Record<string, string> = {}, bearer = token) => {
    const res = await fetch(`${payment.url}/payments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'idempotency-key': aKey(),
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(aPaymentRequest()),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  /** The trace's spans once `done` holds for them (exports are batched, so they arrive late). */
  const traceWhen = async (traceId: string, done: (spans: ReceivedSpan[]) => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done(receiver.trace(traceId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return receiver.trace(traceId);
  };
  const servers = (spans: ReceivedSpan[], service: string) =>
    spans.filter((s) => s.service === service && s.kind === SPAN_KIND.server);
  const parentOf = (spans: ReceivedSpan[], span: ReceivedSpan | undefined) =>
    span && spans.find((s) => s.spanId === span.parentSpanId);
  /** The hops of one create, as far as they have arrived: client → payment → provider → payment. */
  const hopsOf = (spans: ReceivedSpan[], clientSpanId: string) => {
    const create = servers(spans, 'payment-service').find((s) => s.parentSpanId === clientSpanId);
    const charge = servers(spans, 'payment-provider-simulator')[0];
    const webhook = servers(spans, 'payment-service').find((s) => s !== create);
    return { create, charge, chargeCall: parentOf(spans, charge), webhookCall: parentOf(spans, webhook) };
  };

  it("continues the client's trace through payment-service, the provider and the provider's webhook back", async () => {
    const traceparent = aTraceparent();
    const [, traceId, clientSpanId] = traceparent.split('-');

    await createPayment({ traceparent });
    const spans = await traceWhen(traceId, (s) => hopsOf(s, clientSpanId).webhookCall !== undefined);
    const hops = hopsOf(spans, clientSpanId);

    // payment-service's request span is the child of the client's span; the provider's charge is
    // the child of payment-service's outbound call, made inside that request.
    expect(hops.create).toBeDefined();
    expect(hops.chargeCall).toMatchObject({ service: 'payment-service', kind: SPAN_KIND.client });
    expect(ancestorsOf(spans, hops.chargeCall!)).toContain(hops.create!.spanId);
    // The provider's webhook into payment-service is part of the same trace, sent from the charge.
    expect(hops.webhookCall).toMatchObject({ service: 'payment-provider-simulator', kind: SPAN_KIND.client });
    expect(ancestorsOf(spans, hops.webhookCall!)).toContain(hops.charge!.spanId);
  });

  it("includes auth-service's token check, made the first time payment-service sees a token", async () => {
    const traceparent = aTraceparent();
    const [, traceId, clientSpanId] = traceparent.split('-');

    await createPayment({ traceparent }, (await auth.signUp()).accessToken);
    const spans = await traceWhen(traceId, (s) => servers(s, 'auth-service').length > 0 && hopsOf(s, clientSpanId).create !== undefined);

    const introspect = servers(spans, 'auth-service')[0];
    expect(introspect).toBeDefined();
    expect(ancestorsOf(spans, introspect)).toContain(hopsOf(spans, clientSpanId).create!.spanId);
  });

  it('starts a trace in payment-service when the request carries none, and the provider joins it', async () => {
    const before = new Set(receiver.spans.map((s) => s.spanId));

    await createPayment();
    const roots = await waitFor(() =>
      receiver.spans.filter(
        (s) => !before.has(s.spanId) && s.service === 'payment-service' && s.kind === SPAN_KIND.server && s.parentSpanId === '',
      ),
    );

    const trace = await traceWhen(roots[0].traceId, (s) => servers(s, 'payment-provider-simulator').length >= 1);
    expect(servers(trace, 'payment-provider-simulator')).toHaveLength(1);
  });

  it("sends the merchant's webhook with the trace of the payment that caused it, through the outbox", async () => {
    const { accessToken } = await auth.signUp();
    const endpoint = await fetch(`${payment.url}/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: merchant.url }),
    });
    expect(endpoint.status).toBe(201);
    const traceparent = aTraceparent();
    const traceId = traceparent.split('-')[1];

    const { id } = await createPayment({ traceparent }, accessToken);
    const [delivery] = await waitFor(() => merchant.received.filter((r) => r.body.includes(id)));

    expect(String(delivery?.headers['traceparent'])).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it("writes the request's trace id and span id in payment-service's log lines", async () => {
    const traceparent = aTraceparent();
    const traceId = traceparent.split('-')[1];

    await createPayment({ traceparent });
    const spans = await traceWhen(traceId, (s) => servers(s, 'payment-service').length >= 1);

    const lines = payment
      .logs()
      .split('\n')
      .filter((line) => line.includes(traceId))
      .map((line) => JSON.parse(line) as { trace_id: string; span_id: string; msg: string });
    expect(lines.length).toBeGreaterThan(0);
    const spanIds = new Set(spans.map((s) => s.spanId));
    for (const line of lines) {
      expect(line.trace_id).toBe(traceId);
      expect(spanIds.has(line.span_id)).toBe(true);
    }
  });
});

function ancestorsOf(spans: ReceivedSpan[], span: ReceivedSpan): string[] {
  const ids: string[] = [];
  for (let parent = span.parentSpanId; parent; parent = spans.find((s) => s.spanId === parent)?.parentSpanId ?? '')
    ids.push(parent);
  return ids;
}

async function waitFor<T>(find: () => T[]): Promise<T[]> {
  const deadline = Date.now() + 10_000;
  while (find().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return find();
}
