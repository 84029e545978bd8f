import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

// This service's own variables; HTTP, database and Redis come from the shared env classes.
export class AuthEnv {
  @IsString()
  @IsNotEmpty()
  JWT_ISSUER: string;

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE: string;

  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 86_400;

  @IsInt()
  @Min(0)
  @Max(300)
  CLOCK_TOLERANCE_SECONDS: number = 5;

  /** Base64 of 32 random bytes; seals private signing keys at rest. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes, base64-encoded' })
  KEY_ENCRYPTION_KEY: string;

  /** How often each replica reloads signing keys, so a rotation reaches every replica. */
  @IsInt()
  @Min(1)
  @Max(3_600)
  SIGNING_KEY_REFRESH_SECONDS: number = 30;

  @IsInt()
  @Min(0)
  JWKS_MAX_AGE_SECONDS: number = 300;

  /** `id:secret,id2:secret2`: the service credentials allowed to call /internal/introspect. */
  @Matches(/^[^:,\s]+:[^,\s]{16,}(,[^:,\s]+:[^,\s]{16,})*$/, {
    message: 'must be id:secret pairs, secrets of 16+ characters',
  })
  INTROSPECTION_CLIENTS: string;

  @IsInt()
  @Min(8)
  @Max(64)
  PASSWORD_MIN_LENGTH: number = 12;

  @IsInt()
  @Min(1)
  BRUTE_FORCE_ACCOUNT_MAX_FAILURES: number = 5;

  @IsInt()
  @Min(1)
  BRUTE_FORCE_IP_MAX_FAILURES: number = 20;

  @IsInt()
  @Min(1)
  BRUTE_FORCE_WAIT_INCREMENT_SECONDS: number = 60;

  @IsInt()
  @Min(1)
  BRUTE_FORCE_MAX_WAIT_SECONDS: number = 900;

  @IsInt()
  @Min(60)
  BRUTE_FORCE_RESET_SECONDS: number = 43_200;
}
