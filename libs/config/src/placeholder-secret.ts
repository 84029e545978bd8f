// The values the repository's own examples ship (.env.example: `change-me-*`, an all-zero
// KEY_ENCRYPTION_KEY): fine for reading the file, never for running a real deployment.
const CHANGE_ME = /change-?me/i;
const ALL_ZERO_BASE64 = /^A{22,}={0,2}$/; // 16+ zero bytes
const ALL_ZERO_HEX = /^0{32,}$/;

/** True for a value copied from the examples instead of generated. */
export function isPlaceholderSecret(value: string): boolean {
  return CHANGE_ME.test(value) || ALL_ZERO_BASE64.test(value) || ALL_ZERO_HEX.test(value);
}

/** Production is what the services and their images run as (NODE_ENV=production). */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env['NODE_ENV'] === 'production';
}
