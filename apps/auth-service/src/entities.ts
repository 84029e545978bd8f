import { LoginThrottleEntity } from './brute-force/login-throttle.entity.js';
import { SigningKeyEntity } from './keys/signing-key.entity.js';
import { RefreshTokenEntity } from './sessions/refresh-token.entity.js';
import { RevokedTokenEntity } from './tokens/revoked-token.entity.js';
import { UserEntity } from './users/user.entity.js';

export const AUTH_ENTITIES = [
  UserEntity,
  SigningKeyEntity,
  RefreshTokenEntity,
  RevokedTokenEntity,
  LoginThrottleEntity,
];
