export const DEFAULT_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 100;

export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

/**
 * Keyset pagination: the repository fetches `limit + 1` rows after the cursor; the extra row only
 * tells whether another page exists and is never returned.
 */
export function toPage<T>(rowsFetched: readonly T[], limit: number): Page<T> {
  return { object: 'list', data: rowsFetched.slice(0, limit), has_more: rowsFetched.length > limit };
}
