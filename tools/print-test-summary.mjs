// Sums the per-project Jest totals written by jest-results-reporter.js into one closing line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', '.test-results');
const rows = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')))
  .sort((a, b) => a.project.localeCompare(b.project));

const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nproject                          passed  failed  skipped');
for (const row of rows) {
  console.log(`${row.project.padEnd(32)} ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${String(row.skipped).padStart(7)}`);
  for (const key of Object.keys(total)) total[key] += row[key];
}
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 || rows.length === 0 ? 1 : 0;
