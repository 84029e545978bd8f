import 'reflect-metadata';
import { rotateKeys } from './rotate-keys.command.js';

// nx run auth-service:rotate-keys — prints what changed, never key material.
const report = await rotateKeys();
process.stdout.write(`${JSON.stringify({ msg: 'signing key rotated', ...report })}\n`);
