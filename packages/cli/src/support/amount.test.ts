import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { namedCurrency, parseMoveAmount, precheckAmount } from './amount.js';

describe('parseMoveAmount', () => {
  it.each([
    ['12.34', 1234],
    ['£12.34', 1234],
    ['12', 1200],
    ['12.3', 1230],
    ['0.01', 1],
    [' 12.34 ', 1234],
    ['1,234.56', 123456],
    ['12.34 GBP', 1234],
    ['GBP 5', 500],
    // Zeros past the pence change nothing: the amount is exact.
    ['12.340', 1234],
    ['£12.3400', 1234],
    ['1,234.500 GBP', 123450],
    ['7.000', 700],
  ])('reads %j as %i pence, exactly', (text, minor) => {
    expect(parseMoveAmount(text, 'GBP')).toBe(minor);
  });

  it('reads amounts that floats would round wrongly exactly', () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseMoveAmount('0.29', 'GBP')).toBe(29);
    expect(parseMoveAmount('1,000,000.07', 'GBP')).toBe(100_000_007);
  });

  it('reads in the currency of the pot: no decimals in JPY, three in KWD', () => {
    expect(parseMoveAmount('¥500', 'JPY')).toBe(500);
    expect(parseMoveAmount('1.234', 'KWD')).toBe(1234);
    expect(() => parseMoveAmount('5.5', 'JPY')).toThrow(UsageError);
    expect(parseMoveAmount('500.00', 'JPY')).toBe(500);
    expect(parseMoveAmount('1.2340', 'KWD')).toBe(1234);
  });

  it('refuses an amount in another currency, naming both, and converts nothing', () => {
    expect(() => parseMoveAmount('€5', 'GBP', 'the pot "Holiday"')).toThrow(
      '"€5" is in EUR, but the pot "Holiday" is in GBP: write the amount in GBP, such as 12.34',
    );
    expect(() => parseMoveAmount('12 usd', 'GBP')).toThrow(/"12 usd" is in USD, but the account is in GBP/);
  });

  it.each([
    ['0', /not more than zero/],
    ['0.00', /not more than zero/],
    ['-5', /not more than zero/],
    ['-£5', /not more than zero/],
    ['1.234', /more than 2 decimals/],
    ['1.2340', /amount "1\.2340" has more than 2 decimals/],
    ['12.3401', /more than 2 decimals/],
    ['', /not an amount/],
    ['abc', /not an amount/],
    ['12.34.5', /not an amount/],
    ['1e3', /not an amount/],
    ['1,23', /not an amount/],
    ['€12', /is in EUR, but the account is in GBP/],
    ['12 USD', /is in USD, but the account is in GBP/],
  ])('refuses %j as a usage error', (text, reason) => {
    expect(() => parseMoveAmount(text, 'GBP')).toThrow(UsageError);
    expect(() => parseMoveAmount(text, 'GBP')).toThrow(reason);
  });
});

describe('precheckAmount (before the currency is known)', () => {
  it('accepts what a GBP account takes, and amounts in the currency they name', () => {
    expect(() => precheckAmount('12.34')).not.toThrow();
    expect(() => precheckAmount('£12')).not.toThrow();
    expect(() => precheckAmount('¥500')).not.toThrow();
    expect(() => precheckAmount('€1.50')).not.toThrow();
  });

  it.each(['0', '-1', '1.234', 'twelve', '', '¥5.5'])('refuses %j', (text) => {
    expect(() => precheckAmount(text)).toThrow(UsageError);
  });
});

describe('namedCurrency', () => {
  it.each([
    ['£1', 'GBP'],
    ['-€1', 'EUR'],
    ['$1', 'USD'],
    ['12 eur', 'EUR'],
    ['JPY 500', 'JPY'],
    ['12.34', undefined],
    ['abc', undefined],
    ['twelve', undefined],
  ])('%j names %s', (text, currency) => {
    expect(namedCurrency(text)).toBe(currency);
  });
});
