import type { Merchant, Transaction } from 'monzo-ts';
import { type Plan, planOf } from '../codec/shape.js';
import { type StoredRow, TransactionCodec, type TransactionRow } from '../codec/transaction.js';
import type { Queryable, Row } from './database.js';
import { damagedRow } from './errors.js';
import { numberMerchant, numberShape } from './page.js';

/** The columns a read takes, for `decode`. */
export const READ_COLUMNS =
  'id, account_id, created, settled, updated, amount, currency, description, category, merchant, shape, body';

/**
 * The transactions table on PostgreSQL (schema 3; see `codec/transaction.ts` for the form of a row): encodes
 * transactions, numbering their shapes and merchants (each found or added once, in statements of their own that
 * commit at once: a shape or a merchant version is the same whichever page wrote it, so one left by a page that
 * failed does no harm) for `page.ts` to write, and reads rows back into the transactions the API returned.
 */
export class PostgresTransactions {
  readonly codec = new TransactionCodec();
  readonly #plans = new Map<number, Plan>();
  readonly #merchantJson = new Map<number, string>();

  constructor(readonly shown: string) {}

  /** The rows of `transactions`, their shapes and merchants numbered in the database through `db`. */
  async encode(
    db: Queryable,
    transactions: readonly unknown[],
    accountId: string,
  ): Promise<TransactionRow[]> {
    const rows = transactions.map((transaction) => this.codec.encode(transaction as never, accountId));
    for (const row of rows) {
      if (row.shape && row.shape.id === undefined) await numberShape(db, row.shape);
      if (row.merchant && row.merchant.n === undefined) await numberMerchant(db, row.merchant);
    }
    return rows;
  }

  /** The transactions rows read with `READ_COLUMNS` hold; a row that does not decode is a damaged database. */
  async decode(db: Queryable, rows: readonly Row[]): Promise<Transaction<Merchant>[]> {
    await this.#load(db, rows);
    return rows.map((row) => {
      try {
        const plan = row.shape === null ? undefined : this.#plans.get(Number(row.shape));
        if (row.shape !== null && !plan) throw new Error(`shape ${row.shape} is missing or not a shape`);
        const merchant = row.merchant === null ? undefined : this.#merchantJson.get(Number(row.merchant));
        return this.codec.decode(storedRow(row), plan, merchant);
      } catch (error) {
        throw damagedRow(this.shown, 'transactions.body', error);
      }
    });
  }

  /** Reads the shapes and merchants of `rows` not yet in mind, one query each. */
  async #load(db: Queryable, rows: readonly Row[]): Promise<void> {
    const missing = (column: string, known: Map<number, unknown>) => [
      ...new Set(
        rows.flatMap((row) =>
          row[column] === null || known.has(Number(row[column])) ? [] : [Number(row[column])],
        ),
      ),
    ];
    const shapes = missing('shape', this.#plans);
    if (shapes.length > 0) {
      const { rows: found } = await db.query('SELECT n, shape FROM shapes WHERE n = ANY($1::int[])', [
        shapes,
      ]);
      for (const shape of found) {
        const plan = planOf(String(shape.shape));
        if (plan) this.#plans.set(Number(shape.n), plan);
      }
    }
    const merchants = missing('merchant', this.#merchantJson);
    if (merchants.length > 0) {
      const { rows: found } = await db.query(
        'SELECT n, json::text AS json FROM merchants WHERE n = ANY($1::int[])',
        [merchants],
      );
      for (const merchant of found) this.#merchantJson.set(Number(merchant.n), String(merchant.json));
    }
  }
}

/**
 * The columns a transaction's row has in every schema, as the codec takes them: times (RFC 3339 strings from the
 * driver) as milliseconds.
 */
export function columnValues(row: Row) {
  const time = (value: unknown) => (value === null ? null : Date.parse(String(value)));
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    id: String(row.id),
    account_id: String(row.account_id),
    created: Date.parse(String(row.created)),
    settled: time(row.settled),
    updated: time(row.updated),
    amount: row.amount === null ? null : Number(row.amount),
    currency: text(row.currency),
    description: text(row.description),
    category: text(row.category),
  };
}

/** A row as the codec reads it. */
function storedRow(row: Row): StoredRow {
  return {
    ...columnValues(row),
    body: String(row.body),
  };
}
