import type { WalkProgress } from './types.js';

/** How far the fetch of a whole login has got, over all its accounts: what a progress line shows. */
export interface SyncProgress {
  accounts: { done: number; total: number };
  /** Distinct transactions so far, all accounts together. */
  transactions: number;
  /** Transactions a second since the first account began. */
  rate: number;
  /** Until the 5-minute full-history window closes, when known; never below 0. */
  timeLeftMs: number | undefined;
  /** Monzo said the window is closed (for any account). */
  windowClosed: boolean;
}

export interface ProgressOptions {
  /** Accounts to walk. */
  accounts: number;
  /** When the 5-minute window closes (the login's approval + 5 min), epoch ms or a Date. */
  deadline?: Date | number | undefined;
  report(progress: SyncProgress): void;
  /** Epoch ms; default `Date.now`. */
  now?: () => number;
  /** Milliseconds, monotonic, for the rate; default `performance.now`. */
  clock?: () => number;
}

/** What one account's walk reports to the tracker. */
export interface AccountProgress {
  /** Pass as `walkAccount`'s `onProgress`. */
  onProgress(progress: WalkProgress): void;
  /** The account's walk is over. */
  done(): void;
}

/**
 * Gathers the progress of the walks of several accounts (one after another or at once) into one line's worth:
 * accounts done, transactions so far, the rate, the time left in the 5-minute window.
 */
export function trackProgress(options: ProgressOptions): { account(account_id: string): AccountProgress } {
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const deadline = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
  const counts = new Map<string, number>();
  const finished = new Set<string>();
  let closed = false;
  const report = () => {
    let transactions = 0;
    for (const count of counts.values()) transactions += count;
    const seconds = Math.max((clock() - started) / 1000, 0.001);
    options.report({
      accounts: { done: finished.size, total: options.accounts },
      transactions,
      rate: transactions / seconds,
      timeLeftMs: deadline === undefined ? undefined : Math.max(0, deadline - now()),
      windowClosed: closed,
    });
  };
  return {
    account: (account_id) => ({
      onProgress: (progress) => {
        counts.set(account_id, progress.transactions);
        closed ||= progress.windowClosed;
        report();
      },
      done: () => {
        finished.add(account_id);
        report();
      },
    }),
  };
}

/** One line for a terminal: `2/3 accounts · 123,400 transactions · 4,100/s · 3:12 left in the window`. */
export function describeProgress(progress: SyncProgress): string {
  const parts = [
    `${progress.accounts.done}/${progress.accounts.total} accounts`,
    `${progress.transactions.toLocaleString('en-GB')} transactions`,
    `${Math.round(progress.rate).toLocaleString('en-GB')}/s`,
  ];
  if (progress.windowClosed) parts.push('full-history window closed');
  else if (progress.timeLeftMs !== undefined) {
    const seconds = Math.ceil(progress.timeLeftMs / 1000);
    parts.push(`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} left in the window`);
  }
  return parts.join(' · ');
}
