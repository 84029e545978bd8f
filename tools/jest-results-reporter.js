// Writes each project's Jest totals to .test-results/<project>.json so the test command can print
// one closing line for the whole workspace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-results');

export default class JestResultsReporter {
  constructor(globalConfig, options = {}) {
    this.project = options.project ?? 'unknown';
  }

  onRunComplete(_contexts, results) {
    mkdirSync(resultsDir, { recursive: true });
    const summary = {
      project: this.project,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    writeFileSync(join(resultsDir, `${this.project}.json`), JSON.stringify(summary));
  }
}
