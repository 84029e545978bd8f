import { describe, expect, it } from '@jest/globals';

import { statementsPerRequest } from './sql-statements.js';

describe(statementsPerRequest.name, () => {
  it('divides the statements run meanwhile by the requests answered, per node', () => {
    expect(
      statementsPerRequest({ primary: 1_000, replica: 50 }, { primary: 7_000, replica: 1_050 }, 1_000),
    ).toEqual({ primary: 6, replica: 1 });
  });

  it('leaves a node it could not read, or a run without requests, undefined', () => {
    expect(statementsPerRequest({ primary: 1 }, { primary: 5 }, 2)).toEqual({
      primary: 2,
      replica: undefined,
    });
    expect(statementsPerRequest({ primary: 1, replica: 1 }, { primary: 5, replica: 1 }, 0)).toEqual({
      primary: undefined,
      replica: undefined,
    });
  });
});
