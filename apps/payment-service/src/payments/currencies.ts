// Kept short on purpose: every currency here is one the provider settles and whose minor unit is
// known (jpy has none, so 100 means ¥100). Adding one is a deliberate change.
export const SUPPORTED_CURRENCIES = ['usd', 'eur', 'gbp', 'chf', 'jpy'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];

export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 99_999_999;
