import 'reflect-metadata';
import { purgeExpired } from './purge-expired.command.js';

const report = await purgeExpired();
process.stdout.write(`${JSON.stringify({ msg: 'expired rows purged', ...report })}\n`);
