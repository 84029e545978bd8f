export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export interface UsersStore {
  /** Throws EmailTakenError when the normalised email exists. */
  insert(email: string, passwordHash: string): Promise<UserRecord>;
  /** From the primary: a login right after registering must find the account. */
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}

/** Trim and lower-case: the one form stored and looked up. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
