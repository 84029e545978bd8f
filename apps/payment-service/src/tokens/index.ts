export { AuthGuard } from './auth.guard.js';
export { type AuthenticatedUser } from './authenticated-user.js';
export { CurrentUser } from './current-user.decorator.js';
export { ReadPrefetch } from './token-ports.js';
export { TokenValidator } from './token-validator.js';
export { AuthUnavailableError, InvalidTokenError, MissingTokenError } from './tokens.errors.js';
export { TokensEnv, type TokensOptions, tokensOptionsFromEnv } from './tokens.env.js';
export { TokensModule, type TokensModuleOptions } from './tokens.module.js';
