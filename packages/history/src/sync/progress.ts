import { type SyncProgress, trackProgress } from '../fetch/progress.js';
import type { WalkProgress } from '../fetch/types.js';
import type { SyncOptions } from './types.js';

/** What one account's sync tells the run's progress. */
export interface AccountProgressReport {
  /** A windowed walk's own progress, and the share of its stretches read. */
  walked(progress: WalkProgress, share: number): void;
  /** A walk in order: the transactions read so far, and the share of its time range. */
  read(transactions: number, share: number): void;
  done(): void;
}

/**
 * The progress of a run over all its accounts, walked at once: transactions so far, the rate, accounts done and
 * the time left in the 5-minute window (`trackProgress`), with the share done, to `SyncOptions.progress`.
 */
export class RunProgress {
  readonly #shares = new Map<string, number>();
  readonly #tracker: ReturnType<typeof trackProgress>;
  readonly #accounts: number;
  #last: SyncProgress | undefined;

  constructor(options: {
    accounts: number;
    deadline: number | undefined;
    now: () => number;
    progress: SyncOptions['progress'];
  }) {
    this.#accounts = Math.max(1, options.accounts);
    this.#tracker = trackProgress({
      accounts: options.accounts,
      deadline: options.deadline,
      now: options.now,
      report: (progress) => {
        this.#last = progress;
        options.progress?.update(progress.transactions, this.#share(), progress);
      },
    });
  }

  /** The last figures reported, if any. */
  get last(): SyncProgress | undefined {
    return this.#last;
  }

  account(accountId: string): AccountProgressReport {
    const tracked = this.#tracker.account(accountId);
    return {
      walked: (progress, share) => {
        this.#shares.set(accountId, share);
        tracked.onProgress(progress);
      },
      read: (transactions, share) => {
        this.#shares.set(accountId, share);
        tracked.onProgress(inOrder(accountId, transactions));
      },
      done: () => {
        this.#shares.set(accountId, 1);
        tracked.done();
      },
    };
  }

  #share(): number {
    let total = 0;
    for (const share of this.#shares.values()) total += share;
    return Math.min(1, total / this.#accounts);
  }
}

/** A walk in order, as the tracker reads a walk: only its count matters. */
function inOrder(accountId: string, transactions: number): WalkProgress {
  return {
    account_id: accountId,
    transactions,
    pages: Math.ceil(transactions / 100),
    rate: 0,
    inFlight: 1,
    concurrency: 1,
    windowsLeft: 1,
    timeLeftMs: undefined,
    windowClosed: false,
  };
}
