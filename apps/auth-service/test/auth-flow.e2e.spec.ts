import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthApp, type AuthHarness, bootAuthApp, startAuthHarness } from './support/auth-harness.js';
import { basicAuth, call, freshIp, GOOD_PASSWORD, registerAndLogin, uniqueEmail } from './support/http.js';
import { forgeJws, type Jwk, verifyIndependently } from './support/independent-jws.js';

let harness: AuthHarness;
let sut: AuthApp;

beforeAll(async () => {
  harness = await startAuthHarness();
  sut = await bootAuthApp(harness.env);
}, 120_000);

afterAll(async () => {
  await sut?.close();
  await harness?.close();
});

const expected = () => ({ iss: harness.env['JWT_ISSUER']!, aud: harness.env['JWT_AUDIENCE']! });
const jwks = async () =>
  (await call(sut.app, 'GET', '/auth/.well-known/jwks.json')).body as unknown as { keys: Jwk[] };

describe('auth-service over HTTP', () => {
  it('runs the whole flow: register, login, me, refresh, reuse kills the family, logout kills the token', async () => {
    const email = uniqueEmail('Flow');
    const registered = await call(sut.app, 'POST', '/auth/register', {
      body: { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      id: expect.any(String),
      email: email.toLowerCase(),
      created_at: expect.any(String),
    });

    const login = await call(sut.app, 'POST', '/auth/login', {
      body: { email, password: GOOD_PASSWORD },
      ip: freshIp(),
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const first = login.body as { access_token: string; refresh_token: string };

    const me = await call(sut.app, 'GET', '/auth/me', { bearer: first.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(registered.body);

    const refreshed = await call(sut.app, 'POST', '/auth/refresh', {
      body: { refresh_token: first.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    const second = refreshed.body as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await call(sut.app, 'GET', '/auth/me', { bearer: second.access_token })).status).toBe(200);

    const reuse = await call(sut.app, 'POST', '/auth/refresh', {
      body: { refresh_token: first.refresh_token },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.headers['content-type']).toContain('application/problem+json');
    // The family is gone: even the newest refresh token is dead now.
    expect(
      (await call(sut.app, 'POST', '/auth/refresh', { body: { refresh_token: second.refresh_token } }))
        .status,
    ).toBe(401);

    const relogin = (
      await call(sut.app, 'POST', '/auth/login', { body: { email, password: GOOD_PASSWORD }, ip: freshIp() })
    ).body as typeof first;
    const logout = await call(sut.app, 'POST', '/auth/logout', { bearer: relogin.access_token });
    expect(logout.status).toBe(204);
    const after = await call(sut.app, 'GET', '/auth/me', { bearer: relogin.access_token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ status: 401, type: 'urn:problem-type:unauthenticated' });
    expect(
      (await call(sut.app, 'POST', '/auth/refresh', { body: { refresh_token: relogin.refresh_token } }))
        .status,
    ).toBe(401);
  });

  it('keeps the account on the writer: login right after register never misses it', async () => {
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail('ryw');
      expect(
        (await call(sut.app, 'POST', '/auth/register', { body: { email, password: GOOD_PASSWORD } })).status,
      ).toBe(201);
      expect(
        (
          await call(sut.app, 'POST', '/auth/login', {
            body: { email, password: GOOD_PASSWORD },
            ip: freshIp(),
          })
        ).status,
      ).toBe(200);
    }
  });

  it('refuses a second account with the same email in another case', async () => {
    const email = uniqueEmail('dup');
    await call(sut.app, 'POST', '/auth/register', { body: { email, password: GOOD_PASSWORD } });
    const again = await call(sut.app, 'POST', '/auth/register', {
      body: { email: email.toUpperCase(), password: GOOD_PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'urn:problem-type:email-taken' });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const { email } = await registerAndLogin(sut.app);
    const wrong = await call(sut.app, 'POST', '/auth/login', {
      body: { email, password: 'not the password' },
      ip: freshIp(),
    });
    const unknown = await call(sut.app, 'POST', '/auth/login', {
      body: { email: uniqueEmail('ghost'), password: GOOD_PASSWORD },
      ip: freshIp(),
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { request_id: _a, ...wrongBody } = wrong.body;
    const { request_id: _b, ...unknownBody } = unknown.body;
    expect(unknownBody).toEqual(wrongBody);
  });
});

describe('access tokens', () => {
  it('verify with an independent JWS implementation against the published JWKS', async () => {
    const { tokens, user } = await registerAndLogin(sut.app);
    const jwksAnswer = await call(sut.app, 'GET', '/auth/.well-known/jwks.json');
    expect(jwksAnswer.headers['cache-control']).toBe('public, max-age=300');
    const claims = verifyIndependently(
      tokens.access_token,
      jwksAnswer.body as unknown as { keys: Jwk[] },
      expected(),
    );
    expect(claims).toMatchObject({ sub: user['id'], jti: expect.any(String), iat: expect.any(Number) });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(900);
    const header = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[0]!, 'base64url').toString(),
    ) as Record<string, string>;
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: (await jwks()).keys[0]!.kid });
  });

  describe('forgeries are refused with 401', () => {
    let valid: Record<string, unknown>;
    let header: Record<string, unknown>;

    beforeAll(async () => {
      const { tokens } = await registerAndLogin(sut.app);
      const [h, p] = tokens.access_token.split('.');
      header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
      valid = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    });

    const forged = async (claims: Record<string, unknown>, head: Record<string, unknown> = header) =>
      forgeJws(head, { ...valid, ...claims }, (await sut.ring.signingKey()).privateKey);

    it('accepts the untouched claims re-signed with the real key (control)', async () => {
      expect((await call(sut.app, 'GET', '/auth/me', { bearer: await forged({}) })).status).toBe(200);
    });

    it.each([
      [
        'a tampered signature',
        async () => {
          const token = await forged({});
          const sig = token.split('.')[2]!;
          return token.slice(0, -sig.length) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
        },
      ],
      ['alg none', async () => forgeJws({ alg: 'none', typ: 'at+jwt', kid: header['kid'] }, valid)],
      ['a wrong audience', async () => forged({ aud: 'someone-else' })],
      ['a wrong issuer', async () => forged({ iss: 'https://evil.test' })],
      ['an expired token', async () => forged({ iat: 1_600_000_000, exp: 1_600_000_900 })],
      ['a missing jti', async () => forged({ jti: undefined })],
      ['a non-access-token type', async () => forged({}, { ...header, typ: 'JWT' })],
      ['an unknown kid', async () => forged({}, { ...header, kid: 'not-a-key' })],
    ])('%s', async (_name, make) => {
      const answer = await call(sut.app, 'GET', '/auth/me', { bearer: await make() });
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    });
  });
});

describe('POST /internal/introspect', () => {
  it('describes a live token to an authenticated caller (RFC 7662)', async () => {
    const { tokens, user } = await registerAndLogin(sut.app);
    const answer = await call(sut.app, 'POST', '/internal/introspect', {
      body: { token: tokens.access_token },
      headers: { authorization: basicAuth() },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      active: true,
      token_type: 'access_token',
      sub: user['id'],
      ...expected(),
    });
  });

  it('answers exactly {active: false} for garbage and for a revoked token', async () => {
    const { tokens } = await registerAndLogin(sut.app);
    await call(sut.app, 'POST', '/auth/logout', { bearer: tokens.access_token });
    for (const token of ['garbage', tokens.access_token]) {
      const answer = await call(sut.app, 'POST', '/internal/introspect', {
        body: { token },
        headers: { authorization: basicAuth() },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ active: false });
    }
  });

  it.each([
    ['no credential', undefined],
    ['a wrong secret', basicAuth('payments', 'wrong-secret-of-some-length')],
    ['a bearer token instead', 'Bearer abc'],
  ])('refuses a caller with %s (401 problem)', async (_name, authorization) => {
    const answer = await call(sut.app, 'POST', '/internal/introspect', {
      body: { token: 'x' },
      headers: authorization ? { authorization } : {},
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });
});

describe('brute-force protection', () => {
  it('locks an account after 5 failures with 429 and Retry-After, whatever the address', async () => {
    const { email } = await registerAndLogin(sut.app);
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await call(sut.app, 'POST', '/auth/login', {
            body: { email, password: 'wrong password' },
            ip: freshIp(),
          })
        ).status,
      ).toBe(401);
    }
    const locked = await call(sut.app, 'POST', '/auth/login', {
      body: { email, password: GOOD_PASSWORD },
      ip: freshIp(),
    });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.body).toMatchObject({ status: 429, type: 'urn:problem-type:too-many-attempts' });
  });

  it('a good login forgives the account its failures, and only when it has some', async () => {
    const { email } = await registerAndLogin(sut.app);
    const attempt = async (password: string) =>
      (await call(sut.app, 'POST', '/auth/login', { body: { email, password }, ip: freshIp() })).status;
    for (let i = 0; i < 4; i++) expect(await attempt('wrong password')).toBe(401);
    expect(await attempt(GOOD_PASSWORD)).toBe(200);
    // Counting restarted: four more failures stay below the lock, twice over.
    for (let i = 0; i < 4; i++) expect(await attempt('wrong password')).toBe(401);
    expect(await attempt(GOOD_PASSWORD)).toBe(200);
    expect(await attempt(GOOD_PASSWORD)).toBe(200);
    for (let i = 0; i < 4; i++) expect(await attempt('wrong password')).toBe(401);
    expect(await attempt(GOOD_PASSWORD)).toBe(200);
  });

  it('locks an address that fails across 20 accounts', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      await call(sut.app, 'POST', '/auth/login', {
        body: { email: uniqueEmail('spray'), password: 'wrong password' },
        ip,
      });
    }
    const { email } = await registerAndLogin(sut.app);
    expect(
      (await call(sut.app, 'POST', '/auth/login', { body: { email, password: GOOD_PASSWORD }, ip })).status,
    ).toBe(429);
    expect(
      (
        await call(sut.app, 'POST', '/auth/login', {
          body: { email, password: GOOD_PASSWORD },
          ip: freshIp(),
        })
      ).status,
    ).toBe(200);
  });
});

describe('bad input', () => {
  const register = (
    body: unknown,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) =>
    call(sut.app, 'POST', '/auth/register', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    });

  it.each([
    ['a missing password', { email: 'a@example.com' }, 'password'],
    ['a malformed email', { email: 'not-an-email', password: GOOD_PASSWORD }, 'email'],
    ['a too long email', { email: `${'a'.repeat(250)}@example.com`, password: GOOD_PASSWORD }, 'email'],
    ['a short password', { email: 'a@example.com', password: 'short' }, 'password'],
    ['a common password', { email: 'a@example.com', password: 'Password12345!' }, 'password'],
    ['a too long password', { email: 'a@example.com', password: 'x'.repeat(129) }, 'password'],
    ['a password that is not a string', { email: 'a@example.com', password: 123456789012 }, 'password'],
    ['an unknown field', { email: 'a@example.com', password: GOOD_PASSWORD, admin: true }, 'admin'],
  ])('register with %s → 422 naming the field', async (_name, body, field) => {
    const answer = await register(body);
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('malformed JSON → 400', async () => {
    const answer = await register('{"email": ');
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('a body over the limit → 413', async () => {
    const answer = await register({ email: 'a@example.com', password: 'x'.repeat(5000) });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('a content type the service does not parse → 415', async () => {
    const answer = await register('<email>a</email>', { 'content-type': 'application/xml' });
    expect(answer.status).toBe(415);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it.each([
    ['/auth/login', { email: 'a@example.com' }],
    ['/auth/login', { email: 'a@example.com', password: ['x'] }],
  ])('%s with %j → 422', async (url, body) => {
    const answer = await call(sut.app, 'POST', url, { body, ip: freshIp() });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  // The refresh body is checked by its route schema (Fastify), the others by the ValidationPipe: same answer.
  it.each([
    ['no refresh_token', {}, 'refresh_token'],
    ['a refresh_token that is not a string', { refresh_token: 42 }, 'refresh_token'],
    ['an empty refresh_token', { refresh_token: '' }, 'refresh_token'],
    ['a too long refresh_token', { refresh_token: 'x'.repeat(513) }, 'refresh_token'],
    ['an unknown field', { refresh_token: 'x', admin: true }, 'admin'],
  ])('/auth/refresh with %s → 422 naming the field', async (_name, body, field) => {
    const answer = await call(sut.app, 'POST', '/auth/refresh', { body, ip: freshIp() });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 422, type: 'urn:problem-type:validation-failed' });
    expect(answer.body['errors']).toEqual([expect.objectContaining({ field, message: expect.stringContaining(field) })]);
  });

  it('/auth/refresh with a JSON body that is not an object → 422', async () => {
    const answer = await call(sut.app, 'POST', '/auth/refresh', {
      body: '"token"',
      headers: { 'content-type': 'application/json' },
      ip: freshIp(),
    });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('an unknown refresh token → 401', async () => {
    expect((await call(sut.app, 'POST', '/auth/refresh', { body: { refresh_token: 'nope' } })).status).toBe(
      401,
    );
  });

  it.each([
    ['no header', undefined],
    ['a malformed header', 'Bearer'],
    ['another scheme', 'Basic abc'],
  ])('/auth/me with %s → 401', async (_name, authorization) => {
    const answer = await call(sut.app, 'GET', '/auth/me', {
      headers: authorization ? { authorization } : {},
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('health and documentation', () => {
  it.each(['/health', '/auth/health', '/health/ready', '/auth/health/ready', '/auth/health/live'])(
    '%s answers 200',
    async (url) => {
      const answer = await call(sut.app, 'GET', url);
      expect(answer.status).toBe(200);
    },
  );

  it('/auth/health carries the same report as /health', async () => {
    const answer = await call(sut.app, 'GET', '/auth/health');
    expect(answer.body).toMatchObject({
      status: 'ok',
      service: 'auth-service',
      database: 'connected',
      redis: 'connected',
    });
  });

  it('publishes the auth routes in the OpenAPI document', async () => {
    const answer = await call(sut.app, 'GET', '/docs-json');
    expect(Object.keys(answer.body['paths'] as object)).toEqual(
      expect.arrayContaining([
        '/auth/register',
        '/auth/login',
        '/auth/refresh',
        '/auth/logout',
        '/auth/me',
        '/internal/introspect',
      ]),
    );
  });
});
