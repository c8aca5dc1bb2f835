import { currencyDecimals, type Merchant, type Transaction } from 'monzo-ts';

/** Where a transaction stands: settled, still pending, or declined (no money moved). */
export type ExportStatus = 'settled' | 'pending' | 'declined';

/**
 * One transaction as every export format sees it: flat, with the merchant's name rather than its id, and the
 * amount both in minor units and as major-unit text. Each writer picks its fields from this, so the formats
 * cannot disagree on a value.
 */
export interface ExportRecord {
  id: string;
  account_id: string;
  /** When it happened: ISO 8601, UTC. */
  created: string;
  /** When it settled (ISO 8601), or `''` while pending or when declined. */
  settled: string;
  status: ExportStatus;
  /** Minor units (pence), negative for money out: what `amount` means in every JSON the CLI prints, as in Monzo's. */
  amount: number;
  /** The same amount in major units as exact decimal text (`-26.68`), for CSV, OFX and QIF. */
  amount_major: string;
  currency: string;
  /** The text on the statement, as the card scheme or bank sent it. */
  description: string;
  /** The merchant's name, when there is a merchant. */
  merchant: string;
  /** The other side of a bank transfer, when there is one. */
  counterparty: string;
  category: string;
  notes: string;
  /** Why it was declined (`INSUFFICIENT_FUNDS`…), `''` otherwise. */
  decline_reason: string;
}

/**
 * Flattens a transaction of `accountId` (fetched with `expand: ['merchant']`) into an export record. A move to
 * or from a pot is described by Monzo with the pot's id alone: `potNames` (see `potLabels`) gives the name a
 * person knows it by (`pot: Bills`), as `monzo transactions` shows it.
 */
export function toRecord(
  transaction: Transaction,
  accountId: string,
  potNames: ReadonlyMap<string, string> = new Map(),
): ExportRecord {
  const { merchant } = transaction;
  return {
    id: transaction.id,
    account_id: transaction.account_id || accountId,
    created: transaction.created,
    settled: transaction.settled || '',
    status: statusOf(transaction),
    amount: transaction.amount,
    amount_major: majorUnits(transaction.amount, transaction.currency),
    currency: transaction.currency,
    description: potNames.get(transaction.description) ?? transaction.description ?? '',
    merchant: merchantName(merchant),
    counterparty: transaction.counterparty?.name ?? '',
    category: transaction.category ?? '',
    notes: transaction.notes ?? '',
    decline_reason: transaction.decline_reason ?? '',
  };
}

function statusOf(transaction: Transaction): ExportStatus {
  if (transaction.decline_reason) return 'declined';
  return transaction.settled ? 'settled' : 'pending';
}

/** Unexpanded, a merchant is only an id: no name to show. */
function merchantName(merchant: Merchant | string | null): string {
  return typeof merchant === 'object' && merchant !== null ? (merchant.name ?? '') : '';
}

/** Who was paid or who paid, for formats with a payee field: the merchant, the other party, else the text. */
export function payeeOf(record: ExportRecord): string {
  return record.merchant || record.counterparty || record.description;
}

/**
 * What a memo adds to the payee: the description and the notes, each once, and neither when it only repeats
 * the payee (a note that says what the description says is not written twice).
 */
export function memoParts(record: ExportRecord, payee: string): string[] {
  const parts: string[] = [];
  for (const part of [record.description.trim(), record.notes.trim()]) {
    if (part && part !== payee.trim() && !parts.includes(part)) parts.push(part);
  }
  return parts;
}

/**
 * Minor units as major-unit decimal text, exactly (no floating point): -2668 GBP → `-26.68`, 500 JPY → `500`,
 * 1234 KWD → `1.234`.
 */
export function majorUnits(minor: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const digits = Math.abs(minor)
    .toString()
    .padStart(decimals + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (decimals === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
