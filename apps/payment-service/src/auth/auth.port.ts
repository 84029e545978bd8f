// The one file that names the token-validation module (tokens/): controllers depend on these names only.
export { AuthGuard, type AuthenticatedUser as PaymentUser, CurrentUser } from '../tokens/index.js';
