import { describe, expect, it } from '@jest/globals';

import { isSchemaValidationError, schemaFieldErrors } from './schema-validation.js';

describe(schemaFieldErrors.name, () => {
  it('names the field of each error as a dotted path, first in its message', () => {
    const sut = schemaFieldErrors([
      { instancePath: '/refresh_token', keyword: 'type', message: 'must be string', params: {} },
      { instancePath: '/items/0/amount', keyword: 'minimum', message: 'must be >= 1', params: {} },
    ]);

    expect(sut).toEqual([
      { field: 'refresh_token', message: 'refresh_token must be string' },
      { field: 'items.0.amount', message: 'items.0.amount must be >= 1' },
    ]);
  });

  it('names a missing field and an unknown one', () => {
    const sut = schemaFieldErrors([
      {
        instancePath: '',
        keyword: 'required',
        message: "must have required property 'refresh_token'",
        params: { missingProperty: 'refresh_token' },
      },
      {
        instancePath: '',
        keyword: 'additionalProperties',
        message: 'must NOT have additional properties',
        params: { additionalProperty: 'admin' },
      },
    ]);

    expect(sut).toEqual([
      { field: 'refresh_token', message: "refresh_token must have required property 'refresh_token'" },
      { field: 'admin', message: 'property admin should not exist' },
    ]);
  });

  it('says "body" when the whole body is wrong', () => {
    expect(schemaFieldErrors([{ instancePath: '', keyword: 'type', message: 'must be object', params: {} }])).toEqual([
      { field: '', message: 'body must be object' },
    ]);
  });
});

describe(isSchemaValidationError.name, () => {
  it("recognises Fastify's schema error by its code and error list only", () => {
    expect(isSchemaValidationError({ code: 'FST_ERR_VALIDATION', validation: [] })).toBe(true);
    expect(isSchemaValidationError({ code: 'FST_ERR_VALIDATION' })).toBe(false);
    expect(isSchemaValidationError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', validation: [] })).toBe(false);
    expect(isSchemaValidationError(null)).toBe(false);
  });
});
