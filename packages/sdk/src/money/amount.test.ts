import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/clients.js';
import { MonzoValidationError } from '../core/errors.js';
import { currencyDecimals, formatAmount, parseAmount } from './amount.js';

function refusal(run: () => unknown): MonzoValidationError {
  return thrownBy(MonzoValidationError, run);
}

describe('currencyDecimals', () => {
  it.each([
    ['GBP', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    ['gbp', 2],
    ['jpy', 0],
  ])('gives %s %i decimals', (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });

  it.each([[''], ['GB'], ['GBPX'], ['£'], ['12A']])('refuses %j as a currency code', (currency) => {
    expect(refusal(() => currencyDecimals(currency)).field).toBe('currency');
  });
});

describe('formatAmount', () => {
  it.each([
    [1234, 'GBP', '£12.34'],
    [-123456, 'GBP', '-£1,234.56'],
    [5, 'GBP', '£0.05'],
    [-5, 'GBP', '-£0.05'],
    [0, 'GBP', '£0.00'],
    [100, 'GBP', '£1.00'],
    [123456789, 'EUR', '€1,234,567.89'],
    [1999, 'USD', '$19.99'],
    [500, 'JPY', '¥500'],
    [1234567, 'JPY', '¥1,234,567'],
    [1234, 'KWD', '1.234 KWD'],
    [-5, 'KWD', '-0.005 KWD'],
    [1234, 'CHF', '12.34 CHF'],
    [1234, 'gbp', '£12.34'],
    [Number.MAX_SAFE_INTEGER, 'GBP', '£90,071,992,547,409.91'],
  ])('formats %i %s as %s', (amount, currency, text) => {
    expect(formatAmount(amount, currency)).toBe(text);
  });

  it.each([
    ['a fraction', 12.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 53],
  ])('refuses %s', (_name, amount) => {
    expect(refusal(() => formatAmount(amount, 'GBP')).field).toBe('amount');
  });

  it('refuses a bad currency code', () => {
    expect(refusal(() => formatAmount(1, 'POUNDS')).field).toBe('currency');
  });
});

describe('parseAmount', () => {
  it.each([
    ['£12.34', 'GBP', 1234],
    ['12.34', 'GBP', 1234],
    ['12', 'GBP', 1200],
    ['12.3', 'GBP', 1230],
    ['0.05', 'GBP', 5],
    ['1,234.56', 'GBP', 123456],
    ['£1,234,567', 'GBP', 123456700],
    ['12.34 GBP', 'GBP', 1234],
    ['12.34GBP', 'GBP', 1234],
    ['GBP 12.34', 'GBP', 1234],
    ['12.34 gbp', 'GBP', 1234],
    ['  £12.34  ', 'GBP', 1234],
    ['-12.34', 'GBP', -1234],
    ['-£12.34', 'GBP', -1234],
    ['£-12.34', 'GBP', -1234],
    ['- £1,234.56', 'GBP', -123456],
    ['-0', 'GBP', 0],
    ['¥500', 'JPY', 500],
    ['1,000 JPY', 'JPY', 1000],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
    ['1.234 KWD', 'KWD', 1234],
    ['$19.99', 'USD', 1999],
    ['€0.99', 'EUR', 99],
    ['90071992547409.91', 'GBP', Number.MAX_SAFE_INTEGER],
  ])('reads %j in %s as %i', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseAmount('-0.00', 'GBP'), 0)).toBe(true);
  });

  it.each([
    ['1.234', 'GBP', /more than 2 decimals/],
    ['12.5', 'JPY', /JPY has none/],
    ['1.2345', 'KWD', /more than 3 decimals/],
    ['1,23', 'GBP', /not an amount/],
    ['1,2345', 'GBP', /not an amount/],
    ['1234,567', 'GBP', /not an amount/],
    ['0,123', 'GBP', /not an amount/],
    ['12.3.4', 'GBP', /not an amount/],
    ['1e3', 'GBP', /not an amount/],
    ['', 'GBP', /not an amount/],
    ['   ', 'GBP', /not an amount/],
    ['£', 'GBP', /not an amount/],
    ['$12', 'GBP', /not an amount/],
    ['€12', 'GBP', /not an amount/],
    ['12 USD', 'GBP', /not an amount/],
    ['12.', 'GBP', /not an amount/],
    ['.5', 'GBP', /not an amount/],
    ['--12', 'GBP', /two minus signs/],
    ['-£-12', 'GBP', /two minus signs/],
    ['+12', 'GBP', /not an amount/],
    ['12 34', 'GBP', /not an amount/],
    ['1.234,56', 'GBP', /not an amount/],
    ['0x10', 'GBP', /not an amount/],
    ['Infinity', 'GBP', /not an amount/],
    ['90071992547409.92', 'GBP', /too large/],
    ['9007199254740993', 'JPY', /too large/],
  ])('refuses %j in %s', (text, currency, reason) => {
    const error = refusal(() => parseAmount(text, currency));
    expect(error.field).toBe('amount');
    expect(error.message).toMatch(reason);
  });

  it('refuses text that is not a string', () => {
    expect(refusal(() => parseAmount(12 as unknown as string, 'GBP')).field).toBe('amount');
  });

  it('refuses a bad currency code', () => {
    expect(refusal(() => parseAmount('12', 'XX')).field).toBe('currency');
  });
});

describe('formatAmount then parseAmount', () => {
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('gives back every amount it formats, in currencies of 0, 2, 3 and 4 decimals', () => {
    const next = random(20240101);
    const edges = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 1001, 999999, 1000000, Number.MAX_SAFE_INTEGER];
    const amounts = [...edges, ...edges.filter((amount) => amount > 0).map((amount) => -amount)];
    for (let index = 0; index < 2000; index++) {
      // Spread over every order of magnitude up to 2^53.
      const magnitude = 10 ** Math.floor(next() * 16);
      const amount = Math.floor(next() * magnitude);
      amounts.push(next() < 0.5 && amount > 0 ? -amount : amount);
    }
    let checked = 0;
    for (const currency of ['GBP', 'JPY', 'KWD', 'CLF', 'USD', 'EUR', 'CHF']) {
      for (const amount of amounts) {
        if (!Number.isSafeInteger(amount)) continue;
        const text = formatAmount(amount, currency);
        expect(parseAmount(text, currency), `${text} in ${currency}`).toBe(amount);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(14000);
  });
});

// Found by amount.fuzz.test.ts: describing such a value for the message threw a bare TypeError.
describe('values that cannot be turned into text', () => {
  it.each([
    ['a symbol', Symbol('x')],
    ['an object whose toString is not a function', { toString: [] }],
    ['a bigint', 10n],
  ])('are refused with a MonzoValidationError: %s', (_, value) => {
    expect(thrownBy(MonzoValidationError, () => formatAmount(value as never, 'GBP')).field).toBe('amount');
    expect(thrownBy(MonzoValidationError, () => parseAmount(value as never, 'GBP')).field).toBe('amount');
    expect(thrownBy(MonzoValidationError, () => parseAmount('1', value as never)).field).toBe('currency');
  });
});
