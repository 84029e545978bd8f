import { describe, expect, it } from '@jest/globals';

import { problemBody } from './problem-body.js';

describe(problemBody.name, () => {
  it('builds the type from the code and keeps the standard members', () => {
    const sut = problemBody({
      status: 409,
      code: 'email-taken',
      title: 'Email already registered',
      detail: 'Use another address.',
      instance: '/auth/register',
      requestId: 'req-12345678',
    });

    expect(sut).toEqual({
      type: 'urn:problem-type:email-taken',
      title: 'Email already registered',
      status: 409,
      detail: 'Use another address.',
      instance: '/auth/register',
      request_id: 'req-12345678',
    });
  });

  it('uses about:blank and the status phrase when there is no code', () => {
    expect(problemBody({ status: 404 })).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('never lets an extension overwrite a standard member', () => {
    const sut = problemBody({
      status: 422,
      code: 'x',
      extensions: { status: 200, type: 'evil', errors: [] },
    });

    expect(sut).toMatchObject({ status: 422, type: 'urn:problem-type:x', errors: [] });
  });
});
