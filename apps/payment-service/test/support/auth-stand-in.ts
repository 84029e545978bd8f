import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type IntrospectionResponse } from '@app/auth-contract';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, type CryptoKey, SignJWT, createLocalJWKSet } from 'jose';

const ISSUER = 'auth-service';
const AUDIENCE = 'payment-service';
const CLIENT_ID = 'payment-service';
const CLIENT_SECRET = randomUUID();

/**
 * The auth service's two public faces for payment-service (API.md): JWKS and RFC 7662
 * introspection, answering for real EdDSA tokens it signs. Payments e2e tests are about payments;
 * the real auth-service has its own suite.
 */
export class AuthStandIn {
  private readonly revoked = new Set<string>();

  private constructor(
    private readonly server: Server,
    private readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
    readonly url: string,
  ) {}

  static async start(): Promise<AuthStandIn> {
    const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const standIn = new AuthStandIn(server, privateKey, jwk, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void standIn.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    return standIn;
  }

  /** The environment payment-service's token module reads to reach this auth. */
  get env(): Record<string, string> {
    return {
      AUTH_INTROSPECTION_URLS: `${this.url}/internal/introspect`,
      AUTH_JWKS_URL: `${this.url}/auth/.well-known/jwks.json`,
      AUTH_CLIENT_ID: CLIENT_ID,
      AUTH_CLIENT_SECRET: CLIENT_SECRET,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    };
  }

  async tokenFor(userId: string, ttlSeconds = 900): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: this.jwk.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (req.method === 'GET' && req.url?.endsWith('/.well-known/jwks.json')) return { status: 200, body: { keys: [this.jwk] } };
    if (req.method === 'POST' && req.url?.endsWith('/internal/introspect')) {
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
      const { token } = JSON.parse(await readBody(req)) as { token?: string };
      return { status: 200, body: await this.introspect(token ?? '') };
    }
    return { status: 404, body: { error: 'not_found' } };
  }

  private async introspect(token: string): Promise<IntrospectionResponse> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [this.jwk] }), {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
      });
      if (!payload.jti || this.revoked.has(payload.jti)) return { active: false };
      return {
        active: true,
        token_type: 'access_token',
        iss: ISSUER,
        aud: AUDIENCE,
        sub: String(payload.sub),
        iat: Number(payload.iat),
        exp: Number(payload.exp),
        jti: payload.jti,
      };
    } catch {
      return { active: false };
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
