import { leaseLost } from '../../errors.js';
import type { LeaseHolder } from '../types.js';
import type { Database, Statement } from './database.js';

/**
 * The `sync_leases` rows on SQLite, timed by this machine's clock (every process that opens the file runs on
 * it). Taking one is a single upsert that changes the row only when it is free, expired or already this
 * owner's, so two processes asking at once cannot both get it.
 */
export class SqliteLeases {
  readonly #db: Database;
  readonly #take: Statement;
  readonly #holder: Statement;
  readonly #renew: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#take = db.prepare(
      `INSERT INTO sync_leases (account_id, owner, expires_at) VALUES (:account_id, :owner, :expires_at)
       ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE sync_leases.owner = excluded.owner OR sync_leases.expires_at < :now OR sync_leases.owner = :replacing`,
    );
    this.#holder = db.prepare('SELECT owner, expires_at FROM sync_leases WHERE account_id = ?');
    // Whether or not it has expired: as long as nobody else took it, it is still this owner's.
    this.#renew = db.prepare(
      'UPDATE sync_leases SET expires_at = :expires_at WHERE account_id = :account_id AND owner = :owner',
    );
  }

  take(accountId: string, owner: string, ttlMs: number, replacing?: string): LeaseHolder {
    const now = Date.now();
    return this.#db.transaction(() => {
      this.#take.run({
        account_id: accountId,
        owner,
        expires_at: new Date(now + ttlMs).toISOString(),
        now: new Date(now).toISOString(),
        replacing: replacing ?? null,
      });
      const row = this.#holder.get(accountId);
      return { owner: String(row?.owner), expires_at: String(row?.expires_at) };
    });
  }

  renew(accountId: string, owner: string, ttlMs: number): boolean {
    const expires_at = new Date(Date.now() + ttlMs).toISOString();
    return Number(this.#renew.run({ account_id: accountId, owner, expires_at }).changes) > 0;
  }

  /**
   * Inside a write transaction: throws if another owner has taken the lease, and renews it once half of it is
   * gone (each renewal is a page more for the commit to write; the sync's timer renews it too).
   */
  fence(accountId: string, owner: string, ttlMs: number): void {
    const row = this.#holder.get(accountId);
    if (row?.owner !== owner) throw leaseLost(accountId, owner);
    if (Date.parse(String(row.expires_at)) - Date.now() > ttlMs / 2) return;
    if (!this.renew(accountId, owner, ttlMs)) throw leaseLost(accountId, owner);
  }

  release(accountId: string, owner: string): void {
    this.#db.prepare('DELETE FROM sync_leases WHERE account_id = ? AND owner = ?').run(accountId, owner);
  }
}
