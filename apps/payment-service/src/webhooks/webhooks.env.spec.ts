import { randomBytes } from 'node:crypto';

import { ConfigError, loadConfig } from '@app/config';
import { describe, expect, it } from '@jest/globals';

import { webhookSettingsFromEnv, WebhooksEnv } from './webhooks.env.js';

const KEK = randomBytes(32).toString('base64');
const load = (env: NodeJS.ProcessEnv) =>
  webhookSettingsFromEnv(loadConfig({ webhooks: WebhooksEnv }, { KEY_ENCRYPTION_KEY: KEK, ...env }).webhooks);

describe(WebhooksEnv.name, () => {
  it('defaults to the Svix schedule, a 15 s timeout and no private or http targets', () => {
    const sut = load({});
    expect(sut.retryScheduleMs).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(sut.deliveryTimeoutMs).toBe(15_000);
    expect(sut.targets).toEqual({ allowPrivate: false, allowHttp: false });
    expect(sut.pspRetentionSeconds).toBe(72 * 3_600);
  });

  it('reads a schedule in seconds and scales it down', () => {
    const sut = load({
      WEBHOOK_RETRY_SCHEDULE: '0, 1, 5',
      WEBHOOK_RETRY_TIME_SCALE: '0.5',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    expect(sut.retryScheduleMs).toEqual([0, 500, 2_500]);
    expect(sut.targets.allowPrivate).toBe(true);
  });

  it('names every bad key: a non-numeric schedule, a retention under 3 days, a short secret', () => {
    let error: unknown;
    try {
      load({
        WEBHOOK_RETRY_SCHEDULE: '0,soon',
        PSP_WEBHOOK_RETENTION_HOURS: '24',
        PSP_WEBHOOK_SECRET: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys.sort()).toEqual([
      'PSP_WEBHOOK_RETENTION_HOURS',
      'PSP_WEBHOOK_SECRET',
      'WEBHOOK_RETRY_SCHEDULE',
    ]);
  });
});
