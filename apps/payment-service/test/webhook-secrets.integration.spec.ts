import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@app/config';
import { type Database, DatabaseEnv } from '@app/database';
import { KeyCipher } from '@app/sealing';
import { type PgCluster, startPostgres } from '@app/testing';

import { openPaymentDatabase } from '../src/database/storage.providers.js';
import { resealWebhookSecrets } from '../src/webhooks/endpoints/reseal-webhook-secrets.js';
import { WebhookSecrets } from '../src/webhooks/endpoints/webhook-secrets.js';
import { generateEndpointSecret } from '../src/webhooks/outbound/standard-webhook.signature.js';
import { uuidV7 } from '../src/shared/uuid-v7.js';

const aKey = (): string => randomBytes(32).toString('base64');

/** Runs a one-shot CLI (src/cli/*.ts, as `node dist/cli/*.js` would) in this process with `env`. */
async function runCli(
  script: 'migrate' | 'reseal-webhook-secrets',
  env: Record<string, string>,
): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    await import(`../src/cli/${script}.js?run=${randomBytes(4).toString('hex')}`);
  } finally {
    process.env = saved;
  }
}

// Real PostgreSQL: rows as the previous release wrote them (plain `whsec_…`), then the migrate
// command that seals them, then a KEY_ENCRYPTION_KEY rotation and the re-seal command
// (cli/reseal-webhook-secrets, deploy/runbooks/webhook-secret-key-rotation.md).
describe(resealWebhookSecrets.name, () => {
  let pg: PgCluster;
  let db: Database;
  let writerUrl: string;
  const plain = new Map<string, string>();

  const stored = async (): Promise<Map<string, string>> => {
    const rows = (await db.writer.query(`SELECT id, secret FROM webhook_endpoints`)) as {
      id: string;
      secret: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.secret]));
  };

  beforeAll(async () => {
    pg = await startPostgres({ replica: false });
    ({ writerUrl } = await pg.createDatabase('payments'));
    const { db: env } = loadConfig({ db: DatabaseEnv }, { DB_WRITER_URL: writerUrl, DB_READER_URLS: '' });
    db = await openPaymentDatabase(env);
    await db.runMigrations();
    // The INSERT the previous release ran: the secret as plain text.
    for (let i = 0; i < 3; i++) {
      const id = uuidV7();
      const secret = generateEndpointSecret();
      plain.set(id, secret);
      await db.writer.query(
        `INSERT INTO webhook_endpoints (id, user_id, url, events, secret) VALUES ($1, $2, $3, $4, $5)`,
        [id, uuidV7(), `https://merchant.example/hooks/${i}`, [], secret],
      );
    }
  });

  afterAll(async () => {
    await db?.close();
    await pg?.close();
  });

  const oldKey = aKey();
  const newKey = aKey();

  it('migrate seals every plaintext secret an older release stored, each still opening to the same secret', async () => {
    await runCli('migrate', { DB_WRITER_URL: writerUrl, DB_READER_URLS: '', KEY_ENCRYPTION_KEY: oldKey });
    const secrets = WebhookSecrets.fromKeys([oldKey]);
    for (const [id, text] of await stored()) {
      expect(text).not.toContain('whsec_');
      expect(secrets.open(id, text)).toBe(plain.get(id));
    }
  });

  it('does nothing on a second run', async () => {
    const before = await stored();
    await expect(resealWebhookSecrets(db.writer, WebhookSecrets.fromKeys([oldKey]))).resolves.toEqual({
      endpoints: 3,
      resealed: 0,
    });
    expect(await stored()).toEqual(before);
  });

  it('after a key rotation re-seals under the new key, and the old key is no longer needed', async () => {
    const rotating = WebhookSecrets.fromKeys([newKey, oldKey]);
    // Mid-rotation, before the re-seal, the relay opens old-key rows.
    for (const [id, text] of await stored()) expect(rotating.open(id, text)).toBe(plain.get(id));

    await runCli('reseal-webhook-secrets', {
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: '',
      KEY_ENCRYPTION_KEY: newKey,
      KEY_ENCRYPTION_KEY_PREVIOUS: oldKey,
    });

    const newOnly = new WebhookSecrets(new KeyCipher(newKey));
    const oldOnly = new WebhookSecrets(new KeyCipher(oldKey));
    for (const [id, text] of await stored()) {
      expect(newOnly.open(id, text)).toBe(plain.get(id));
      expect(() => oldOnly.open(id, text)).toThrow();
    }
  });

  it('refuses to re-seal with a key that opens nothing, changing no row', async () => {
    const before = await stored();
    await expect(resealWebhookSecrets(db.writer, WebhookSecrets.fromKeys([aKey()]))).rejects.toThrow(
      /does not open under any configured key/,
    );
    expect(await stored()).toEqual(before);
  });
});
