export const TOKENS_OPTIONS = Symbol('TOKENS_OPTIONS');
