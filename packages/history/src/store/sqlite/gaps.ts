import type { GapChange } from '../types.js';
import type { Database, Statement } from './database.js';

/**
 * The gap changes of a sync that reads in windows (`GapChange`), on SQLite: run inside the caller's write
 * transaction, with a page or on their own.
 */
export class SqliteGaps {
  readonly #clear: Statement;
  readonly #remove: Statement;
  readonly #add: Statement;
  readonly #start: Statement;

  constructor(db: Database) {
    this.#clear = db.prepare('DELETE FROM gaps WHERE account_id = ?');
    this.#remove = db.prepare('DELETE FROM gaps WHERE account_id = ? AND gap_from = ? AND gap_to = ?');
    // Two windows may leave what they have still to read at the same start: the row keeps the longer stretch.
    this.#add = db.prepare(
      `INSERT INTO gaps (account_id, user_id, gap_from, gap_to, noticed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = MAX(gap_to, excluded.gap_to),
         noticed_at = excluded.noticed_at, user_id = excluded.user_id`,
    );
    this.#start = db.prepare(
      `INSERT INTO sync_state (account_id, user_id, covered_until, complete_since, full_history)
       VALUES (?, ?, ?, NULL, 0) ON CONFLICT (account_id) DO NOTHING`,
    );
  }

  /** Applies `change` (its lease is the caller's to check). */
  apply(change: Omit<GapChange, 'lease'>): void {
    const { account_id, user_id, at } = change;
    if (change.clear) this.#clear.run(account_id);
    for (const gap of change.remove ?? []) this.#remove.run(account_id, gap.from, gap.to);
    for (const gap of change.add ?? []) this.#add.run(account_id, user_id, gap.from, gap.to, at);
    if (change.startCovered !== undefined) this.#start.run(account_id, user_id, change.startCovered);
  }
}
