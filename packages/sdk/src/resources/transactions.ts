import { bracketed, path, requireId } from '../core/encode.js';
import { MAX_PAGE_SIZE, paginate } from '../core/page.js';
import { listIn, objectIn } from '../core/shape.js';
import { requireLimit, requireSince, requireStringMap, requireTimestamp } from '../core/validate.js';
import type { Merchant, Transaction } from '../models/transaction.js';
import { type RequestOptions, Resource } from './resource.js';

/** Fields Monzo can return as objects instead of ids. */
export type Expandable = 'merchant';

/** Options of `transactions.get`. */
export interface GetTransactionParams {
  expand?: Expandable[];
}

/** What `transactions.list` and `transactions.iterate` take: an account and a window. */
export interface ListTransactionsParams {
  account_id: string;
  /** A time (inclusive) or a transaction id (exclusive). */
  since?: Date | string;
  /** A time (exclusive). */
  before?: Date | string;
  /** 1 to 100; Monzo's default is 30. */
  limit?: number;
  expand?: Expandable[];
}

/** The transaction type for the `expand` given: the merchant is an object when expanded, otherwise its id. */
export type TransactionFor<P extends { expand?: Expandable[] }> = P['expand'] extends Expandable[]
  ? 'merchant' extends P['expand'][number]
    ? Transaction<Merchant>
    : Transaction<string>
  : Transaction<string>;

/** `monzo.transactions`: read, page through and annotate transactions. */
export class Transactions extends Resource {
  /** One transaction; `{ expand: ['merchant'] }` turns its merchant id into a `Merchant`. */
  async get<P extends GetTransactionParams>(
    transaction_id: string,
    params?: P,
    options?: RequestOptions,
  ): Promise<TransactionFor<P>> {
    const response = await this.transport.request<{ transaction: TransactionFor<P> }>({
      ...options,
      method: 'GET',
      path: path`/transactions/${requireId('transaction_id', transaction_id)}`,
      shape: objectIn('transaction'),
      query: { 'expand[]': params?.expand },
    });
    return response.transaction;
  }

  /**
   * One page of transactions, oldest first. Outside the 5 minutes after a login only the last 90 days are
   * readable: pass a `since` within them (a `MonzoScaWindowError` says so otherwise).
   */
  async list<P extends ListTransactionsParams>(
    params: P,
    options?: RequestOptions,
  ): Promise<TransactionFor<P>[]> {
    const response = await this.transport.request<{ transactions: TransactionFor<P>[] }>({
      ...options,
      method: 'GET',
      path: '/transactions',
      shape: listIn('transactions'),
      query: listQuery(params),
      largeBody: true,
    });
    return response.transactions;
  }

  /**
   * Every transaction from `since`, page by page (100 at a time unless `limit` says otherwise), in constant
   * memory.
   *
   * @example
   * for await (const tx of monzo.transactions.iterate({ account_id, since: new Date(Date.now() - 30 * 864e5) })) {
   *   console.log(tx.created, tx.amount, tx.description);
   * }
   */
  iterate<P extends ListTransactionsParams>(
    params: P,
    options?: RequestOptions,
  ): AsyncGenerator<TransactionFor<P>, void, undefined> {
    const limit = params.limit ?? MAX_PAGE_SIZE;
    // Checked here, so bad input fails at the call and not at the first page.
    const { since } = listQuery({ ...params, limit });
    const page = (cursor: string | undefined) =>
      this.list({ ...params, since: cursor, limit }, options) as Promise<TransactionFor<P>[]>;
    return paginate(page, since, limit, 'GET /transactions');
  }

  /**
   * Merges metadata into a transaction: only the keys given change; an empty string or `null` deletes a key.
   * Setting `notes` also sets the transaction's top-level notes.
   */
  async annotate(
    transaction_id: string,
    metadata: Record<string, string | null>,
    options?: RequestOptions,
  ): Promise<Transaction> {
    const values = requireStringMap('metadata', nullsAsEmpty(metadata));
    const response = await this.transport.request<{ transaction: Transaction }>({
      ...options,
      method: 'PATCH',
      path: path`/transactions/${requireId('transaction_id', transaction_id)}`,
      form: bracketed('metadata', values),
      shape: objectIn('transaction'),
      // Setting the same keys twice leaves the same result.
      idempotent: true,
      ifUnknown: {
        advice: 'The metadata may or may not have been set: setting the same values again is safe.',
      },
    });
    return response.transaction;
  }
}

function listQuery(params: ListTransactionsParams) {
  return {
    account_id: requireId('account_id', params.account_id),
    since: params.since === undefined ? undefined : requireSince(params.since),
    before: params.before === undefined ? undefined : requireTimestamp('before', params.before),
    limit: params.limit === undefined ? undefined : requireLimit(params.limit),
    'expand[]': params.expand,
  };
}

/**
 * Only `null` means "delete": an `undefined` value is more likely a bug than a wish to erase a key, and an array
 * is not a map, so both are left for `requireStringMap` to refuse.
 */
function nullsAsEmpty(metadata: Record<string, string | null>): unknown {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return metadata;
  return Object.fromEntries(
    Object.entries(metadata).map(([key, value]) => [key, value === null ? '' : value]),
  );
}
