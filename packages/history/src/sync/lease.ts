import { hostname } from 'node:os';
import { HistoryError } from '../errors.js';
import type { HistoryStore, LeaseClaim, LeaseHolder } from '../store/types.js';

/** How one sync shares accounts with others on the same store. */
export interface LeaseOptions {
  /**
   * How long a lease lasts unless renewed (default 30 s): the longest an account stays blocked after a sync
   * holding it was killed. A running sync renews it every third of this, and with every page it commits.
   */
  ttlMs?: number | undefined;
  /** An account another sync holds: wait for it (the default), or skip it and sync the others. */
  whenBusy?: 'wait' | 'skip' | undefined;
  /** The longest wait for one account before giving up with `HistoryError` `LEASED` (default 2 minutes). */
  waitMs?: number | undefined;
  /** Who this sync is, as the lease row says (default: host, process id and a random part). */
  owner?: string | undefined;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
const DEFAULT_WAIT_MS = 120_000;
/** How often a waiting sync looks again, at most. */
const POLL_MS = 500;

/** This process's name in lease rows: where to look for the sync that holds an account. */
export function defaultOwner(): string {
  // Unique, not secret: node:crypto is not worth its load time here.
  const random = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  return `${hostname()}:${process.pid}:${random}`;
}

/** A lease held on an account while it is synced: renewed on a timer until released. */
export class AccountLease {
  readonly #store: HistoryStore;
  readonly #timer: NodeJS.Timeout;
  #released = false;

  private constructor(
    store: HistoryStore,
    readonly accountId: string,
    readonly claim: LeaseClaim,
  ) {
    this.#store = store;
    // A slow page (Monzo retrying, a 429's wait) must not let the lease lapse; a failed renewal here is
    // caught by the next page's commit, which checks the lease in its own transaction.
    this.#timer = setInterval(() => {
      this.#store.renewLease(accountId, claim.owner, claim.ttlMs).catch(() => undefined);
    }, claim.ttlMs / 3);
    this.#timer.unref();
  }

  /**
   * Takes the account's lease, waiting while another sync holds it (`notice` is told once who and till when)
   * or, with `whenBusy: 'skip'`, resolving to the holder instead.
   */
  static async take(
    store: HistoryStore,
    accountId: string,
    options: Required<Pick<LeaseOptions, 'owner' | 'ttlMs'>> & LeaseOptions,
    notice: (holder: LeaseHolder, waitMs: number) => void,
  ): Promise<AccountLease | LeaseHolder> {
    const claim = { owner: options.owner, ttlMs: options.ttlMs };
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const deadline = Date.now() + waitMs;
    let told = false;
    let holder = await store.takeLease(accountId, claim.owner, claim.ttlMs);
    for (;;) {
      // A sync of this machine that died (killed, or its machine's power cut and back): no need to wait out its
      // lease. Should it be alive after all (another PID namespace under the same host name), the commit of its
      // next page finds the lease gone and stops it: nothing is written twice.
      if (holder.owner !== claim.owner && isDeadHere(holder.owner)) {
        holder = await store.takeLease(accountId, claim.owner, claim.ttlMs, holder.owner);
      }
      if (holder.owner === claim.owner) return new AccountLease(store, accountId, claim);
      if (options.whenBusy === 'skip') return holder;
      const left = deadline - Date.now();
      if (left <= 0) throw leased(accountId, holder, waitMs);
      if (!told) notice(holder, waitMs);
      told = true;
      const untilExpiry = Date.parse(holder.expires_at) - Date.now();
      await sleep(Math.max(10, Math.min(POLL_MS, left, untilExpiry + 5)));
      holder = await store.takeLease(accountId, claim.owner, claim.ttlMs);
    }
  }

  /** Gives the lease up (once): the next sync may take the account at once. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    await this.#store.releaseLease(this.accountId, this.claim.owner);
  }
}

/** Whether `owner` names a process of this host (as `defaultOwner` writes it) that no longer runs. */
export function isDeadHere(owner: string): boolean {
  const parts = owner.split(':');
  const pid = Number(parts.at(-2));
  if (
    parts.length < 3 ||
    parts.slice(0, -2).join(':') !== hostname() ||
    !Number.isSafeInteger(pid) ||
    pid <= 0
  ) {
    return false;
  }
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function checkLeaseOptions(options: LeaseOptions): void {
  const { ttlMs, waitMs } = options;
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs >= 30)) {
    throw new HistoryError('BAD_OPTION', `leases.ttlMs: ${ttlMs} is not a time of at least 30 ms`);
  }
  if (waitMs !== undefined && !(Number.isFinite(waitMs) && waitMs >= 0)) {
    throw new HistoryError('BAD_OPTION', `leases.waitMs: ${waitMs} is not a time of 0 ms or more`);
  }
}

function leased(accountId: string, holder: LeaseHolder, waitMs: number): HistoryError {
  return new HistoryError(
    'LEASED',
    `${accountId} is being synced by another process (${holder.owner}, its lease runs to ${holder.expires_at}); ` +
      `waited ${Math.round(waitMs / 1000)} s for it`,
    'let the other sync finish, then sync again (a sync that was killed frees its accounts when its lease expires)',
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
