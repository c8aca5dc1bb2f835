import type { Account } from 'monzo-ts';
import type { SyncProgress } from '../fetch/progress.js';
import type { LeaseOptions } from './lease.js';
import type { PageWalker } from './pages.js';

/** What `History.sync` takes besides the client. */
export interface SyncOptions {
  /** The accounts whose transactions to sync; default every open one. All accounts are recorded either way. */
  accounts?: readonly Account[] | undefined;
  /** Days read again before the last transaction held, to see pending payments settle (default 14). */
  recheckDays?: number | undefined;
  /**
   * Told, after each page, the transactions fetched so far, the share of the run done (0 to 1), and the figures
   * of a progress line: accounts done, the rate, the time left in the 5-minute window (`describeProgress` says
   * them in a line).
   */
  progress?: { update(fetched: number, share: number, detail: SyncProgress): void } | undefined;
  /**
   * Requests in flight at once, a whole number from 1 to 64: fixed, where by default the sync starts with a
   * few and adapts (more while Monzo answers fast and clean, fewer on a 429 or a 5xx). One count for every
   * account of the login: Monzo's rate limit counts them together.
   */
  concurrency?: number | undefined;
  /**
   * When the login was approved in the Monzo app, if known: Monzo gives the whole history for 5 minutes from
   * then, which the progress counts down, and after which the sync does not ask for it. Unknown, the sync asks
   * and Monzo's refusal (a 403) says the window is closed.
   */
  approvedAt?: Date | number | undefined;
  /** Told what the person should know: history out of reach, an account another sync holds. */
  notice?: ((notice: SyncNotice) => void) | undefined;
  /** The login's Monzo user, when known; otherwise the sync asks `client.whoami()`. */
  user_id?: string | undefined;
  /** How this sync shares accounts with others on the same store. */
  leases?: LeaseOptions | undefined;
  /**
   * How an account's pages are fetched once nothing is missing (default `walkInOrder`, one page after another,
   * from the last days held). What is missing (a first sync, gaps) is always fetched in windows at once.
   */
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
  /** Stretches of an account out of reach: `gaps` each, `gap` from the first's start to the last's end. */
  | {
      kind: 'gap';
      account_id: string;
      gap: Gap;
      gaps: Gap[];
      reason: 'too-long-ago' | 'window-closed';
      text: string;
    }
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
  /**
   * Stretches this run found out of reach: the 5-minute window closed part way, or the last sync was too long
   * ago. Each is a gap in the store (`History.gaps`) that a sync right after a new login fills.
   */
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
