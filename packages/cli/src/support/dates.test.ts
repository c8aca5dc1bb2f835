import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseDate } from './dates.js';

const NOW = new Date(2026, 2, 15, 14, 30, 0); // 15 March 2026, 14:30 local time

describe('parseDate', () => {
  it('reads a date alone as the start of that day, local time', () => {
    expect(parseDate('2026-01-31', NOW)).toEqual(new Date(2026, 0, 31));
    expect(parseDate('2024-02-29', NOW)).toEqual(new Date(2024, 1, 29));
  });

  // Found by dates.fuzz.test.ts: `new Date(26, 0, 31)` is 31 January 1926, and Date.UTC counted year 0 as 1900.
  it('reads a date alone in any year 0000-9999 as that year, with its own leap days', () => {
    expect(parseDate('0026-01-31', NOW).getFullYear()).toBe(26);
    expect(parseDate('0000-02-29', NOW).getFullYear()).toBe(0);
    expect(parseDate('0000-02-29T12:00:00Z', NOW).toISOString()).toBe('0000-02-29T12:00:00.000Z');
    expect(() => parseDate('1900-02-29', NOW)).toThrow(UsageError);
  });

  it('reads ISO times with a zone exactly, and without one as local time', () => {
    expect(parseDate('2026-01-31T09:30:00Z', NOW).toISOString()).toBe('2026-01-31T09:30:00.000Z');
    expect(parseDate('2026-01-31T09:30:00.123Z', NOW).toISOString()).toBe('2026-01-31T09:30:00.123Z');
    expect(parseDate('2026-01-31T09:30:00+01:00', NOW).toISOString()).toBe('2026-01-31T08:30:00.000Z');
    expect(parseDate('2026-01-31T09:30-0130', NOW).toISOString()).toBe('2026-01-31T11:00:00.000Z');
    expect(parseDate('2026-01-31t09:30:00z', NOW).toISOString()).toBe('2026-01-31T09:30:00.000Z');
    expect(parseDate('2026-01-31T09:30', NOW)).toEqual(new Date(2026, 0, 31, 9, 30));
    expect(parseDate('2026-01-31 09:30:15', NOW)).toEqual(new Date(2026, 0, 31, 9, 30, 15));
  });

  it('reads spans as that long before now', () => {
    expect(parseDate('30d', NOW).getTime()).toBe(NOW.getTime() - 30 * 86_400_000);
    expect(parseDate('12h', NOW).getTime()).toBe(NOW.getTime() - 12 * 3_600_000);
    expect(parseDate('2w', NOW).getTime()).toBe(NOW.getTime() - 14 * 86_400_000);
    expect(parseDate('7D', NOW).getTime()).toBe(NOW.getTime() - 7 * 86_400_000);
  });

  it('reads now, today and yesterday', () => {
    expect(parseDate('now', NOW)).toEqual(NOW);
    expect(parseDate('today', NOW)).toEqual(new Date(2026, 2, 15));
    expect(parseDate('Yesterday', NOW)).toEqual(new Date(2026, 2, 14));
  });

  it.each([
    '',
    'bogus',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-1-5',
    '31/01/2026',
    '2026-01-31T24:00',
    '2026-01-31T10:60',
    '30',
    '30m',
    '-3d',
    '1706659200',
  ])('refuses %j with a usage error that lists the accepted forms', (text) => {
    expect(() => parseDate(text, NOW, '--since')).toThrow(UsageError);
    expect(() => parseDate(text, NOW, '--since')).toThrow(
      /--since: .* is not a date; write one of 2026-01-31/,
    );
  });
});
