import {
  type Account,
  type Merchant,
  type MonzoClient,
  MonzoError,
  MonzoScaWindowError,
  type Transaction,
} from 'monzo-ts';
import { CliError } from '../errors.js';
import { type Opened, openHistory, RECENT_DAYS, recentSince } from '../export/history.js';
import type { Progress } from '../export/progress.js';
import type { Database } from './database.js';
import { HistoryStore, type SyncState } from './store.js';

const DAY_MS = 86_400_000;
/** How far back before the last transaction held each sync reads again, to see pending payments settle. */
export const DEFAULT_RECHECK_DAYS = 14;
/** Monzo's largest page, and so the most a crash can lose: one page, not yet committed. */
const PAGE = 100;

export interface SyncPlan {
  client: MonzoClient;
  db: Database;
  /** The accounts whose transactions to sync; default every open one. All accounts are recorded either way. */
  accounts?: Account[] | undefined;
  /** Days read again before the last transaction held (default 14). */
  recheckDays?: number | undefined;
  progress?: Progress | undefined;
  /** Tells the person something on stderr (history out of reach). */
  notice?: ((text: string) => void) | undefined;
  now?: (() => Date) | undefined;
}

/** A stretch of history that could not be read, RFC 3339. */
export interface Gap {
  from: string;
  to: string;
}

export interface AccountSync {
  id: string;
  type: string | null;
  /** Transactions new to the database, and held ones that changed (a pending payment settled, say). */
  inserted: number;
  updated: number;
  /** What the database holds of the account now: how many transactions, the first and last dates. */
  held: number;
  first: string | null;
  last: string | null;
  /** Every transaction is held from this time on (`null`: from the first one). */
  complete_since: string | null;
  /** The whole history, from the first transaction, has been taken. */
  full_history: boolean;
  /** Stretches this run found out of reach. */
  gaps: Gap[];
}

export interface SyncSummary {
  accounts: AccountSync[];
  inserted: number;
  updated: number;
  held: number;
  first: string | null;
  last: string | null;
}

/**
 * Brings the local history up to date: every account and its pots, a balance snapshot, and each account's
 * transactions, page by page, each page committed with the cursor so that a crash loses at most one page and a
 * rerun continues without doubling anything (transactions are upserted by id).
 *
 * Where to start, per account: from the beginning while the database does not hold the whole history (Monzo
 * gives it in the 5 minutes after a login; asked for otherwise, it answers 403 at once, as in the export),
 * else from the last transaction held less `recheckDays` (or from the oldest payment held as pending, if
 * earlier), so that payments that settled or changed since are updated. What is out of reach is said, and
 * recorded as a gap that a sync after the next login fills.
 */
export async function syncHistory(plan: SyncPlan): Promise<SyncSummary> {
  const now = plan.now ?? (() => new Date());
  const store = new HistoryStore(plan.db);
  const all = await plan.client.accounts.list();
  const at = now().toISOString();
  store.saveAccounts(all, at);
  const accounts = plan.accounts ?? all.filter((account) => !account.closed);
  const run = new Run(plan, store, now, accounts.length);
  const results: AccountSync[] = [];
  for (const [index, account] of accounts.entries()) {
    const [pots, balance] = await Promise.all([
      plan.client.pots.list(account.id),
      plan.client.balance.get(account.id),
    ]);
    store.saveAccountState(account.id, pots, balance, at);
    results.push(await run.account(account, index));
  }
  plan.progress?.update(run.fetched, 1);
  if (results.some((result) => result.gaps.length > 0)) {
    plan.notice?.(
      'For the whole history, run `monzo login` and approve it in the Monzo app: it syncs at once, while Monzo allows.',
    );
  }
  const firsts = results.flatMap((result) => (result.first ? [result.first] : [])).sort();
  const lasts = results.flatMap((result) => (result.last ? [result.last] : [])).sort();
  return {
    accounts: results,
    inserted: sum(results, 'inserted'),
    updated: sum(results, 'updated'),
    held: sum(results, 'held'),
    first: firsts[0] ?? null,
    last: lasts.at(-1) ?? null,
  };
}

/** One `syncHistory` call: the pieces every account's sync shares. */
class Run {
  fetched = 0;
  readonly #recheckMs: number;

  constructor(
    readonly plan: SyncPlan,
    readonly store: HistoryStore,
    readonly now: () => Date,
    readonly count: number,
  ) {
    this.#recheckMs = (plan.recheckDays ?? DEFAULT_RECHECK_DAYS) * DAY_MS;
  }

  async account(account: Account, index: number): Promise<AccountSync> {
    const { store, plan } = this;
    const runAt = this.now();
    const recent = recentSince(runAt);
    const state = store.state(account.id);
    const resume = this.#resumePoint(state, account.id, recent);
    // Until the whole history is held, ask for it: Monzo says at once (403) when it is out of reach.
    const wantAll = !state?.covered_until || state.complete_since !== null;
    let since = wantAll ? undefined : resume;
    let completeSince: string | null = null;
    const gaps: Gap[] = [];
    let opened: Opened;
    try {
      opened = await openHistory(plan.client, account, since, undefined);
    } catch (error) {
      if (!(error instanceof MonzoScaWindowError) || (since && since >= recent)) throw refused(error, recent);
      since = resume && resume >= recent ? resume : recent;
      const covered = state?.covered_until ? new Date(state.covered_until) : undefined;
      if (covered && covered >= since) completeSince = state?.complete_since ?? null;
      else {
        completeSince = since.toISOString();
        if (covered) gaps.push(this.#gap(account, covered, since, 'the last sync was too long ago'));
        else
          this.#say(
            `${name(account)}: only the last ${RECENT_DAYS} days were reachable (since ${day(since)}).`,
          );
      }
      opened = await openHistory(plan.client, account, since, undefined).catch((retry: unknown) => {
        throw refused(retry, recent);
      });
    }

    const from =
      since?.getTime() ?? (opened.first.done ? runAt.getTime() : Date.parse(opened.first.value.created));
    const span = Math.max(runAt.getTime() - from, 1);
    let inserted = 0;
    let updated = 0;
    let page: Transaction<Merchant>[] = [];
    const commit = () => {
      const last = page.at(-1);
      if (!last) return;
      const result = store.savePage(account.id, page, completeSince, runAt.toISOString());
      inserted += result.inserted;
      updated += result.updated;
      this.fetched += page.length;
      page = [];
      const share = Math.min(Math.max((Date.parse(last.created) - from) / span, 0), 1);
      plan.progress?.update(this.fetched, (index + share) / this.count);
    };
    for (;;) {
      try {
        for (let next = opened.first; !next.done; next = await opened.pages.next()) {
          page.push(next.value);
          if (page.length === PAGE) commit();
        }
        commit();
        break;
      } catch (error) {
        // What was read is good: keep it, so that a rerun starts after it.
        if (error instanceof MonzoError) commit();
        if (!(error instanceof MonzoScaWindowError) || (since && since >= recent))
          throw refused(error, recent);
        // The 5 minutes ran out part way: the rest of what is reachable, and the stretch between said.
        const reached = store.state(account.id)?.covered_until;
        const stop = reached ? new Date(reached) : (since ?? new Date(account.created));
        if (stop < recent) {
          gaps.push(
            this.#gap(account, stop, recent, 'the 5-minute full-history window closed during the sync'),
          );
          completeSince = recent.toISOString();
        }
        since = new Date(Math.max(stop.getTime(), recent.getTime()));
        opened = await openHistory(plan.client, account, since, undefined).catch((retry: unknown) => {
          throw refused(retry, recent);
        });
      }
    }
    store.finish(account.id, runAt.toISOString(), completeSince, completeSince === null);
    store.clearGaps(account.id, completeSince);
    const held = store.held(account.id);
    const after = store.state(account.id);
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
  #resumePoint(state: SyncState | undefined, accountId: string, recent: Date): Date | undefined {
    if (!state?.covered_until) return undefined;
    let since = Date.parse(state.covered_until) - this.#recheckMs;
    const pending = this.store.oldestPending(accountId);
    if (pending) since = Math.min(since, Math.max(Date.parse(pending), recent.getTime()));
    return new Date(since);
  }

  /** Records and tells a stretch out of reach, from `from` (after the last transaction held) to `to`. */
  #gap(account: Account, from: Date, to: Date, why: string): Gap {
    const gap = { from: from.toISOString(), to: to.toISOString() };
    this.store.recordGap(account.id, gap.from, gap.to, this.now().toISOString());
    this.#say(
      `${name(account)}: transactions from ${day(from)} to ${day(to)} could not be read: ${why}, and Monzo now shows only the last ${RECENT_DAYS} days.`,
    );
    return gap;
  }

  #say(text: string): void {
    this.plan.notice?.(text);
  }
}

/** A 403 for a range within the last 90 days: the clocks disagree, or the login is gone. */
function refused(error: unknown, recent: Date): unknown {
  if (!(error instanceof MonzoScaWindowError)) return error;
  return new CliError(
    `Monzo refused even the last ${RECENT_DAYS} days (since ${recent.toISOString()})`,
    "check this computer's clock, or run `monzo login`: it syncs at once",
  );
}

function name(account: Account): string {
  return `${account.id} (${account.type ?? 'account'})`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function sum(results: AccountSync[], key: 'inserted' | 'updated' | 'held'): number {
  return results.reduce((total, result) => total + result[key], 0);
}
