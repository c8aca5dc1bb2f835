import type { GapChange } from '../types.js';
import type { Queryable } from './database.js';

/**
 * The gap changes of a sync that reads in windows (`GapChange`), on PostgreSQL: run inside the caller's
 * transaction, with a page or on their own, in the order the interface gives (clear, remove, add, start).
 */
export async function applyGapChange(client: Queryable, change: Omit<GapChange, 'lease'>): Promise<void> {
  const { account_id, user_id, at } = change;
  if (change.clear) await client.query('DELETE FROM gaps WHERE account_id = $1', [account_id]);
  for (const gap of change.remove ?? []) {
    await client.query('DELETE FROM gaps WHERE account_id = $1 AND gap_from = $2 AND gap_to = $3', [
      account_id,
      gap.from,
      gap.to,
    ]);
  }
  // Two windows may leave what they have still to read at the same start: the row keeps the longer stretch.
  for (const gap of change.add ?? []) {
    await client.query(
      `INSERT INTO gaps (account_id, user_id, gap_from, gap_to, noticed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = GREATEST(gaps.gap_to, excluded.gap_to),
         noticed_at = excluded.noticed_at, user_id = excluded.user_id`,
      [account_id, user_id, gap.from, gap.to, at],
    );
  }
  if (change.startCovered !== undefined) {
    await client.query(
      `INSERT INTO sync_state (account_id, user_id, covered_until, complete_since, full_history)
       VALUES ($1, $2, $3, NULL, false) ON CONFLICT (account_id) DO NOTHING`,
      [account_id, user_id, change.startCovered],
    );
  }
}
