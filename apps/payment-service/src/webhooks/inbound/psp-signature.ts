import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'unsigned' | 'bad_signature' | 'stale_timestamp' | 'future_timestamp';

/**
 * `Psp-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (Stripe's scheme): HMAC-SHA256 of
 * `"{t}.{raw body bytes}"`. Several v1 entries allow a secret roll; unknown schemes are ignored.
 * The signature is checked first, so a forged request is always "bad_signature", never "stale".
 */
export function checkPspSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string | undefined,
  toleranceSeconds: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'unsigned';
  if (secret === undefined) return 'bad_signature';
  const { timestamp, signatures } = parseHeader(header);
  if (timestamp === undefined || signatures.length === 0) return 'bad_signature';
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const matches = signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return 'bad_signature';
  if (timestamp < nowSeconds - toleranceSeconds) return 'stale_timestamp';
  if (timestamp > nowSeconds + toleranceSeconds) return 'future_timestamp';
  return 'valid';
}

function parseHeader(header: string): { timestamp?: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? '')) signatures.push(value);
  }
  return { timestamp, signatures };
}
