import { type KeyObject, randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from '@app/auth-contract';
import { errors, jwtVerify } from 'jose';
import { signCompactEd25519 } from './compact-jws.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** Where tokens get their signing key and find the public key for a `kid`. */
export interface KeySource {
  signingKey(): Promise<SigningKey>;
  verificationKey(kid: string): Promise<KeyObject | undefined>;
}

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Leeway for `exp`/`iat` between hosts' clocks (RFC 8725 "small leeway"). */
  clockToleranceSeconds: number;
}

export interface IssuedAccessToken {
  token: string;
  claims: AccessTokenClaims;
}

/** Any reason a presented token is not acceptable; callers answer 401 without detail. */
export class InvalidAccessTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
  }
}

export class AccessTokens {
  constructor(
    private readonly keys: KeySource,
    private readonly settings: AccessTokenSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** `sessionId` is the refresh-token family, carried as `sid` so logout can revoke it. */
  async issue(subject: string, sessionId?: string): Promise<IssuedAccessToken> {
    const { kid, privateKey } = await this.keys.signingKey();
    const iat = Math.floor(this.now() / 1000);
    const claims: AccessTokenClaims = {
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sub: subject,
      iat,
      exp: iat + this.settings.ttlSeconds,
      jti: randomUUID(),
      ...(sessionId ? { sid: sessionId } : {}),
    };
    const token = signCompactEd25519(
      { alg: ACCESS_TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE },
      claims,
      privateKey,
    );
    return { token, claims };
  }

  /** Pins algorithm, type, issuer and audience (RFC 8725); never trusts `jku`/`jwk` headers. */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (!header.kid) throw new InvalidAccessTokenError('no kid');
          const key = await this.keys.verificationKey(header.kid);
          if (!key) throw new InvalidAccessTokenError('unknown kid');
          return key;
        },
        {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          typ: ACCESS_TOKEN_TYPE,
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          requiredClaims: ['sub', 'iat', 'exp', 'jti'],
          clockTolerance: this.settings.clockToleranceSeconds,
          currentDate: new Date(this.now()),
        },
      );
      if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string') {
        throw new InvalidAccessTokenError('malformed claims');
      }
      return payload as unknown as AccessTokenClaims;
    } catch (err) {
      if (err instanceof InvalidAccessTokenError) throw err;
      if (err instanceof errors.JOSEError) throw new InvalidAccessTokenError(err.code);
      // jose throws TypeError for structurally broken input (e.g. a non-JWT string).
      if (err instanceof TypeError) throw new InvalidAccessTokenError('malformed');
      throw err;
    }
  }
}
