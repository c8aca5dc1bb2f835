import { currencyDecimals, MonzoValidationError, parseAmount } from 'monzo-ts';
import { UsageError } from '../errors.js';

/** The currencies a person may name in an amount, by symbol. */
const SYMBOLS: Record<string, string> = { '£': 'GBP', '€': 'EUR', $: 'USD', '¥': 'JPY' };

/**
 * An amount of money to move, as a person writes it (`12.34`, `£12.34`, `12`, `12.34 GBP`), in exact minor
 * units of `currency`, the currency of `holder` (`the pot "Holiday"`). Zero, negative, malformed and
 * over-precise amounts (`1.234` in GBP) are a usage error: moving money on a misread amount is worse than asking
 * again. Zeros past the currency's decimals change nothing and are accepted (`12.340` is 1234p). An amount in
 * another currency (`€5` for a GBP pot) is refused as such: nothing is converted.
 */
export function parseMoveAmount(text: string, currency: string, holder = 'the account'): number {
  const named = namedCurrency(text);
  if (named && named !== currency.toUpperCase()) {
    throw new UsageError(
      `${JSON.stringify(text)} is in ${named}, but ${holder} is in ${currency}: write the amount in ${currency}, ` +
        `such as ${example(currency)}`,
    );
  }
  let minor: number;
  try {
    minor = parseAmount(withoutExtraZeros(text, currency), currency);
  } catch (error) {
    if (error instanceof MonzoValidationError) throw new UsageError(withoutField(error.message, text));
    throw error;
  }
  if (minor <= 0) {
    throw new UsageError(
      `${JSON.stringify(text)} is not more than zero; write the amount to move, such as 12.34`,
    );
  }
  return minor;
}

/** `12.340` → `12.34` in GBP (and `12.000` → `12` in JPY): only zeros are dropped, so the value is unchanged. */
export function withoutExtraZeros(text: string, currency: string): string {
  const decimals = currencyDecimals(currency);
  return text.replace(/(\d)\.(\d+)(?!\d)/, (whole, digit: string, fraction: string) => {
    if (fraction.length <= decimals || /[^0]/.test(fraction.slice(decimals))) return whole;
    const kept = fraction.slice(0, decimals);
    return kept ? `${digit}.${kept}` : digit;
  });
}

function example(currency: string): string {
  const decimals = currencyDecimals(currency);
  return decimals === 0 ? '500' : `12.${'34'.padEnd(decimals, '0').slice(0, decimals)}`;
}

/**
 * The check made before any request, when the account's currency is not known yet: the amount is read in the
 * currency it names, else in GBP, the currency of Monzo's UK accounts. The move reads it again in the pot's
 * currency once the pot is known, so this check can only refuse early, never decide the amount.
 */
export function precheckAmount(text: string): void {
  parseMoveAmount(text, namedCurrency(text) ?? 'GBP');
}

/**
 * The currency an amount names by symbol (`£12`) or ISO code (`12 EUR`, `EUR 12`), if any. A word without digits
 * beside it (`abc`) names none: it is not an amount at all.
 */
export function namedCurrency(text: string): string | undefined {
  const rest = text.trim().replace(/^-\s*/, '');
  const symbol = SYMBOLS[rest.charAt(0)];
  if (symbol) return symbol;
  const code = /^([A-Za-z]{3})\s*\d|\d\s*([A-Za-z]{3})$/.exec(rest);
  return code ? (code[1] ?? code[2])?.toUpperCase() : undefined;
}

/**
 * `amount: "x" is not an amount…` reads better on a command line without the SDK's field name, and with the
 * text as typed (the SDK saw it without its extra zeros).
 */
function withoutField(message: string, text: string): string {
  return message.replace(/^amount: "(?:[^"\\]|\\.)*"/, `amount ${JSON.stringify(text)}`);
}
