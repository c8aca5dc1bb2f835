import type { Account } from 'monzo-ts';
import { HistoryError } from '../errors.js';
import type { SyncClient } from '../monzo.js';
import type { HistoryStore } from '../store/types.js';
import { AccountRun, type RunContext, type RunPosition } from './account.js';
import { AccountLease, checkLeaseOptions, DEFAULT_LEASE_TTL_MS, defaultOwner } from './lease.js';
import { walkInOrder } from './pages.js';
import type { AccountSync, SyncNotice, SyncOptions, SyncSummary } from './types.js';

const DAY_MS = 86_400_000;
/** How far back before the last transaction held each sync reads again, to see pending payments settle. */
export const DEFAULT_RECHECK_DAYS = 14;

/**
 * Brings the history up to date for one login: every account it sees and their pots, a balance snapshot, and
 * each account's transactions, page by page, each page committed with the cursor so that a crash loses at
 * most one page and a rerun continues without doubling anything (transactions are upserted by id).
 *
 * Each account is synced under its lease (`sync_leases`): one sync at a time per account, whatever the number
 * of processes or machines; another waits for it or skips it (`leases.whenBusy`).
 */
export async function syncHistory(
  store: HistoryStore,
  client: SyncClient,
  options: SyncOptions = {},
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

  const userId = options.user_id ?? (await client.whoami()).user_id;
  const all = await client.accounts.list();
  const at = now().toISOString();
  await store.saveAccounts(userId, all, at);
  const accounts = options.accounts ?? all.filter((account) => !account.closed);

  const context: RunContext = {
    store,
    client,
    userId,
    walk: options.walk ?? walkInOrder,
    recheckMs: recheckDays * DAY_MS,
    now,
    progress: options.progress,
    notice,
  };
  const position: RunPosition = { index: 0, count: accounts.length, fetched: 0 };
  const results: AccountSync[] = [];
  const skipped: SyncSummary['skipped'] = [];
  const syncOne = async (account: Account, lease: AccountLease) => {
    try {
      const [pots, balance] = await Promise.all([
        client.pots.list(account.id),
        client.balance.get(account.id),
      ]);
      await store.saveAccountState(userId, account.id, pots, balance, at);
      results.push(await new AccountRun(context, lease.claim).sync(account, position));
    } finally {
      // A lease left behind expires by itself: a failure to give it up must not hide the sync's own outcome.
      await lease.release().catch(() => undefined);
    }
    position.index++;
  };
  // First every account no other sync holds, then those it held: two syncs started together share the
  // accounts out rather than queue behind each other, and the second finds little left to do in the first's.
  const busy: Account[] = [];
  for (const account of accounts) {
    const lease = await AccountLease.take(store, account.id, { ...leaseOptions, whenBusy: 'skip' }, () => {});
    if (lease instanceof AccountLease) await syncOne(account, lease);
    else busy.push(account);
  }
  for (const account of busy) {
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
    if (lease instanceof AccountLease) {
      await syncOne(account, lease);
      continue;
    }
    skipped.push({ id: account.id, owner: lease.owner });
    notice({
      kind: 'skipped',
      account_id: account.id,
      owner: lease.owner,
      expires_at: lease.expires_at,
      text: `${account.id}: skipped, another process (${lease.owner}) is syncing it.`,
    });
  }
  options.progress?.update(position.fetched, 1);
  if (results.some((result) => result.gaps.length > 0)) {
    notice({
      kind: 'incomplete',
      text: 'For the whole history, log in again, approve it in the Monzo app and sync at once, while Monzo allows.',
    });
  }
  return summarise(userId, results, skipped);
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
