import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

// A JWS check written against RFC 7515/7519 with node:crypto (OpenSSL) only: neither jose nor
// the service's code, so a bug shared by both cannot hide here.
export interface Jwk {
  kid: string;
  kty: string;
  crv: string;
  x: string;
  alg?: string;
}

const b64json = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

export function verifyIndependently(
  token: string,
  jwks: { keys: Jwk[] },
  expected: { iss: string; aud: string },
): Record<string, unknown> {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) throw new Error('not a compact JWS');
  const header = b64json(h);
  if (header['alg'] !== 'EdDSA' || header['typ'] !== 'at+jwt')
    throw new Error(`unexpected header ${JSON.stringify(header)}`);
  const jwk = jwks.keys.find((key) => key.kid === header['kid']);
  if (!jwk) throw new Error('kid not in JWKS');
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
    throw new Error('bad signature');
  const claims = b64json(p);
  const now = Math.floor(Date.now() / 1000);
  if (claims['iss'] !== expected.iss || claims['aud'] !== expected.aud) throw new Error('wrong iss/aud');
  if (typeof claims['exp'] !== 'number' || claims['exp'] <= now) throw new Error('expired');
  return claims;
}

/** Builds a compact JWS by hand, for forgeries the service must refuse. */
export function forgeJws(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  privateKey?: KeyObject,
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = privateKey ? sign(null, Buffer.from(input), privateKey).toString('base64url') : '';
  return `${input}.${signature}`;
}
