import type { Account } from 'monzo-ts';
import { HistoryError } from '../errors.js';
import { ConcurrencyLimiter } from '../fetch/limiter.js';
import type { SyncClient } from '../monzo.js';
import type { HistoryStore } from '../store/types.js';
import type { PageWriter } from '../store/worker/page-writer.js';
import { AccountRun, type RunContext } from './account.js';
import { AccountLease, checkLeaseOptions, DEFAULT_LEASE_TTL_MS, defaultOwner } from './lease.js';
import { PageRoute } from './page-route.js';
import { walkInOrder } from './pages.js';
import { RunProgress } from './progress.js';
import type { AccountSync, SyncNotice, SyncOptions, SyncSummary } from './types.js';

const DAY_MS = 86_400_000;
/** How far back before the last transaction held each sync reads again, to see pending payments settle. */
export const DEFAULT_RECHECK_DAYS = 14;
/** The most requests in flight a sync may be told to keep (`concurrency`). */
export const MAX_CONCURRENCY = 64;
/** Monzo gives the whole history for this long after a login is approved (monzo-api.md §4). */
export const FULL_HISTORY_MS = 5 * 60_000;

/**
 * Brings the history up to date for one login: every account it sees and their pots, a balance snapshot, and
 * each account's transactions, the accounts at once. What is missing (a first sync's whole history, gaps) is
 * fetched in windows walked at once, every request of the login through one `ConcurrencyLimiter`; each page is
 * committed with what its window has still to read, so that a crash loses at most a page per window and a rerun
 * fetches only what is missing, doubling nothing (transactions are upserted by id). Later syncs read on from
 * what is held, in order.
 *
 * Each account is synced under its lease (`sync_leases`): one sync at a time per account, whatever the number
 * of processes or machines; another waits for it or skips it (`leases.whenBusy`).
 */
export async function syncHistory(
  store: HistoryStore,
  client: SyncClient,
  options: SyncOptions = {},
  pageWriter?: () => Promise<PageWriter | undefined>,
): Promise<SyncSummary> {
  const recheckDays = options.recheckDays ?? DEFAULT_RECHECK_DAYS;
  if (!(Number.isFinite(recheckDays) && recheckDays >= 0)) {
    throw new HistoryError('BAD_OPTION', `recheckDays: ${recheckDays} is not a number of days of 0 or more`);
  }
  const leases = options.leases ?? {};
  checkLeaseOptions(leases);
  const leaseOptions = {
    ...leases,
    owner: leases.owner ?? defaultOwner(),
    ttlMs: leases.ttlMs ?? DEFAULT_LEASE_TTL_MS,
  };
  const now = options.now ?? (() => new Date());
  const notice = options.notice ?? (() => undefined);

  const concurrency = checkConcurrency(options.concurrency);
  const deadline = deadlineOf(options.approvedAt);

  const userId = options.user_id ?? (await client.whoami()).user_id;
  const all = await client.accounts.list();
  const at = now().toISOString();
  await store.saveAccounts(userId, all, at);
  const accounts = options.accounts ?? all.filter((account) => !account.closed);

  const pages = new PageRoute(store, pageWriter);
  const context: RunContext = {
    store,
    pages,
    client,
    userId,
    walk: options.walk ?? walkInOrder,
    recheckMs: recheckDays * DAY_MS,
    now,
    notice,
    // One for the login: a rate limit counts the requests of all its accounts together.
    limiter: new ConcurrencyLimiter(concurrency),
    deadline,
    fullHistory: { seen: false },
  };
  const progress = new RunProgress({
    accounts: accounts.length,
    deadline,
    now: () => now().getTime(),
    progress: options.progress,
  });
  const results = new Map<string, AccountSync>();
  const skipped: SyncSummary['skipped'] = [];
  const syncOne = async (account: Account, lease: AccountLease) => {
    try {
      const [pots, balance] = await Promise.all([
        client.pots.list(account.id),
        client.balance.get(account.id),
      ]);
      await store.saveAccountState(userId, account.id, pots, balance, at);
      const run = new AccountRun(context, lease.claim, progress.account(account.id));
      results.set(account.id, await run.sync(account));
    } finally {
      // A lease left behind expires by itself: a failure to give it up must not hide the sync's own outcome.
      await lease.release().catch(() => undefined);
    }
  };
  // Every account at once, each under its lease: those no other sync holds are taken at once, and walked
  // together; one that another sync holds is waited for (or skipped), and found with little left to do.
  const outcomes = await Promise.allSettled(
    accounts.map(async (account) => {
      const free = await AccountLease.take(
        store,
        account.id,
        { ...leaseOptions, whenBusy: 'skip' },
        () => {},
      );
      if (free instanceof AccountLease) return syncOne(account, free);
      const lease = await AccountLease.take(store, account.id, leaseOptions, (holder, waitMs) =>
        notice({
          kind: 'waiting',
          account_id: account.id,
          owner: holder.owner,
          expires_at: holder.expires_at,
          wait_ms: waitMs,
          text: `${account.id} is being synced by another process (${holder.owner}): waiting for it, up to ${Math.round(waitMs / 1000)} s…`,
        }),
      );
      if (lease instanceof AccountLease) return syncOne(account, lease);
      skipped.push({ id: account.id, owner: lease.owner });
      notice({
        kind: 'skipped',
        account_id: account.id,
        owner: lease.owner,
        expires_at: lease.expires_at,
        text: `${account.id}: skipped, another process (${lease.owner}) is syncing it.`,
      });
    }),
  );
  // Every page written (all were awaited) and the writer's connection let go, whatever the outcome.
  await pages.close();
  // The first failure, once every other account's sync has ended (and kept what it read).
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  const last = progress.last;
  if (last) options.progress?.update(last.transactions, 1, last);
  const ordered = accounts.flatMap((account) => results.get(account.id) ?? []);
  if (ordered.some((result) => result.gaps.length > 0)) {
    notice({
      kind: 'incomplete',
      text: 'For the whole history, log in again, approve it in the Monzo app and sync at once, while Monzo allows.',
    });
  }
  return summarise(userId, ordered, skipped);
}

/** `concurrency` as given: a whole number of requests from 1 to `MAX_CONCURRENCY`, or none (adaptive). */
function checkConcurrency(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new HistoryError(
      'BAD_OPTION',
      `concurrency: ${value} is not a whole number of requests from 1 to ${MAX_CONCURRENCY}`,
      'leave it out to let the sync find the pace Monzo allows',
    );
  }
  return value;
}

/** When the 5-minute full-history window of a login approved at `approvedAt` closes, epoch ms. */
function deadlineOf(approvedAt: Date | number | undefined): number | undefined {
  if (approvedAt === undefined) return undefined;
  const time = approvedAt instanceof Date ? approvedAt.getTime() : approvedAt;
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw new HistoryError('BAD_OPTION', `approvedAt: ${String(approvedAt)} is not a time`);
  }
  return time + FULL_HISTORY_MS;
}

function summarise(userId: string, results: AccountSync[], skipped: SyncSummary['skipped']): SyncSummary {
  const firsts = results.flatMap((result) => (result.first ? [result.first] : [])).sort();
  const lasts = results.flatMap((result) => (result.last ? [result.last] : [])).sort();
  const sum = (key: 'inserted' | 'updated' | 'held') =>
    results.reduce((total, result) => total + result[key], 0);
  return {
    user_id: userId,
    accounts: results,
    skipped,
    inserted: sum('inserted'),
    updated: sum('updated'),
    held: sum('held'),
    first: firsts[0] ?? null,
    last: lasts.at(-1) ?? null,
  };
}

export type { SyncNotice };
