export { isSealed, KeyCipher } from './key-cipher.js';
