import type { Merchant, Transaction } from 'monzo-ts';
import type { MerchantVersion } from '../codec/merchants.js';
import type { Plan, Shape } from '../codec/shape.js';
import { planOf } from '../codec/shape.js';
import { ROW_COLUMNS, type StoredRow, TransactionCodec, type TransactionRow } from '../codec/transaction.js';
import type { Database, Row, SqlValue, Statement } from './database.js';
import { damagedRow } from './errors.js';

/** Who stored a row, and when it was first seen and last changed (milliseconds). */
export interface RowOwner {
  user_id: string;
  first_seen: number;
  last_changed: number;
}

/** Rows per insert statement: 1,600 parameters, well within SQLite's limit (32,766 since 3.32). */
const ROWS_PER_INSERT = 100;

/** The columns an insert sets, in the order `saveAll` gives their values. */
const COLUMNS = ['id', 'user_id', ...ROW_COLUMNS, 'first_seen', 'last_changed'];

/** The columns a read takes, in the order `StoredRow` has them, for `decode`. */
export const READ_COLUMNS =
  'id, account_id, created, settled, updated, amount, currency, description, category, merchant, shape, body';

/**
 * The transactions table on SQLite (schema 3; see `codec/transaction.ts` for the form of a row): writes a
 * transaction's row with its shape and merchant (each found or added once), and reads rows back into the
 * transactions the API returned. Numbers given to shapes and merchants are remembered, and forgotten again if
 * the transaction that wrote them does not commit.
 */
export class SqliteTransactions {
  readonly codec = new TransactionCodec();
  readonly #db: Database;
  readonly #table: string;
  readonly #insert: Statement;
  /** Inserts of 1 to `ROWS_PER_INSERT` rows at once, by their number of rows. */
  readonly #inserts = new Map<number, Statement>();
  readonly #update: Statement;
  readonly #findShape: Statement;
  readonly #addShape: Statement;
  readonly #findMerchant: Statement;
  readonly #addMerchant: Statement;
  /** Shapes and merchants numbered in the write transaction under way. */
  readonly #numbered: (Shape | MerchantVersion)[] = [];
  readonly #plans = new Map<number, Plan>();
  readonly #merchantJson = new Map<number, string>();

  /** `table`: another than `transactions` while a migration fills a new table. */
  constructor(db: Database, table = 'transactions') {
    this.#db = db;
    this.#table = table;
    this.#insert = db.prepare(
      `INSERT INTO ${table} (id, user_id, account_id, created, settled, updated, amount, currency,
         description, category, declined, merchant, shape, body, first_seen, last_changed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
    // Only when something changed, so that `changes` counts real updates (a pending payment settling, say).
    this.#update = db.prepare(
      `UPDATE ${table} SET account_id = :account_id, created = :created, settled = :settled,
         updated = :updated, amount = :amount, currency = :currency, description = :description,
         category = :category, declined = :declined, merchant = :merchant, shape = :shape, body = :body,
         last_changed = :at
       WHERE id = :id AND (account_id, created, settled, updated, amount, currency, description, category,
         declined, merchant, shape, body) IS NOT (:account_id, :created, :settled, :updated, :amount,
         :currency, :description, :category, :declined, :merchant, :shape, :body)`,
    );
    this.#findShape = db.prepare('SELECT n FROM shapes WHERE shape = ?');
    this.#addShape = db.prepare('INSERT INTO shapes (shape) VALUES (?) RETURNING n');
    this.#findMerchant = db.prepare('SELECT n FROM merchants WHERE id = ? AND json = ?');
    this.#addMerchant = db.prepare('INSERT INTO merchants (id, json) VALUES (?, ?) RETURNING n');
  }

  /**
   * Inserts the rows of a page, in statements of up to `ROWS_PER_INSERT` rows (one statement costs less than a
   * hundred); if some were held already, rewrites each of those where anything changed (its `user_id` and
   * `first_seen` stay). What it did: rows new, rows changed. An id twice in the page counts once, as its last
   * occurrence (as on PostgreSQL, where one statement cannot write a row twice). Call inside a write transaction, and `committed`
   * or `rolledBack` after it.
   */
  saveAll(
    page: readonly TransactionRow[],
    userId: string,
    at: number,
  ): { inserted: number; updated: number } {
    const rows = lastOfEach(page);
    let inserted = 0;
    for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
      const chunk = rows.slice(from, from + ROWS_PER_INSERT);
      const params: SqlValue[] = [];
      for (const row of chunk) {
        params.push(...this.#insertValues(row, { user_id: userId, first_seen: at, last_changed: at }));
      }
      inserted += Number(this.#insertOf(chunk.length).run(...params).changes);
    }
    if (inserted === rows.length) return { inserted, updated: 0 };
    // Some were held (or the page holds an id twice): rows just inserted compare equal and stay as they are.
    let updated = 0;
    for (const row of rows) if (this.#rewrite(row, at)) updated++;
    return { inserted, updated };
  }

  #insertOf(rows: number): Statement {
    let statement = this.#inserts.get(rows);
    if (!statement) {
      const values = Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`);
      statement = this.#db.prepare(
        `INSERT INTO ${this.#table} (${COLUMNS.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`,
      );
      this.#inserts.set(rows, statement);
    }
    return statement;
  }

  /** Rewrites the row held for this transaction's id if anything in it changed; whether it did. */
  #rewrite(row: TransactionRow, at: number): boolean {
    const shape = row.shape ? this.#shapeNumber(row.shape) : null;
    const merchant = row.merchant ? this.#merchantNumber(row.merchant) : null;
    const updated = this.#update.run({
      id: row.id,
      account_id: row.account_id,
      created: row.created,
      settled: row.settled,
      updated: row.updated,
      amount: row.amount,
      currency: row.currency,
      description: row.description,
      category: row.category,
      declined: row.declined,
      merchant,
      shape,
      body: row.body,
      at,
    });
    return Number(updated.changes) > 0;
  }

  /** Inserts the transaction's row unless one with its id is held; whether it did. */
  insert(row: TransactionRow, owner: RowOwner): boolean {
    const inserted = this.#insert.run(...this.#insertValues(row, owner));
    return Number(inserted.changes) > 0;
  }

  /** A row's values in the order of `COLUMNS`, its shape and merchant numbered (added if new). */
  #insertValues(row: TransactionRow, owner: RowOwner): SqlValue[] {
    return [
      row.id,
      owner.user_id,
      row.account_id,
      row.created,
      row.settled,
      row.updated,
      row.amount,
      row.currency,
      row.description,
      row.category,
      row.declined,
      row.merchant ? this.#merchantNumber(row.merchant) : null,
      row.shape ? this.#shapeNumber(row.shape) : null,
      row.body,
      owner.first_seen,
      owner.last_changed,
    ];
  }

  /** The write transaction committed: the numbers it gave are for good. */
  committed(): void {
    this.#numbered.length = 0;
  }

  /** The write transaction was rolled back: the numbers it gave may go to others. */
  rolledBack(): void {
    for (const item of this.#numbered) {
      if ('text' in item) item.id = undefined;
      else item.n = undefined;
    }
    this.#numbered.length = 0;
  }

  #shapeNumber(shape: Shape): number {
    if (shape.id !== undefined) return shape.id;
    const row = this.#findShape.get(shape.text) ?? this.#addShape.get(shape.text);
    shape.id = Number(row?.n);
    this.#numbered.push(shape);
    return shape.id;
  }

  #merchantNumber(merchant: MerchantVersion): number {
    if (merchant.n !== undefined) return merchant.n;
    const row =
      this.#findMerchant.get(merchant.id, merchant.json) ?? this.#addMerchant.get(merchant.id, merchant.json);
    merchant.n = Number(row?.n);
    this.#numbered.push(merchant);
    return merchant.n;
  }

  /** The transaction a row read with `READ_COLUMNS` holds; a row that does not decode is a damaged database. */
  decode(row: Row): Transaction<Merchant> {
    try {
      const shape = row.shape === null ? undefined : this.#plan(Number(row.shape));
      const merchant = row.merchant === null ? undefined : this.#merchant(Number(row.merchant));
      return this.codec.decode(storedRow(row), shape, merchant);
    } catch (error) {
      throw damagedRow(this.#db.file, 'transactions.body', error);
    }
  }

  #plan(n: number): Plan {
    let plan = this.#plans.get(n);
    if (!plan) {
      const text = this.#db.prepare('SELECT shape FROM shapes WHERE n = ?').get(n)?.shape;
      plan = typeof text === 'string' ? planOf(text) : undefined;
      if (!plan) throw new Error(`shape ${n} is missing or not a shape`);
      this.#plans.set(n, plan);
    }
    return plan;
  }

  #merchant(n: number): string {
    let json = this.#merchantJson.get(n);
    if (json === undefined) {
      const text = this.#db.prepare('SELECT json FROM merchants WHERE n = ?').get(n)?.json;
      if (typeof text !== 'string') throw new Error(`merchant ${n} is missing`);
      json = text;
      this.#merchantJson.set(n, json);
    }
    return json;
  }
}

/** The rows, each id once: its last occurrence, in the order of the page. */
function lastOfEach(rows: readonly TransactionRow[]): readonly TransactionRow[] {
  const ids = new Set<string>();
  for (const row of rows) ids.add(row.id);
  if (ids.size === rows.length) return rows;
  const last = new Map<string, TransactionRow>();
  for (const row of rows) last.set(row.id, row);
  return rows.filter((row) => last.get(row.id) === row);
}

function storedRow(row: Row): StoredRow {
  const time = (value: unknown) => (value === null ? null : Number(value));
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    id: String(row.id),
    account_id: String(row.account_id),
    created: Number(row.created),
    settled: time(row.settled),
    updated: time(row.updated),
    amount: row.amount === null ? null : Number(row.amount),
    currency: text(row.currency),
    description: text(row.description),
    category: text(row.category),
    body: String(row.body),
  };
}
