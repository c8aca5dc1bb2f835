import type { Account } from 'monzo-ts';
import { HistoryError, leaseLost } from '../errors.js';
import type { ConcurrencyLimiter } from '../fetch/limiter.js';
import type { WalkProgress } from '../fetch/types.js';
import { isScaWindowError, RECENT_DAYS, recentSince, type SyncClient } from '../monzo.js';
import type { HistoryStore, LeaseClaim, SyncState } from '../store/types.js';
import type { PageRoute } from './page-route.js';
import type { PageWalker } from './pages.js';
import type { AccountProgressReport } from './progress.js';
import { planStretches, type StretchPlan } from './stretches.js';
import type { AccountSync, Gap, SyncNotice } from './types.js';
import { walkWindows } from './windowed.js';

/** What every account's sync in one run shares. */
export interface RunContext {
  store: HistoryStore;
  /** Where the pages of windowed walks go (see `PageRoute`). */
  pages: PageRoute;
  client: SyncClient;
  userId: string;
  walk: PageWalker;
  recheckMs: number;
  now: () => Date;
  notice: (notice: SyncNotice) => void;
  /** One for the whole login: a rate limit counts all of its requests. */
  limiter: ConcurrencyLimiter;
  /** When the 5-minute full-history window closes, epoch ms, if known. */
  deadline: number | undefined;
  /** Set once any account's walk has had a page older than 90 days: the full-history window was open. */
  fullHistory: { seen: boolean };
}

/** What a walk of an account's transactions did, before the run ends. */
interface Walked {
  inserted: number;
  updated: number;
  gaps: Gap[];
  complete_since: string | null;
  full_history: boolean;
}

/** The sync of one account's transactions, under its lease. */
export class AccountRun {
  constructor(
    readonly run: RunContext,
    readonly lease: LeaseClaim,
    readonly progress: AccountProgressReport,
  ) {}

  /**
   * While anything is missing (the account was never synced, or has gaps), its windows are walked at once:
   * the whole history, or the gaps and the days since; what is older than 90 days Monzo gives only in the 5
   * minutes after a login, and what it refuses stays a gap, said. Else the sync reads on from the last
   * transaction held less `recheckDays` (or from the oldest payment held as pending, if earlier), in order, so
   * that payments that settled or changed since are updated.
   */
  async sync(account: Account): Promise<AccountSync> {
    const { store, userId } = this.run;
    const runAt = this.run.now();
    const recent = recentSince(runAt);
    const state = await store.state(account.id);
    const resume = await this.#resumePoint(state, account.id, recent);
    const stored = await store.gaps({ account_id: account.id });
    const { deadline } = this.run;
    const plan = planStretches({
      created: account.created,
      state,
      gaps: stored,
      resume,
      now: runAt.getTime(),
      reachOld: deadline === undefined || runAt.getTime() < deadline,
    });
    const walked = plan
      ? await this.#windowed(account, plan, runAt, recent)
      : await this.#inOrder(account, state, resume, runAt, recent);
    // The end is written only while this sync still holds the account.
    if (!(await store.renewLease(account.id, this.lease.owner, this.lease.ttlMs))) {
      throw leaseLost(account.id, this.lease.owner);
    }
    await store.finish({
      user_id: userId,
      account_id: account.id,
      until: runAt.toISOString(),
      complete_since: walked.complete_since,
      full_history: walked.full_history,
    });
    if (!plan) await store.clearGaps(account.id, walked.complete_since);
    this.progress.done();
    const held = await store.held(account.id);
    const after = await store.state(account.id);
    const left = await store.gaps({ account_id: account.id });
    const lastGap = left
      .map((gap) => gap.to)
      .sort()
      .at(-1);
    return {
      id: account.id,
      type: account.type ?? null,
      inserted: walked.inserted,
      updated: walked.updated,
      held: held.transactions,
      first: held.first,
      last: held.last,
      complete_since: lastGap ?? after?.complete_since ?? null,
      full_history: after?.full_history ?? false,
      gaps: walked.gaps,
    };
  }

  /** The windows of `plan`, at once; what stays out of reach is said. */
  async #windowed(account: Account, plan: StretchPlan, runAt: Date, recent: Date): Promise<Walked> {
    const context = {
      ...this.run,
      lease: this.lease,
      now: () => this.run.now().getTime(),
      onProgress: (progress: WalkProgress, share: number) => this.progress.walked(progress, share),
    };
    let outcome: Awaited<ReturnType<typeof walkWindows>>;
    try {
      outcome = await walkWindows(context, account, plan, runAt);
    } catch (error) {
      throw refused(error, recent);
    }
    const { remaining } = outcome;
    let gaps: Gap[] = [];
    if (this.run.fullHistory.seen && remaining.length > 0) {
      // The 5 minutes ran out part way (for this account, or for another of the login, before this one's turn).
      gaps = remaining;
      this.#tellGaps(account, gaps, 'window-closed');
    } else if (plan.first && remaining.length > 0) {
      const since = new Date(
        remaining
          .map((gap) => gap.to)
          .sort()
          .at(-1) as string,
      );
      this.run.notice({
        kind: 'recent-only',
        account_id: account.id,
        since: since.toISOString(),
        text: `${name(account)}: only the last ${RECENT_DAYS} days were reachable (since ${day(since)}).`,
      });
    } else if (outcome.found.length > 0) {
      gaps = outcome.found;
      this.#tellGaps(account, gaps, 'too-long-ago');
    }
    return {
      inserted: outcome.inserted,
      updated: outcome.updated,
      gaps,
      complete_since: null,
      full_history: remaining.length === 0,
    };
  }

  /** From `resume` to now, one page after another, each committed with the cursor. */
  async #inOrder(
    account: Account,
    state: SyncState | undefined,
    resume: Date | undefined,
    runAt: Date,
    recent: Date,
  ): Promise<Walked> {
    const { store, userId } = this.run;
    let since = resume;
    let completeSince: string | null = state?.complete_since ?? null;
    const gaps: Gap[] = [];
    let inserted = 0;
    let updated = 0;
    let fetched = 0;
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
          fetched += page.transactions.length;
          const last = page.transactions.at(-1) ?? head;
          const span = Math.max(runAt.getTime() - from, 1);
          this.progress.read(fetched, Math.min(Math.max((Date.parse(last.created) - from) / span, 0), 1));
        }
        break;
      } catch (error) {
        if (!isScaWindowError(error) || (since && since >= recent)) throw refused(error, recent);
        if (first && !got) {
          // Too long since the last sync: the last 90 days, and what lies between said.
          since = resume && resume >= recent ? resume : recent;
          const covered = state?.covered_until ? new Date(state.covered_until) : undefined;
          if (!covered || covered < since) {
            completeSince = since.toISOString();
            if (covered) gaps.push(await this.#gap(account, covered, since, 'too-long-ago'));
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
    return { inserted, updated, gaps, complete_since: completeSince, full_history: completeSince === null };
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

  /** Records a stretch out of reach, from `from` (after the last transaction held) to `to`, and says it. */
  async #gap(account: Account, from: Date, to: Date, reason: 'too-long-ago' | 'window-closed'): Promise<Gap> {
    const gap = { from: from.toISOString(), to: to.toISOString() };
    await this.run.store.recordGap({
      user_id: this.run.userId,
      account_id: account.id,
      ...gap,
      noticed_at: this.run.now().toISOString(),
    });
    this.#tellGaps(account, [gap], reason);
    return gap;
  }

  /** Says the stretches out of reach of an account in one notice: a window that closed may leave many. */
  #tellGaps(account: Account, gaps: readonly Gap[], reason: 'too-long-ago' | 'window-closed'): void {
    const first = gaps[0];
    const last = gaps.at(-1);
    if (!first || !last) return;
    const why =
      reason === 'too-long-ago'
        ? 'the last sync was too long ago'
        : 'the 5-minute full-history window closed during the sync';
    const from = day(new Date(first.from));
    const to = day(new Date(last.to));
    const what =
      gaps.length === 1
        ? `transactions from ${from} to ${to} could not be read`
        : `${gaps.length} stretches of transactions between ${from} and ${to} could not be read`;
    this.run.notice({
      kind: 'gap',
      account_id: account.id,
      gap: { from: first.from, to: last.to },
      gaps: [...gaps],
      reason,
      text: `${name(account)}: ${what}: ${why}, and Monzo now shows only the last ${RECENT_DAYS} days.`,
    });
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
