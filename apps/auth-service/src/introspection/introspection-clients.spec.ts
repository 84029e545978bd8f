import { describe, expect, it } from '@jest/globals';
import { IntrospectionClients } from './introspection-clients.js';

const sut = new IntrospectionClients('payments:s3cret-s3cret-s3cret, ops:another-long-secret');
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe(IntrospectionClients.name, () => {
  it('accepts every configured client with its secret', () => {
    expect(sut.authenticate(basic('payments', 's3cret-s3cret-s3cret'))).toBe('payments');
    expect(sut.authenticate(basic('ops', 'another-long-secret'))).toBe('ops');
  });

  it("refuses a wrong secret, an unknown id and another client's secret", () => {
    expect(sut.authenticate(basic('payments', 'wrong'))).toBeUndefined();
    expect(sut.authenticate(basic('nobody', 's3cret-s3cret-s3cret'))).toBeUndefined();
    expect(sut.authenticate(basic('ops', 's3cret-s3cret-s3cret'))).toBeUndefined();
  });

  it('refuses a missing or malformed header', () => {
    expect(sut.authenticate(undefined)).toBeUndefined();
    expect(sut.authenticate('Bearer abc')).toBeUndefined();
    expect(sut.authenticate(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeUndefined();
  });

  it('keeps colons that are part of the secret', () => {
    expect(
      new IntrospectionClients('svc:a:b:c-long-enough').authenticate(basic('svc', 'a:b:c-long-enough')),
    ).toBe('svc');
  });
});
