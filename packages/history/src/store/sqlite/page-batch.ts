import type { Database } from './database.js';

/** One page's writes, run inside a transaction, and the promise of its caller. */
interface Job<T> {
  write: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** What a batch tells the transactions table about the numbers its shapes and merchants were given. */
export interface NumberingLog {
  committed(): void;
  rolledBack(): void;
}

/**
 * Pages handed over in the same turn of the event loop, committed in one transaction (group commit). A sync
 * walks many windows at once, and when this process is the slower side their pages arrive together; a commit
 * each costs a write of the WAL's changed pages each, most of them the same few index pages again. Each page
 * still goes in whole or not at all, with its cursor and gap move, and each caller hears of its own page only
 * once it is committed. Nothing waits for a timer: the batch is written as soon as the turn's callbacks are done.
 *
 * Should any page of a batch fail (a lease lost, say), the batch is rolled back and each of its pages is then
 * written in a transaction of its own, so that one page's failure is its caller's alone.
 */
export class PageBatch {
  readonly #db: Database;
  readonly #numbering: NumberingLog;
  #jobs: Job<unknown>[] = [];

  constructor(db: Database, numbering: NumberingLog) {
    this.#db = db;
    this.#numbering = numbering;
  }

  /** Runs `write` in the batch of this turn; resolves once that batch is committed. */
  add<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#jobs.length === 0) setImmediate(() => this.flush());
      this.#jobs.push({ write, resolve, reject } as Job<unknown>);
    });
  }

  /** Writes what is waiting now (also before the database is closed). */
  flush(): void {
    const jobs = this.#jobs;
    if (jobs.length === 0) return;
    this.#jobs = [];
    let results: unknown[];
    try {
      results = this.#commit(() => jobs.map((job) => job.write()));
    } catch (error) {
      if (jobs.length === 1) {
        jobs[0]?.reject(error);
        return;
      }
      for (const job of jobs) {
        try {
          job.resolve(this.#commit(job.write));
        } catch (failure) {
          job.reject(failure);
        }
      }
      return;
    }
    for (const [index, job] of jobs.entries()) job.resolve(results[index]);
  }

  #commit<T>(write: () => T): T {
    try {
      const result = this.#db.transaction(write);
      this.#numbering.committed();
      return result;
    } catch (error) {
      this.#numbering.rolledBack();
      throw error;
    }
  }
}
