import type { Account, Balance } from 'monzo-ts';
import type { ExportRecord } from './record.js';

/** One account's part of an export: the account, the time range asked for, and (when needed) its balance. */
export interface Statement {
  account: Account;
  /** The start of the range (inclusive): `--since`, the 90-day limit, or the account's opening. */
  start: Date;
  /** The end of the range (exclusive): `--before`, else the time of the export. */
  end: Date;
  /** The account's balance now, fetched only for writers that set `needsBalance`. */
  balance?: Balance;
  /** When the balance was read. */
  asOf: Date;
}

/**
 * A format, as text pieces in the order they go out. Writers hold no transactions: each piece is written (and
 * forgotten) before the next transaction is fetched, which keeps an export's memory flat however long it is.
 */
export interface ExportWriter {
  /** Reads the balance of each account first (OFX's LEDGERBAL). */
  readonly needsBalance: boolean;
  /** False for transactions this format leaves out (declined ones, in OFX and QIF: they moved no money). */
  accepts(record: ExportRecord): boolean;
  start(): string;
  beginAccount(statement: Statement): string;
  transaction(record: ExportRecord): string;
  endAccount(statement: Statement): string;
  end(): string;
}

/** The formats, in the order `--help` lists them. */
export const FORMATS = ['csv', 'json', 'ndjson', 'ofx', 'qif'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export function isFormat(value: string): value is ExportFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/** Every transaction is kept. */
export const acceptAll = (): boolean => true;
/** Only transactions that moved (or will move) money. */
export const acceptMoneyMoved = (record: ExportRecord): boolean => record.status !== 'declined';
