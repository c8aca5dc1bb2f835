import { leaseLost } from '../../errors.js';
import type { LeaseHolder } from '../types.js';
import type { Queryable } from './database.js';

/**
 * The `sync_leases` rows on PostgreSQL, timed by the database server's clock (`now()`): workers on machines
 * whose clocks disagree still agree on when a lease runs out. Taking one is a single upsert that changes the
 * row only when it is free, expired, already this owner's or held by the sync being replaced, so two workers
 * asking at once cannot both get it (the second's upsert waits for the first's row and then sees it held).
 */
export class PostgresLeases {
  /**
   * When (`performance.now()`) each lease this store took or renewed runs out, by account and owner, as far
   * as it knows: the server's clock decides, this one only says when to renew.
   */
  readonly #expires = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  async take(accountId: string, owner: string, ttlMs: number, replacing?: string): Promise<LeaseHolder> {
    for (;;) {
      const taken = await this.db.query(
        `INSERT INTO sync_leases (account_id, owner, expires_at)
         VALUES ($1, $2, now() + $3::float8 * interval '1 millisecond')
         ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE sync_leases.owner = excluded.owner OR sync_leases.expires_at < now()
           OR sync_leases.owner = $4
         RETURNING owner, expires_at`,
        [accountId, owner, ttlMs, replacing ?? null],
      );
      // Not taken: who holds it (a statement of its own, so that it sees the holder's committed row).
      const { rows } = taken.rowCount
        ? taken
        : await this.db.query('SELECT owner, expires_at FROM sync_leases WHERE account_id = $1', [accountId]);
      const row = rows[0];
      // Released between the two statements: ask again.
      if (!row) continue;
      if (row.owner === owner) this.#expires.set(key(accountId, owner), performance.now() + ttlMs);
      return { owner: String(row.owner), expires_at: String(row.expires_at) };
    }
  }

  /** Whether or not it has expired: as long as nobody else took it, it is still this owner's. */
  async renew(accountId: string, owner: string, ttlMs: number, db: Queryable = this.db): Promise<boolean> {
    const at = performance.now();
    const { rowCount } = await db.query(
      `UPDATE sync_leases SET expires_at = now() + $3::float8 * interval '1 millisecond'
       WHERE account_id = $1 AND owner = $2`,
      [accountId, owner, ttlMs],
    );
    if (rowCount > 0) this.#expires.set(key(accountId, owner), at + ttlMs);
    return rowCount > 0;
  }

  /**
   * Before a page under the lease: renews it once half of it may be gone (the page itself only share-locks it;
   * see `page.ts`), and throws if another owner has taken it.
   */
  async renewIfDue(accountId: string, owner: string, ttlMs: number): Promise<void> {
    const expires = this.#expires.get(key(accountId, owner));
    if (expires !== undefined && expires - performance.now() > ttlMs / 2) return;
    if (!(await this.renew(accountId, owner, ttlMs))) throw leaseLost(accountId, owner);
  }

  /**
   * Inside a transaction, first: makes sure this owner still holds the lease, and keeps another worker from
   * taking it over until the transaction commits; throws if another owner has taken it already. The lease is
   * renewed once half of it is gone; else the row is only share-locked, so that the writes of one sync side by
   * side do not queue behind each other on it, while a takeover, which must lock it alone, waits for them.
   * (A page does the same in its own statement: see `page.ts`.)
   */
  async fence(db: Queryable, accountId: string, owner: string, ttlMs: number): Promise<void> {
    const renewed = await db.query(
      `UPDATE sync_leases SET expires_at = now() + $3::float8 * interval '1 millisecond'
       WHERE account_id = $1 AND owner = $2 AND expires_at < now() + $3::float8 / 2 * interval '1 millisecond'`,
      [accountId, owner, ttlMs],
    );
    if (renewed.rowCount > 0) return;
    const held = await db.query('SELECT 1 FROM sync_leases WHERE account_id = $1 AND owner = $2 FOR SHARE', [
      accountId,
      owner,
    ]);
    if (held.rowCount > 0) return;
    throw leaseLost(accountId, owner);
  }

  async release(accountId: string, owner: string): Promise<void> {
    this.#expires.delete(key(accountId, owner));
    await this.db.query('DELETE FROM sync_leases WHERE account_id = $1 AND owner = $2', [accountId, owner]);
  }
}

function key(accountId: string, owner: string): string {
  return `${accountId}\n${owner}`;
}
