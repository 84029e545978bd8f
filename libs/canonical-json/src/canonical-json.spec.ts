import { isDeepStrictEqual } from 'node:util';

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { canonicalJson, jsonFingerprint, NotCanonicalizableError } from './canonical-json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Full-Unicode strings (astral planes, combining marks) in keys and values, nesting to depth 4.
const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) as fc.Arbitrary<Json>;

/** The same value with object keys inserted in another order at every depth. */
function reorderKeys(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((item, i) => reorderKeys(item, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const rotated = keys.map((_, i) => keys[(i + seed) % keys.length]).reverse();
  return Object.fromEntries(rotated.map((key) => [key, reorderKeys(value[key], seed * 31 + 7)]));
}

/** One change somewhere: a leaf altered, a null appended to an array, a member added to an object. */
function changeOnce(value: Json, path: readonly number[]): Json {
  const [step, ...rest] = path;
  const children = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object'
      ? Object.keys(value)
      : [];
  if (step === undefined || children.length === 0 || step % (children.length + 1) === children.length) {
    return changeHere(value);
  }
  const index = step % (children.length + 1);
  if (Array.isArray(value)) return value.map((item, i) => (i === index ? changeOnce(item, rest) : item));
  const object = value as { [key: string]: Json };
  const key = Object.keys(object)[index];
  return { ...object, [key]: changeOnce(object[key], rest) };
}

function changeHere(value: Json): Json {
  if (value === null) return 0;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value === 0 ? 1 : -value;
  if (typeof value === 'string') return `${value}\u00e9`;
  if (Array.isArray(value)) return [...value, null];
  let key = 'k';
  while (key in value) key += '\u{1F600}';
  return { ...value, [key]: null };
}

// -0 has the JSON form 0, so compare values the way JSON sees them.
const asJsonSees = (value: Json): unknown => JSON.parse(JSON.stringify(value));

describe(canonicalJson.name, () => {
  it('never depends on key order, at any depth', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(1_000), (value, seed) => {
        expect(canonicalJson(reorderKeys(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('changes when any value anywhere changes', () => {
    fc.assert(
      fc.property(jsonValue, fc.array(fc.nat(), { maxLength: 5 }), (value, path) => {
        expect(canonicalJson(changeOnce(value, path))).not.toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('gives two values one form only when JSON sees them as equal', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (a, b) => {
        expect(canonicalJson(a) === canonicalJson(b)).toBe(isDeepStrictEqual(asJsonSees(a), asJsonSees(b)));
      }),
      { numRuns: 500 },
    );
  });

  it('is JSON that parses back to the value', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(asJsonSees(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps nulls in arrays and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([null])).toBe('[null]');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ b: [2, 1], a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":[2,1]}');
  });

  it('follows the RFC 8785 examples for numbers and key order by UTF-16 code units', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.000001, 1 / 3, Number.MIN_VALUE])).toBe(
      '[1e+21,1e-7,0,0.000001,0.3333333333333333,5e-324]',
    );
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\u{1F600}': 3, '\u00f6': 4, '1': 5 })).toBe(
      '{"\\r":2,"1":5,"\u00f6":4,"\u20ac":1,"\u{1F600}":3}',
    );
  });

  it('refuses values RFC 8785 has no form for instead of hashing them to something silent', () => {
    for (const value of ['\ud800', { a: Number.POSITIVE_INFINITY }, [Number.NaN], undefined]) {
      expect(() => canonicalJson(value)).toThrow(NotCanonicalizableError);
    }
  });
});

describe(jsonFingerprint.name, () => {
  it('is the SHA-256 hex of the parts and the canonical value, one per line', () => {
    // printf 'POST\n/x\n{"a":1,"b":2}' | sha256sum
    expect(jsonFingerprint(['POST', '/x'], { b: 2, a: 1 })).toBe(
      '6f67397f63e069f24b8d29d6abfa13c72863f2b9c725b94a781533cedb3ae33f',
    );
  });
});
