import { readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO, type RunResult, run } from './stack-cli.js';

export interface TourPayment {
  status: string;
  amount_refunded: number;
}

/** Runs README.md's curl tour block verbatim against `base` (nginx's HTTPS address). */
export async function runReadmeTour(base: string): Promise<{ result: RunResult; payment?: TourPayment }> {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /<!-- tour:start -->\s*```sh\n([\s\S]*?)```\s*<!-- tour:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no tour block between the tour markers');

  const result = await run('bash', ['-euo', 'pipefail', '-c', block], { env: { ...process.env, BASE: base } });
  if (result.code !== 0) return { result };
  // The tour's last line prints the payment.
  return { result, payment: JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as TourPayment };
}
