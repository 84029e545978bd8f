import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: symmetric secrets are 24–64 random bytes; 32 is Svix's choice. */
const SECRET_BYTES = 32;

/** A new endpoint secret, `whsec_<base64 of 32 random bytes>`. */
export function generateEndpointSecret(random: (size: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(SECRET_BYTES).toString('base64')}`;
}

/** The three Standard Webhooks headers for one attempt: the id is stable, the timestamp is the attempt's. */
export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the base64-decoded secret. */
export function signStandardWebhook(
  secret: string,
  id: string,
  unixSeconds: number,
  body: string,
): StandardWebhookHeaders {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
  const signature = createHmac('sha256', key).update(`${id}.${unixSeconds}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(unixSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}
