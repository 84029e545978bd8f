import { type UserRecord } from './users.store.js';

/** What a client sees of an account: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  created_at: string;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, created_at: user.createdAt.toISOString() };
}
