import type { Account } from 'monzo-ts';
import type { ConcurrencyLimiter } from '../fetch/limiter.js';
import type { WalkProgress } from '../fetch/types.js';
import { walkAccount } from '../fetch/walk.js';
import { mergeGaps } from '../fetch/windows.js';
import type { SyncClient } from '../monzo.js';
import type { GapSpan, HistoryStore, LeaseClaim, PageWrite } from '../store/types.js';
import type { PageRoute } from './page-route.js';
import { WindowRows } from './rows.js';
import { outside, type StretchPlan } from './stretches.js';

/** What a windowed walk of one account needs from its run. */
export interface WindowedContext {
  store: HistoryStore;
  /** Where the pages go: see `PageRoute`. */
  pages: PageRoute;
  client: SyncClient;
  userId: string;
  lease: LeaseClaim;
  /** One for the whole login: a rate limit counts all of its requests. */
  limiter: ConcurrencyLimiter;
  /** When the 5-minute full-history window closes, epoch ms, if known. */
  deadline: number | undefined;
  /** Epoch ms, the run's clock. */
  now: () => number;
  /** Shared by the accounts of the run: set once a page older than 90 days comes in, for any of them. */
  fullHistory: { seen: boolean };
  onProgress(progress: WalkProgress, share: number): void;
}

/** How a windowed walk went. */
export interface WindowedOutcome {
  inserted: number;
  updated: number;
  /** Stretches still missing at the end, merged: each is a gap in the store. */
  remaining: GapSpan[];
  /** Those of `remaining` this run found out of reach (not already missing before it). */
  found: GapSpan[];
}

/**
 * Walks the windows of `plan` at once (`walkAccount`), each window's unread stretch a gap in the store from the
 * start (see `WindowRows`), so that a sync killed at any moment resumes only what is missing. When the walk is
 * over, the account's gaps are what it could not read (the 5-minute window closed), merged.
 */
export async function walkWindows(
  context: WindowedContext,
  account: Account,
  plan: StretchPlan,
  runAt: Date,
): Promise<WindowedOutcome> {
  const { store, userId, lease } = context;
  const at = runAt.toISOString();
  const savePage = (page: PageWrite) => context.pages.savePage(page);
  const owner = { store, savePage, user_id: userId, account_id: account.id, at, lease };
  const rows = new WindowRows(owner, plan.windows, at);
  await store.changeGaps({
    ...owner,
    clear: true,
    add: [...rows.initial, ...plan.kept],
    startCovered: plan.first ? at : undefined,
  });
  let inserted = 0;
  let updated = 0;
  await walkAccount({
    client: context.client,
    account_id: account.id,
    windows: plan.windows,
    concurrency: context.limiter,
    deadline: context.deadline,
    now: context.now,
    onPage: async (window, transactions, cursor) => {
      if (window.old && transactions.length > 0) context.fullHistory.seen = true;
      const result = await rows.page(window, transactions, cursor);
      inserted += result.inserted;
      updated += result.updated;
    },
    onSplit: (parent, child) => rows.split(parent, child),
    onProgress: (progress) => context.onProgress(progress, rows.share()),
  });
  const remaining = mergeGaps([...rows.remaining(), ...plan.kept]);
  // The rows of the windows overlap at their edges: the gaps the person sees are merged.
  await store.changeGaps({ ...owner, clear: true, add: remaining });
  return { inserted, updated, remaining, found: outside(remaining, plan.known) };
}
