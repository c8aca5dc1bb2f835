import { MonzoValidationError, parseAmount } from 'monzo-ts';
import { UsageError } from '../errors.js';

/** The currencies a person may name in an amount, by symbol. */
const SYMBOLS: Record<string, string> = { '£': 'GBP', '€': 'EUR', $: 'USD', '¥': 'JPY' };

/**
 * An amount of money to move, as a person writes it (`12.34`, `£12.34`, `12`, `12.34 GBP`), in exact minor
 * units of `currency`. Zero, negative, malformed and over-precise amounts (`1.234` in GBP) are a usage error:
 * moving money on a misread amount is worse than asking again.
 */
export function parseMoveAmount(text: string, currency: string): number {
  let minor: number;
  try {
    minor = parseAmount(text, currency);
  } catch (error) {
    if (error instanceof MonzoValidationError) throw new UsageError(withoutField(error.message));
    throw error;
  }
  if (minor <= 0) {
    throw new UsageError(
      `${JSON.stringify(text)} is not more than zero; write the amount to move, such as 12.34`,
    );
  }
  return minor;
}

/**
 * The check made before any request, when the account's currency is not known yet: the amount is read in the
 * currency it names, else in GBP, the currency of Monzo's UK accounts. The move reads it again in the pot's
 * currency once the pot is known, so this check can only refuse early, never decide the amount.
 */
export function precheckAmount(text: string): void {
  parseMoveAmount(text, namedCurrency(text) ?? 'GBP');
}

/** The currency an amount names by symbol (`£12`) or ISO code (`12 EUR`, `EUR 12`), if any. */
export function namedCurrency(text: string): string | undefined {
  const rest = text.trim().replace(/^-\s*/, '');
  const symbol = SYMBOLS[rest.charAt(0)];
  if (symbol) return symbol;
  const code = /^([A-Za-z]{3})\b|\b([A-Za-z]{3})$/.exec(rest);
  return code ? (code[1] ?? code[2])?.toUpperCase() : undefined;
}

/** `amount: "x" is not an amount…` reads better on a command line without the SDK's field name. */
function withoutField(message: string): string {
  return message.replace(/^amount: /, 'amount ');
}
