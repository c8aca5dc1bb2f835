import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../test/support/fuzz.js';
import { MonzoValidationError } from '../core/errors.js';
import { currencyDecimals, formatAmount, parseAmount } from './amount.js';

/**
 * Amounts as people type them, read into exact minor units whatever the currency's exponent: what
 * `formatAmount` writes reads back as the same amount, what a person writes reads as they meant it, and
 * anything else is a `MonzoValidationError`, never a wrong number.
 */

const RUNS = 5000;

/** Currencies of every exponent, in either case, and codes the SDK has never heard of (2 decimals). */
const currency = fc.oneof(
  fc.constantFrom('GBP', 'EUR', 'USD', 'JPY', 'KWD', 'BHD', 'CLF', 'ISK', 'gbp', 'jpy', 'Kwd'),
  fc.stringMatching(/^[A-Za-z]{3}$/),
);

const minorUnits = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.maxSafeInteger(),
  fc.constantFrom(0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
);

/** Calls `parse`, and checks that it either gives a safe integer or throws a MonzoValidationError. */
function valueOrValidationError(parse: () => number): number | undefined {
  try {
    const value = parse();
    expect(Number.isSafeInteger(value)).toBe(true);
    return value;
  } catch (error) {
    expect(error).toBeInstanceOf(MonzoValidationError);
    return undefined;
  }
}

/** `digits` with thousands separators. */
function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Any value a program might pass by mistake, symbols and objects that cannot be turned into text included. */
const anything = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true }),
  fc.constantFrom(Symbol('x'), { toString: null }, Object.create(null), () => 1, Number.NaN, 1.5, -0),
);

describe('parseAmount and formatAmount', () => {
  it('read back every amount they write, in every currency', () => {
    fc.assert(
      fc.property(minorUnits, currency, (amount, code) => {
        expect(parseAmount(formatAmount(amount, code), code)).toBe(amount);
      }),
      fuzz(RUNS),
    );
  });

  it('read an amount as a person writes it (sign, symbol or code, separators, fewer decimals) exactly', () => {
    const written = fc.record({
      code: currency,
      whole: fc.oneof(fc.nat({ max: 9_999_999 }), fc.bigInt({ min: 0n, max: 10n ** 13n }).map(Number)),
      fraction: fc.stringMatching(/^\d{0,4}$/),
      negative: fc.boolean(),
      separators: fc.boolean(),
      label: fc.constantFrom('none', 'symbol', 'code-before', 'code-after', 'code-lower'),
      spaces: fc.constantFrom('', ' ', '  '),
    });
    fc.assert(
      fc.property(written, (typed) => {
        const decimals = currencyDecimals(typed.code);
        const fraction = typed.fraction.slice(0, decimals);
        const digits = String(typed.whole);
        const number = `${typed.separators ? grouped(digits) : digits}${fraction ? `.${fraction}` : ''}`;
        const upper = typed.code.toUpperCase();
        const symbol = ({ GBP: '£', EUR: '€', USD: '$', JPY: '¥' } as Record<string, string>)[upper];
        const s = typed.spaces;
        const labelled =
          typed.label === 'symbol' && symbol
            ? `${symbol}${s}${number}`
            : typed.label === 'code-before'
              ? `${upper}${s}${number}`
              : typed.label === 'code-after'
                ? `${number}${s}${upper}`
                : typed.label === 'code-lower'
                  ? `${number}${s}${upper.toLowerCase()}`
                  : number;
        const text = `${s}${typed.negative ? '-' : ''}${labelled}${s}`;
        const minor =
          BigInt(digits) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
        const expected = typed.negative ? -minor : minor;
        const parsed = valueOrValidationError(() => parseAmount(text, typed.code));
        if (minor > BigInt(Number.MAX_SAFE_INTEGER)) expect(parsed).toBeUndefined();
        else expect(parsed).toBe(expected === 0n ? 0 : Number(expected));
      }),
      fuzz(RUNS),
    );
  });

  it('refuse more decimals than the currency has, rather than round them', () => {
    fc.assert(
      fc.property(currency, fc.nat({ max: 99_999 }), fc.integer({ min: 1, max: 3 }), (code, whole, extra) => {
        const decimals = currencyDecimals(code);
        const text = `${whole}.${'1'.repeat(decimals + extra)}`;
        expect(() => parseAmount(text, code)).toThrow(MonzoValidationError);
      }),
      fuzz(RUNS),
    );
  });

  it('give a whole number or a MonzoValidationError for any text, and a number they give reads back the same', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ maxLength: 20, unit: 'binary' }),
      fc
        .array(
          fc.constantFrom('0', '1', '9', ',', '.', '-', ' ', '£', '$', 'GBP', 'e', '+', '\u00a0', '٣', 'JPY'),
          {
            maxLength: 12,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, currency, (typed, code) => {
        const parsed = valueOrValidationError(() => parseAmount(typed, code));
        if (parsed !== undefined) expect(parseAmount(formatAmount(parsed, code), code)).toBe(parsed);
      }),
      fuzz(RUNS),
    );
  });

  it('refuse anything that is not text, or not a currency code, with a MonzoValidationError', () => {
    fc.assert(
      fc.property(anything, fc.oneof(currency, anything), (typed, code) => {
        valueOrValidationError(() => parseAmount(typed as string, code as string));
        try {
          formatAmount(typed as number, code as string);
        } catch (error) {
          expect(error).toBeInstanceOf(MonzoValidationError);
        }
      }),
      fuzz(RUNS),
    );
  });
});
