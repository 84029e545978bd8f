import { describe, expect, it } from '@jest/globals';

import { answerFor } from './bare-upstream.js';

describe(answerFor.name, () => {
  const answers = [
    { method: 'POST', pathPrefix: '/payments', status: 201, body: '{"id":"p1"}' },
    { method: 'GET', pathPrefix: '/payments/', status: 200, body: '{"id":"p2"}' },
  ];

  it('answers by method and path prefix', () => {
    expect(answerFor(answers, 'POST', '/payments').status).toBe(201);
    expect(answerFor(answers, 'GET', '/payments/01a2').body).toBe('{"id":"p2"}');
  });

  it('answers 404 to anything it was not told about', () => {
    expect(answerFor(answers, 'DELETE', '/payments/1').status).toBe(404);
  });
});
