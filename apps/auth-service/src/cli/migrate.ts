import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { DatabaseEnv } from '@app/database';
import { openAuthDatabase } from '../database/storage.providers.js';

// nx run auth-service:migrate — applies pending migrations once (an advisory lock serialises
// concurrent runs). Needs only the DB_* variables.
const db = await openAuthDatabase(loadConfig({ db: DatabaseEnv }));
try {
  const applied = await db.runMigrations();
  process.stdout.write(`${JSON.stringify({ msg: 'migrations applied', applied })}\n`);
} finally {
  await db.close();
}
