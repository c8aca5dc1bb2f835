/** The bank's types that the control API and tests see. */

/** What `control.createTransaction` takes: only `amount` is required. */
export interface CreateTransactionInput {
  /** Default: the personal (`uk_retail`) account. */
  account_id?: string;
  /** Minor units; negative for a debit. */
  amount: number;
  description?: string;
  category?: string;
  /** The local currency of the payment (`local_currency`); amounts stay in the account's currency. */
  currency?: string;
  /** Makes it a declined payment: listed and delivered, not counted in the balance. */
  decline_reason?: string;
  /** A card payment at a catalogue merchant (default true), or else a Faster Payment (merchant null). */
  merchant?: boolean;
}

/** What `control.settleTransaction` takes: both optional. */
export interface SettleTransactionInput {
  /** When it cleared (epoch ms), from its creation up to now. Default: now. */
  at?: number;
  /** The amount it cleared at, when not the one authorised (a tip, say). Minor units, negative for a debit. */
  amount?: number;
}

/** The seeded user, accounts and pots, for tests to use their ids. */
export interface DatasetSummary {
  user_id: string;
  accounts: Array<{ id: string; type: string; closed: boolean }>;
  pots: Array<{ id: string; name: string; deleted: boolean; locked: boolean; current_account_id: string }>;
  transactionsPerAccount: number;
}

export type MockTransaction = Record<string, unknown> & {
  id: string;
  account_id: string;
  created: string;
  amount: number;
};
