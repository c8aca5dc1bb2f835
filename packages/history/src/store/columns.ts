import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';

/**
 * The columns of each table, from the objects Monzo returns: the same for every store, so that a query gives
 * the same answer on SQLite and PostgreSQL. Booleans are 0/1 (SQLite has no other); a store with real booleans
 * converts them in its own SQL.
 */

/** A time as the columns hold it: RFC 3339 UTC with milliseconds; `""` (pending) and absent become `null`. */
export function toColumnTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export type TransactionColumns = {
  id: string;
  user_id: string;
  account_id: string;
  created: string;
  settled: string | null;
  updated: string | null;
  amount: number;
  currency: string;
  description: string | null;
  category: string | null;
  declined: 0 | 1;
  json: string;
  at: string;
};

export function transactionColumns(
  transaction: Transaction<Merchant>,
  userId: string,
  accountId: string,
  at: string,
): TransactionColumns {
  return {
    id: transaction.id,
    user_id: userId,
    account_id: transaction.account_id || accountId,
    created: toColumnTime(transaction.created) ?? transaction.created,
    settled: toColumnTime(transaction.settled),
    updated: toColumnTime(transaction.updated),
    amount: transaction.amount,
    currency: transaction.currency,
    description: transaction.description ?? null,
    category: transaction.category ?? null,
    declined: transaction.decline_reason ? 1 : 0,
    json: JSON.stringify(transaction),
    at,
  };
}

export function accountColumns(account: Account, userId: string, at: string) {
  return {
    user_id: userId,
    id: account.id,
    type: account.type ?? null,
    description: account.description ?? null,
    currency: account.currency ?? null,
    created: toColumnTime(account.created) ?? account.created,
    closed: account.closed ? 1 : 0,
    json: JSON.stringify(account),
    synced_at: at,
  };
}

export function potColumns(pot: Pot, userId: string, accountId: string, at: string) {
  return {
    id: pot.id,
    user_id: userId,
    account_id: accountId,
    name: pot.name ?? null,
    balance: pot.balance ?? null,
    currency: pot.currency ?? null,
    deleted: pot.deleted ? 1 : 0,
    updated: toColumnTime(pot.updated),
    json: JSON.stringify(pot),
    synced_at: at,
  };
}

export function balanceColumns(balance: Balance, userId: string, accountId: string, at: string) {
  return {
    account_id: accountId,
    user_id: userId,
    taken_at: at,
    balance: balance.balance,
    total_balance: balance.total_balance ?? null,
    currency: balance.currency,
    spend_today: balance.spend_today ?? null,
    json: JSON.stringify(balance),
  };
}
