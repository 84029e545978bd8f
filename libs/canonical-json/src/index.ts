export { canonicalJson, jsonFingerprint, NotCanonicalizableError } from './canonical-json.js';
