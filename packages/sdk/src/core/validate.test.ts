import { describe, expect, it } from 'vitest';
import { MonzoValidationError } from './errors.js';
import { requireAmount, requireLimit, requireSince, requireStringMap, requireTimestamp } from './validate.js';

/** The validation error `fn` throws, so a test can check which field it names. */
function refusal(fn: () => unknown): MonzoValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MonzoValidationError) return error;
    throw error;
  }
  throw new Error('expected a MonzoValidationError, but nothing was thrown');
}

describe('requireAmount', () => {
  it.each([1, 1000, Number.MAX_SAFE_INTEGER])('accepts the positive integer %d', (amount) => {
    expect(requireAmount('amount', amount)).toBe(amount);
  });

  it.each([
    ['a fraction', 10.5],
    ['zero', 0],
    ['minus zero', -0],
    ['a negative number', -100],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
    ['a numeric string', '1000'],
    ['undefined', undefined],
    ['a bigint', 1000n],
  ])('refuses %s, naming the field', (_label, amount) => {
    const error = refusal(() => requireAmount('amount', amount));
    expect(error.field).toBe('amount');
    expect(error.message).toMatch(/^amount: must be a positive whole number of minor units/);
  });
});

describe('requireLimit', () => {
  it.each([1, 50, 100])('accepts %d', (limit) => {
    expect(requireLimit(limit)).toBe(limit);
  });

  it.each([0, 101, -1, 1.5, Number.NaN, '10', null])('refuses %j, naming limit', (limit) => {
    const error = refusal(() => requireLimit(limit));
    expect(error.field).toBe('limit');
    expect(error.message).toContain('1 to 100');
  });
});

describe('requireTimestamp', () => {
  it('sends a Date as its ISO form in UTC', () => {
    expect(requireTimestamp('before', new Date(Date.UTC(2026, 0, 31, 12, 30)))).toBe(
      '2026-01-31T12:30:00.000Z',
    );
  });

  it('refuses an invalid Date', () => {
    const error = refusal(() => requireTimestamp('before', new Date('not a date')));
    expect(error.field).toBe('before');
    expect(error.message).toContain('invalid Date');
  });

  it.each([
    '2026-01-31T00:00:00Z',
    '2026-01-31T00:00:00.123Z',
    '2026-01-31T00:00:00.123456789Z',
    '2026-01-31T00:00:00+01:00',
    '2026-01-31T23:59:59-05:30',
    '2026-01-31t00:00:00z',
    '2024-02-29T00:00:00Z',
  ])('passes the RFC 3339 time %s through unchanged', (text) => {
    expect(requireTimestamp('since', text)).toBe(text);
  });

  it.each([
    'yesterday',
    '',
    '2026-01-31',
    '2026-01-31 00:00:00Z',
    '2026-01-31T00:00:00',
    '2026-01-31T00:00:00+0100',
    '2026-13-45T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31T25:00:00Z',
    '2026-01-31T00:00:00+25:00',
    '1738281600',
  ])('refuses %j, naming the field', (text) => {
    const error = refusal(() => requireTimestamp('before', text));
    expect(error.field).toBe('before');
    expect(error.message).toMatch(/^before: must be a Date or an RFC 3339 time/);
  });

  it.each([1738281600000, null, undefined, {}])('refuses the non-time %j', (value) => {
    expect(refusal(() => requireTimestamp('before', value)).field).toBe('before');
  });
});

describe('requireSince', () => {
  it('accepts a transaction id as the cursor', () => {
    expect(requireSince('tx_00008zIcpb1TB4yeIFXMzx')).toBe('tx_00008zIcpb1TB4yeIFXMzx');
  });

  it('accepts a time, as requireTimestamp does', () => {
    expect(requireSince('2026-01-31T00:00:00Z')).toBe('2026-01-31T00:00:00Z');
    expect(requireSince(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each(['tx_', '_abc', 'tx 123', 'tx_12/../x', 'TX_123', ''])(
    'refuses %j, which is neither an id nor a time',
    (value) => {
      expect(refusal(() => requireSince(value)).field).toBe('since');
    },
  );
});

describe('requireStringMap', () => {
  it('accepts an object of strings, empty strings included (they delete a key)', () => {
    const map = { foo: 'bar', stale_key: '' };
    expect(requireStringMap('metadata', map)).toBe(map);
  });

  it.each([null, 'x', ['a'], {}])('refuses %j as a whole', (value) => {
    expect(refusal(() => requireStringMap('metadata', value)).field).toBe('metadata');
  });

  it('names the key whose value is not a string', () => {
    expect(refusal(() => requireStringMap('metadata', { ok: 'x', count: 3 })).field).toBe('metadata.count');
  });

  it('refuses an empty key', () => {
    expect(refusal(() => requireStringMap('metadata', { '': 'x' })).message).toContain(
      'keys must not be empty',
    );
  });
});
