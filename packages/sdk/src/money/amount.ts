import { describeValue } from '../core/encode.js';
import { MonzoValidationError } from '../core/errors.js';

/** ISO 4217 currencies whose minor unit is not the hundredth; every other code has 2 decimals. */
const DECIMALS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const SYMBOLS: Record<string, string> = { GBP: '£', EUR: '€', USD: '$', JPY: '¥' };

/** How many decimals the minor unit of an ISO 4217 currency has (GBP 2, JPY 0, KWD 3). */
export function currencyDecimals(currency: string): number {
  return DECIMALS[requireCurrency(currency)] ?? 2;
}

/**
 * Formats an amount in minor units as a person reads it.
 *
 * @example formatAmount(-123456, 'GBP') // '-£1,234.56'
 * @example formatAmount(500, 'JPY') // '¥500'
 */
export function formatAmount(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new MonzoValidationError(
      'amount',
      `must be a whole number of minor units, got ${describeValue(amount)}`,
    );
  }
  const code = requireCurrency(currency);
  const decimals = currencyDecimals(code);
  const digits = Math.abs(amount)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = decimals > 0 ? `${whole}.${digits.slice(-decimals)}` : whole;
  const sign = amount < 0 ? '-' : '';
  const symbol = SYMBOLS[code];
  return symbol ? `${sign}${symbol}${number}` : `${sign}${number} ${code}`;
}

// A grouped number cannot start with 0: `0,123` reads as 0.123 with a decimal comma.
const AMOUNT = /^(-)?(?:([1-9]\d{0,2}(?:,\d{3})+)|(\d+))(?:\.(\d+))?$/;

/**
 * Reads an amount as a person types it into exact minor units: `12.34`, `£12.34`, `1,234.5`, `12`, `-3`,
 * `12.34 GBP`. Refuses what could be misread: more decimals than the currency has (`1.234` in GBP), commas
 * that are not thousands separators (`1,23`), another currency's symbol or code, exponents, empty text.
 *
 * @example parseAmount('£12.34', 'GBP') // 1234
 */
export function parseAmount(text: string, currency: string): number {
  const code = requireCurrency(currency);
  const decimals = currencyDecimals(code);
  if (typeof text !== 'string') throw invalid(text, code, 'is not text');
  let rest = text.trim();
  let negative = false;
  if (rest.startsWith('-')) {
    negative = true;
    rest = rest.slice(1).trimStart();
  }
  rest = stripCurrency(rest, code);
  const match = AMOUNT.exec(rest);
  if (!match) throw invalid(text, code, 'is not an amount');
  const [, innerSign, grouped, plain, fraction = ''] = match;
  if (innerSign && negative) throw invalid(text, code, 'has two minus signs');
  if (fraction.length > decimals) {
    throw invalid(
      text,
      code,
      decimals === 0 ? `has decimals, but ${code} has none` : `has more than ${decimals} decimals`,
    );
  }
  const wholeDigits = (grouped ?? plain ?? '').replace(/,/g, '');
  const minor = Number(wholeDigits + fraction.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(minor)) throw invalid(text, code, 'is too large');
  return negative || innerSign ? -minor || 0 : minor;
}

function stripCurrency(text: string, code: string): string {
  let rest = text;
  const symbol = SYMBOLS[code];
  if (symbol && rest.startsWith(symbol)) rest = rest.slice(symbol.length);
  else if (rest.toUpperCase().startsWith(code)) rest = rest.slice(code.length);
  else if (rest.toUpperCase().endsWith(code)) rest = rest.slice(0, -code.length);
  return rest.trim();
}

function requireCurrency(currency: string): string {
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    throw new MonzoValidationError(
      'currency',
      `must be an ISO 4217 code such as GBP, got ${describeValue(currency)}`,
    );
  }
  return currency.toUpperCase();
}

function invalid(text: unknown, currency: string, reason: string): MonzoValidationError {
  const shown = describeValue(text);
  return new MonzoValidationError(
    'amount',
    `${shown} ${reason}; write an amount in ${currency} such as 12.34`,
  );
}
