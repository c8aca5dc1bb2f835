import type { Merchant, Transaction } from 'monzo-ts';
import { HistoryError } from '../../errors.js';
import { type MerchantVersion, MerchantVersions } from './merchants.js';
import {
  COLUMN,
  describeShape,
  isPlainObject,
  MERCHANT,
  type Plan,
  rebuild,
  type Shape,
  ShapeSplitter,
  Step,
  skipped,
  type TopLevel,
  VALUE,
} from './shape.js';

/**
 * How a transaction is stored, the same on every store: the columns the queries need, its merchant once per
 * version in a table of its own, and the rest of its JSON split into a shape (kept once, in a table) and its
 * values. Nothing is kept twice: a field a column holds exactly is left out of the values, and read back from
 * the column; one it would not give back exactly (a time not in the columns' form, say) stays in the values
 * too. Reads rebuild the transaction deep-equal to what the API returned, keys in its order, merchant expanded.
 */
export interface TransactionRow {
  id: string;
  account_id: string;
  /** Milliseconds since 1970 (the columns' times; `0` for a time that does not parse). */
  created: number;
  /** `null` while pending (Monzo sends `""`). */
  settled: number | null;
  updated: number | null;
  amount: number | null;
  currency: string | null;
  description: string | null;
  category: string | null;
  declined: 0 | 1;
  merchant: MerchantVersion | null;
  /** `null`: `body` is the whole transaction's JSON (a shape past the most one store keeps in mind). */
  shape: Shape | null;
  body: string;
}

/**
 * The columns a `TransactionRow` fills besides its id, in the order both stores write them (the stores add who
 * stored it and when).
 */
export const ROW_COLUMNS = [
  'account_id',
  'created',
  'settled',
  'updated',
  'amount',
  'currency',
  'description',
  'category',
  'declined',
  'merchant',
  'shape',
  'body',
] as const;

/**
 * A row as a store reads it back: its columns as written, times as milliseconds; the shape (as its plan) and the
 * merchant (as its JSON) come beside it, and `declined` is the transaction's own `decline_reason`.
 */
export type StoredRow = Omit<TransactionRow, 'declined' | 'merchant' | 'shape'>;

/** The most shapes one store keeps in mind; a transaction of yet another shape is kept as its whole JSON. */
export const MOST_SHAPES = 4_096;

/** The columns' form of a time: milliseconds, for RFC 3339 text that parses; else `null`. */
export function toMillis(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** A columns' time as the API writes it (RFC 3339 UTC, milliseconds). */
export function fromMillis(time: number): string {
  return new Date(time).toISOString();
}

/** The time a column gives back: `null` is `""`, as Monzo writes a time not yet known (`settled`). */
export function timeOfColumn(time: number | null): string {
  return time === null ? '' : fromMillis(time);
}

/** Turns transactions into rows and rows back into transactions; one per store (it remembers shapes seen). */
export class TransactionCodec {
  readonly shapes = new ShapeSplitter();
  readonly merchants = new MerchantVersions();

  /** The row of `transaction`, of `accountId` unless it names its own account. */
  encode(transaction: Transaction<Merchant> | Transaction<string>, accountId: string): TransactionRow {
    const tx = transaction as unknown as Record<string, unknown>;
    if (!isPlainObject(tx) || typeof tx.id !== 'string' || tx.id === '') {
      throw new HistoryError(
        'BAD_OPTION',
        'a transaction to store has no id: pass transactions as the API returns them',
      );
    }
    const merchant = tx.merchant;
    const row: TransactionRow = {
      id: tx.id,
      account_id: typeof tx.account_id === 'string' && tx.account_id !== '' ? tx.account_id : accountId,
      created: 0,
      settled: toMillis(tx.settled),
      updated: toMillis(tx.updated),
      amount: Number.isSafeInteger(tx.amount) ? (tx.amount as number) : null,
      currency: typeof tx.currency === 'string' ? tx.currency : null,
      description: typeof tx.description === 'string' ? tx.description : null,
      category: typeof tx.category === 'string' ? tx.category : null,
      declined: tx.decline_reason ? 1 : 0,
      merchant: null,
      shape: null,
      body: '',
    };
    const created = toMillis(tx.created);
    if (created !== null) row.created = created;
    const splitter = this.shapes;
    const grow = splitter.size < MOST_SHAPES;
    const values: unknown[] = [];
    let node = splitter.root;
    for (const key in tx) {
      const value = tx[key];
      if (skipped(value)) continue;
      node = node.key(key, grow);
      const kind = topLevel(row, key, value, created);
      if (kind === COLUMN) node = node.step(Step.Column, grow);
      else if (kind === MERCHANT) node = node.step(Step.Merchant, grow);
      else node = splitter.walk(node, value, values, grow);
    }
    row.shape = splitter.end(node, grow, () =>
      describeShape(tx, (key) => topLevel(row, key, tx[key], created)),
    );
    if (row.shape) {
      if (isMerchant(merchant)) row.merchant = this.merchants.versionOf(merchant);
      row.body = JSON.stringify(values);
    } else row.body = JSON.stringify(tx);
    return row;
  }

  /**
   * The transaction a row holds: `plan` is its shape's (`undefined` for a row of whole JSON), `merchant` the
   * JSON of its merchant's version. Throws if the row does not fit its shape (a damaged database).
   */
  decode(row: StoredRow, plan: Plan | undefined, merchant: string | undefined): Transaction<Merchant> {
    const parsed: unknown = JSON.parse(row.body);
    if (!plan) {
      if (!isPlainObject(parsed)) throw new Error('the transaction is not a JSON object');
      return parsed as unknown as Transaction<Merchant>;
    }
    if (!Array.isArray(parsed)) throw new Error("the transaction's values are not a JSON array");
    const source = {
      values: parsed,
      next: 0,
      column: (key: string) => columnValue(row, key),
      merchant: () => {
        if (merchant === undefined) throw new Error("the transaction's merchant is missing");
        return JSON.parse(merchant);
      },
    };
    const transaction = rebuild(plan, source);
    if (source.next !== parsed.length) throw new Error("the transaction's values do not fit its shape");
    return transaction as unknown as Transaction<Merchant>;
  }
}

/** Whether a column holds a top-level field exactly (so that it is not kept in the values too), or the merchant. */
function topLevel(row: TransactionRow, key: string, value: unknown, created: number | null): TopLevel {
  switch (key) {
    case 'id':
      return COLUMN;
    case 'account_id':
      return value === row.account_id ? COLUMN : VALUE;
    case 'created':
      return created !== null && isTimeOf(created, value) ? COLUMN : VALUE;
    case 'settled':
      return isTimeOfColumn(row.settled, value) ? COLUMN : VALUE;
    case 'updated':
      return isTimeOfColumn(row.updated, value) ? COLUMN : VALUE;
    case 'amount':
      return row.amount !== null ? COLUMN : VALUE;
    case 'currency':
      return row.currency !== null ? COLUMN : VALUE;
    case 'description':
      return row.description !== null ? COLUMN : VALUE;
    case 'category':
      return row.category !== null ? COLUMN : VALUE;
    case 'merchant':
      return isMerchant(value) ? MERCHANT : VALUE;
    default:
      return VALUE;
  }
}

/** An expanded merchant: an object with its id. */
function isMerchant(value: unknown): value is Record<string, unknown> & { id: string } {
  return isPlainObject(value) && typeof value.id === 'string';
}

/** Whether `value` is what a time column holding `time` gives back (`null`: `""`). */
function isTimeOfColumn(time: number | null, value: unknown): boolean {
  return time === null ? value === '' : isTimeOf(time, value);
}

/**
 * Whether `value` is `time` as `fromMillis` writes it. Most are (Monzo writes times so), and for those a look
 * at the text does: it has the form, and a day and hour that `Date.parse` cannot have carried over into the
 * next month or day (it takes 30 February as 2 March, and 24:00 as the next day); the rest are written and
 * compared.
 */
function isTimeOf(time: number, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (CANONICAL.test(value) && atMost(value, 8, 28) && atMost(value, 11, 23)) return true;
  return fromMillis(time) === value;
}

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\d\dZ$/;

/** Whether the two digits at `at` are at most `most`. */
function atMost(text: string, at: number, most: number): boolean {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48 <= most;
}

/** A top-level field a column holds, as the API wrote it. */
function columnValue(row: StoredRow, key: string): unknown {
  switch (key) {
    case 'id':
      return row.id;
    case 'account_id':
      return row.account_id;
    case 'created':
      return fromMillis(row.created);
    case 'settled':
      return timeOfColumn(row.settled);
    case 'updated':
      return timeOfColumn(row.updated);
    case 'amount':
      return row.amount;
    case 'currency':
      return row.currency;
    case 'description':
      return row.description;
    case 'category':
      return row.category;
    default:
      throw new Error(`no column holds ${key}`);
  }
}
