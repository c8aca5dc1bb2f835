import type { Account } from 'monzo-ts';
import type { LeaseOptions } from './lease.js';
import type { PageWalker } from './pages.js';

/** What `History.sync` takes besides the client. */
export interface SyncOptions {
  /** The accounts whose transactions to sync; default every open one. All accounts are recorded either way. */
  accounts?: readonly Account[] | undefined;
  /** Days read again before the last transaction held, to see pending payments settle (default 14). */
  recheckDays?: number | undefined;
  /** Told, after each page, the transactions fetched so far and the share of the run done (0 to 1). */
  progress?: { update(fetched: number, share: number): void } | undefined;
  /** Told what the person should know: history out of reach, an account another sync holds. */
  notice?: ((notice: SyncNotice) => void) | undefined;
  /** The login's Monzo user, when known; otherwise the sync asks `client.whoami()`. */
  user_id?: string | undefined;
  /** How this sync shares accounts with others on the same store. */
  leases?: LeaseOptions | undefined;
  /** How an account's pages are fetched (default `walkInOrder`, one page after another). */
  walk?: PageWalker | undefined;
  now?: (() => Date) | undefined;
}

/** A stretch of history that could not be read, RFC 3339. */
export interface Gap {
  from: string;
  to: string;
}

/** Something a person should be told during a sync; `text` says it in a sentence. */
export type SyncNotice =
  | { kind: 'recent-only'; account_id: string; since: string; text: string }
  | { kind: 'gap'; account_id: string; gap: Gap; reason: 'too-long-ago' | 'window-closed'; text: string }
  /** Some account has gaps: a new login (and a sync within 5 minutes of it) fills them. */
  | { kind: 'incomplete'; text: string }
  /** Another sync holds the account: this one waits for it, up to `wait_ms`. */
  | { kind: 'waiting'; account_id: string; owner: string; expires_at: string; wait_ms: number; text: string }
  /** Another sync holds the account, and `whenBusy: 'skip'` says to leave it. */
  | { kind: 'skipped'; account_id: string; owner: string; expires_at: string; text: string };

export interface AccountSync {
  id: string;
  type: string | null;
  /** Transactions new to the store, and held ones that changed (a pending payment settled, say). */
  inserted: number;
  updated: number;
  /** What the store holds of the account now: how many transactions, the first and last dates. */
  held: number;
  first: string | null;
  last: string | null;
  /** Every transaction is held from this time on (`null`: from the first one). */
  complete_since: string | null;
  /** The whole history, from the first transaction, has been taken. */
  full_history: boolean;
  /** Stretches this run found out of reach. */
  gaps: Gap[];
}

export interface SyncSummary {
  /** The Monzo user whose login synced. */
  user_id: string;
  accounts: AccountSync[];
  /** Accounts left to another sync that held them (`leases.whenBusy: 'skip'`). */
  skipped: { id: string; owner: string }[];
  inserted: number;
  updated: number;
  held: number;
  first: string | null;
  last: string | null;
}
