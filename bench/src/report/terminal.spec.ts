import { describe, expect, it } from '@jest/globals';

import { aRun, aWorkload } from '../testing/fixtures.js';
import { renderSummary, textTable } from './terminal.js';

describe(textTable.name, () => {
  it('pads columns to their widest cell and right-aligns numbers', () => {
    expect(
      textTable(
        ['name', 'ok/s'],
        [
          ['read', '1 000'],
          ['login', '37.0'],
        ],
      ),
    ).toBe('name    ok/s\n-----  -----\nread   1 000\nlogin   37.0');
  });
});

describe(renderSummary.name, () => {
  it('prints each workload, each target with PASS/FAIL, and every flag', () => {
    const sut = renderSummary(
      aRun({ workloads: [aWorkload({ flags: ['restarted during the run: payment-1'] })] }),
    );
    expect(sut).toContain('authenticated read');
    expect(sut).toContain('PASS  authenticated read');
    expect(sut).toContain(' --   token refresh');
    expect(sut).toContain('! authenticated read: restarted during the run: payment-1');
  });
});
