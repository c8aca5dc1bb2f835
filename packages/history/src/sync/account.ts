import type { Account } from 'monzo-ts';
import { HistoryError, leaseLost } from '../errors.js';
import { isScaWindowError, RECENT_DAYS, recentSince, type SyncClient } from '../monzo.js';
import type { HistoryStore, LeaseClaim, SyncState } from '../store/types.js';
import type { PageWalker } from './pages.js';
import type { AccountSync, Gap, SyncNotice } from './types.js';

/** What every account's sync in one run shares. */
export interface RunContext {
  store: HistoryStore;
  client: SyncClient;
  userId: string;
  walk: PageWalker;
  recheckMs: number;
  now: () => Date;
  progress?: { update(fetched: number, share: number): void } | undefined;
  notice: (notice: SyncNotice) => void;
}

/** Where a run is: this account's place among those synced, and the transactions fetched so far by all. */
export interface RunPosition {
  index: number;
  count: number;
  fetched: number;
}

/** The sync of one account's transactions, under its lease. */
export class AccountRun {
  constructor(
    readonly run: RunContext,
    readonly lease: LeaseClaim,
  ) {}

  /**
   * Where to start: from the beginning while the store does not hold the whole history (Monzo gives it in the
   * 5 minutes after a login; asked for otherwise, it answers 403 at once), else from the last transaction held
   * less `recheckDays` (or from the oldest payment held as pending, if earlier), so that payments that settled
   * or changed since are updated. What is out of reach is said, and recorded as a gap that a sync after the
   * next login fills.
   */
  async sync(account: Account, position: RunPosition): Promise<AccountSync> {
    const { store, userId } = this.run;
    const runAt = this.run.now();
    const recent = recentSince(runAt);
    const state = await store.state(account.id);
    const resume = await this.#resumePoint(state, account.id, recent);
    // Until the whole history is held, ask for it: Monzo says at once (403) when it is out of reach.
    const wantAll = !state?.covered_until || state.complete_since !== null;
    let since = wantAll ? undefined : resume;
    let completeSince: string | null = null;
    const gaps: Gap[] = [];
    let inserted = 0;
    let updated = 0;
    let from: number | undefined;
    let first = true;
    for (;;) {
      let got = false;
      try {
        for await (const page of this.run.walk({ client: this.run.client, account, state, since })) {
          const head = page.transactions[0];
          if (!head) continue;
          got = true;
          from ??= since?.getTime() ?? Date.parse(head.created);
          const result = await store.savePage({
            user_id: userId,
            account_id: account.id,
            transactions: page.transactions,
            cursor: page.cursor && { ...page.cursor, complete_since: completeSince },
            at: runAt.toISOString(),
            lease: this.lease,
          });
          inserted += result.inserted;
          updated += result.updated;
          position.fetched += page.transactions.length;
          const last = page.transactions.at(-1) ?? head;
          const span = Math.max(runAt.getTime() - from, 1);
          const share = Math.min(Math.max((Date.parse(last.created) - from) / span, 0), 1);
          this.run.progress?.update(position.fetched, (position.index + share) / position.count);
        }
        break;
      } catch (error) {
        if (!isScaWindowError(error) || (since && since >= recent)) throw refused(error, recent);
        if (first && !got) {
          // The whole history is out of reach: the last 90 days, and what lies between said.
          since = resume && resume >= recent ? resume : recent;
          const covered = state?.covered_until ? new Date(state.covered_until) : undefined;
          if (covered && covered >= since) completeSince = state?.complete_since ?? null;
          else {
            completeSince = since.toISOString();
            if (covered) gaps.push(await this.#gap(account, covered, since, 'too-long-ago'));
            else {
              this.run.notice({
                kind: 'recent-only',
                account_id: account.id,
                since: since.toISOString(),
                text: `${name(account)}: only the last ${RECENT_DAYS} days were reachable (since ${day(since)}).`,
              });
            }
          }
        } else {
          // The 5 minutes ran out part way: the rest of what is reachable, and the stretch between said.
          const reached = (await store.state(account.id))?.covered_until;
          const stop = reached ? new Date(reached) : (since ?? new Date(account.created));
          if (stop < recent) {
            gaps.push(await this.#gap(account, stop, recent, 'window-closed'));
            completeSince = recent.toISOString();
          }
          since = new Date(Math.max(stop.getTime(), recent.getTime()));
        }
        first = false;
      }
    }
    // The end is written only while this sync still holds the account.
    if (!(await store.renewLease(account.id, this.lease.owner, this.lease.ttlMs))) {
      throw leaseLost(account.id, this.lease.owner);
    }
    await store.finish({
      user_id: userId,
      account_id: account.id,
      until: runAt.toISOString(),
      complete_since: completeSince,
      full_history: completeSince === null,
    });
    await store.clearGaps(account.id, completeSince);
    const held = await store.held(account.id);
    const after = await store.state(account.id);
    return {
      id: account.id,
      type: account.type ?? null,
      inserted,
      updated,
      held: held.transactions,
      first: held.first,
      last: held.last,
      complete_since: after?.complete_since ?? null,
      full_history: after?.full_history ?? false,
      gaps,
    };
  }

  /**
   * Where an incremental sync starts: `recheckDays` before what is held, or at the oldest payment held as
   * pending if that is earlier (but not before the last 90 days for its sake alone).
   */
  async #resumePoint(
    state: SyncState | undefined,
    accountId: string,
    recent: Date,
  ): Promise<Date | undefined> {
    if (!state?.covered_until) return undefined;
    let since = Date.parse(state.covered_until) - this.run.recheckMs;
    const pending = await this.run.store.oldestPending(accountId);
    if (pending) since = Math.min(since, Math.max(Date.parse(pending), recent.getTime()));
    return new Date(since);
  }

  /** Records and tells a stretch out of reach, from `from` (after the last transaction held) to `to`. */
  async #gap(account: Account, from: Date, to: Date, reason: 'too-long-ago' | 'window-closed'): Promise<Gap> {
    const gap = { from: from.toISOString(), to: to.toISOString() };
    await this.run.store.recordGap({
      user_id: this.run.userId,
      account_id: account.id,
      ...gap,
      noticed_at: this.run.now().toISOString(),
    });
    const why =
      reason === 'too-long-ago'
        ? 'the last sync was too long ago'
        : 'the 5-minute full-history window closed during the sync';
    this.run.notice({
      kind: 'gap',
      account_id: account.id,
      gap,
      reason,
      text: `${name(account)}: transactions from ${day(from)} to ${day(to)} could not be read: ${why}, and Monzo now shows only the last ${RECENT_DAYS} days.`,
    });
    return gap;
  }
}

/** A 403 for a range within the last 90 days: the clocks disagree, or the login is gone. */
function refused(error: unknown, recent: Date): unknown {
  if (!isScaWindowError(error)) return error;
  return new HistoryError(
    'RECENT_REFUSED',
    `Monzo refused even the last ${RECENT_DAYS} days (since ${recent.toISOString()})`,
    "check this computer's clock, or log in again and sync at once",
    error,
  );
}

function name(account: Account): string {
  return `${account.id} (${account.type ?? 'account'})`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
