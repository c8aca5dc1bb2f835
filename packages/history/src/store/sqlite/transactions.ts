import type { Merchant, Transaction } from 'monzo-ts';
import type { MerchantVersion } from '../codec/merchants.js';
import type { Plan, Shape } from '../codec/shape.js';
import { planOf } from '../codec/shape.js';
import { type StoredRow, TransactionCodec, type TransactionRow } from '../codec/transaction.js';
import type { Database, Row, Statement } from './database.js';
import { damagedRow } from './errors.js';

/** What a saved transaction did to the store. */
export type Saved = 'inserted' | 'updated' | 'same';

/** Who stored a row, and when it was first seen and last changed (milliseconds). */
export interface RowOwner {
  user_id: string;
  first_seen: number;
  last_changed: number;
}

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
  readonly #insert: Statement;
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
   * Inserts the transaction's row, or rewrites the one held if anything in it changed (its `user_id` and
   * `first_seen` stay). Call inside a write transaction, and `committed` or `rolledBack` after it.
   */
  save(row: TransactionRow, userId: string, at: number): Saved {
    if (this.insert(row, { user_id: userId, first_seen: at, last_changed: at })) return 'inserted';
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
    return Number(updated.changes) > 0 ? 'updated' : 'same';
  }

  /** Inserts the transaction's row unless one with its id is held; whether it did. */
  insert(row: TransactionRow, owner: RowOwner): boolean {
    const inserted = this.#insert.run(
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
    );
    return Number(inserted.changes) > 0;
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
