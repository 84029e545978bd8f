import { describe, expect, it } from '@jest/globals';

import { selectWorkloads, WORKLOADS } from './catalog.js';

describe(selectWorkloads.name, () => {
  it('runs every workload by default, auth first so the read fixtures can age meanwhile', () => {
    expect(selectWorkloads(undefined).map((w) => w.name)).toEqual([
      'login',
      'refresh',
      'introspect',
      'read',
      'list',
      'create',
      'refund',
      'webhook',
    ]);
  });

  it('keeps the suite order whatever order --only names them in', () => {
    expect(selectWorkloads(['create', 'read']).map((w) => w.name)).toEqual(['read', 'create']);
    expect(selectWorkloads(['startup'])).toEqual([]);
  });

  it('refuses a name it does not know', () => {
    expect(() => selectWorkloads(['raed'])).toThrow('unknown workload raed');
  });

  it('sends every nginx workload through a rate-limit zone, so per-IP limits stay on', () => {
    for (const w of WORKLOADS.filter((x) => x.name !== 'introspect')) expect(w.zone).toBeDefined();
    expect(WORKLOADS.find((w) => w.name === 'introspect')?.zone).toBeUndefined();
  });
});
