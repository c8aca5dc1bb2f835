import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseMetadataPairs } from './metadata.js';

describe('parseMetadataPairs', () => {
  it('sets keys, deletes those with no value, and keeps = inside values', () => {
    expect(parseMetadataPairs(['notes=team lunch', 'receipt=', 'formula=a=b', 'tag=💡'])).toEqual({
      notes: 'team lunch',
      receipt: null,
      formula: 'a=b',
      tag: '💡',
    });
  });

  // Found by metadata.fuzz.test.ts: `__proto__=x` set no key, and `__proto__=` made the change's prototype null.
  it('takes keys named like object properties as keys like any other', () => {
    const change = parseMetadataPairs(['__proto__=', 'constructor=c']);
    expect(Object.entries(change)).toEqual([
      ['__proto__', null],
      ['constructor', 'c'],
    ]);
    expect(Object.getPrototypeOf(change)).toBe(Object.prototype);
    expect(() => parseMetadataPairs(['__proto__=a', '__proto__=b'])).toThrow(/given twice/);
  });

  it.each([
    [[], /at least one/],
    [['notes'], /not KEY=VALUE/],
    [['=value'], /the key must be/],
    [['a b=c'], /the key must be/],
    [['a[b]=c'], /the key must be/],
    [['a=1', 'a=2'], /given twice/],
  ])('refuses %j', (pairs, reason) => {
    expect(() => parseMetadataPairs(pairs)).toThrow(UsageError);
    expect(() => parseMetadataPairs(pairs)).toThrow(reason);
  });
});
