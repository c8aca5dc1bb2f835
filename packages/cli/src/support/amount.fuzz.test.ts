import fc from 'fast-check';
import { currencyDecimals } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../../sdk/test/support/fuzz.js';
import { UsageError } from '../errors.js';
import { namedCurrency, parseMoveAmount, precheckAmount } from './amount.js';

/**
 * An amount of money to move, typed by a person: exact minor units of the pot's currency, or a UsageError
 * (exit 2) for anything zero, negative, malformed, over-precise or in another currency. Never a misread amount.
 */

const RUNS = 5000;
const currency = fc.constantFrom('GBP', 'EUR', 'USD', 'JPY', 'KWD', 'CLF', 'CHF');

/** The pence of `whole.fraction`, or undefined when it has a non-zero digit beyond the currency's decimals. */
function exactMinor(whole: string, fraction: string, decimals: number): bigint | undefined {
  if (/[^0]/.test(fraction.slice(decimals))) return undefined;
  return (
    BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.slice(0, decimals).padEnd(decimals, '0') || '0')
  );
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const SYMBOL: Record<string, string> = { GBP: '£', EUR: '€', USD: '$', JPY: '¥' };

describe('parseMoveAmount, whatever is typed', () => {
  it('reads an amount written in the pot currency exactly, refusing zero and over-precise ones', () => {
    const typed = fc.record({
      code: currency,
      whole: fc.stringMatching(/^(0|[1-9]\d{0,12})$/),
      fraction: fc.stringMatching(/^\d{0,6}$/),
      separators: fc.boolean(),
      label: fc.constantFrom('none', 'symbol', 'code-before', 'code-after'),
    });
    fc.assert(
      fc.property(typed, ({ code, whole, fraction, separators, label }) => {
        const number = `${separators ? grouped(whole) : whole}${fraction ? `.${fraction}` : ''}`;
        const text =
          label === 'symbol' && SYMBOL[code]
            ? `${SYMBOL[code]}${number}`
            : label === 'code-before'
              ? `${code} ${number}`
              : label === 'code-after'
                ? `${number} ${code}`
                : number;
        const minor = exactMinor(whole, fraction, currencyDecimals(code));
        let parsed: number | undefined;
        try {
          parsed = parseMoveAmount(text, code);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
        if (minor === undefined || minor === 0n || minor > BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(parsed).toBeUndefined();
        } else {
          expect(parsed).toBe(Number(minor));
        }
      }),
      fuzz(RUNS),
    );
  });

  it('refuses a negative amount, and one in another currency, as a usage error', () => {
    fc.assert(
      fc.property(currency, currency, fc.integer({ min: 1, max: 99_999 }), (pot, written, whole) => {
        expect(() => parseMoveAmount(`-${whole}`, pot)).toThrow(UsageError);
        if (pot !== written) expect(() => parseMoveAmount(`${whole} ${written}`, pot)).toThrow(UsageError);
      }),
      fuzz(RUNS),
    );
  });

  it('gives a positive whole number of minor units or a UsageError for any text, never another error', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ maxLength: 20, unit: 'binary' }),
      fc
        .array(
          fc.constantFrom(
            '0',
            '1',
            '5',
            '9',
            ',',
            '.',
            '-',
            ' ',
            '£',
            '€',
            '¥',
            'GBP',
            'jpy',
            'e',
            '+',
            '\n',
          ),
          {
            maxLength: 12,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, currency, (typed, code) => {
        expect(() => namedCurrency(typed)).not.toThrow();
        for (const read of [() => parseMoveAmount(typed, code), () => precheckAmount(typed)]) {
          try {
            const minor = read();
            if (minor !== undefined) {
              expect(Number.isSafeInteger(minor)).toBe(true);
              expect(minor).toBeGreaterThan(0);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
          }
        }
      }),
      fuzz(RUNS),
    );
  });
});
