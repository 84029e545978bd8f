import { AuthSchema1763780000000 } from './1763780000000-auth-schema.js';

export const AUTH_MIGRATIONS = [AuthSchema1763780000000];
