import { LoginThrottleEntity } from '../brute-force/login-throttle.entity.js';
import { SigningKeyEntity } from '../keys/signing-key.entity.js';
import { AUTH_MIGRATIONS } from '../migrations/index.js';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity.js';
import { RevokedTokenEntity } from '../tokens/revoked-token.entity.js';
import { UserEntity } from '../users/user.entity.js';

// The one list of what this service stores; app, CLIs and tests all use it.
export const AUTH_ENTITIES = [
  UserEntity,
  SigningKeyEntity,
  RefreshTokenEntity,
  RevokedTokenEntity,
  LoginThrottleEntity,
];
export { AUTH_MIGRATIONS };
