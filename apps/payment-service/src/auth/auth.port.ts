// The one file that names engineer F's token module: controllers depend on these names only.
export { AuthGuard, type AuthenticatedUser as PaymentUser, CurrentUser } from '../tokens/index.js';
