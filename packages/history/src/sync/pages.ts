import type { Account, Merchant, Transaction } from 'monzo-ts';
import { isMonzoError, type SyncClient } from '../monzo.js';
import { toColumnTime } from '../store/columns.js';
import type { PageCursor, SyncState } from '../store/types.js';

/** Monzo's largest page, and so the most a crash can lose: one page, not yet committed. */
export const PAGE = 100;

/** What a walker is asked for: an account's transactions in a window, and where the store stands. */
export interface WalkRequest {
  client: SyncClient;
  account: Account;
  /** The account's cursor in the store as the run began (`undefined`: never synced). */
  state: SyncState | undefined;
  /** From this time (`undefined`: from the account's first transaction). */
  since: Date | undefined;
  /** Up to this time, exclusive (`undefined`: now). */
  before?: Date | undefined;
}

/** A page to commit: its transactions and, for a walk in time order, where the cursor moves with it. */
export interface WalkedPage {
  transactions: Transaction<Merchant>[];
  /**
   * Every transaction from the walk's `since` up to `covered_until` is held once this page is committed.
   * Absent for a walk out of time order (windows walked at once): the cursor then moves only at the end.
   */
  cursor?: Omit<PageCursor, 'complete_since'> | undefined;
}

/**
 * How a sync reads an account: pages in, each committed with its cursor before the next is asked for. It
 * throws Monzo's errors as the SDK raises them: a `MonzoScaWindowError` before the first page means the
 * window is out of reach, after it that the 5 minutes ran out part way (see `sync.ts`).
 */
export type PageWalker = (request: WalkRequest) => AsyncIterable<WalkedPage>;

/**
 * The walk of today: one request after another, oldest first, 100 a page, merchants expanded. The next page is
 * asked for before this one is handed over, so that it travels while this one is written. A Monzo error part way
 * first hands over what was read, so that a rerun starts after it.
 */
export async function* walkInOrder(request: WalkRequest): AsyncGenerator<WalkedPage, void, undefined> {
  const { client, account, since, before } = request;
  const transactions = client.transactions.iterate({
    account_id: account.id,
    limit: PAGE,
    expand: ['merchant'],
    ...(since ? { since } : {}),
    ...(before ? { before } : {}),
  });
  let page: Transaction<Merchant>[] = [];
  const take = (): WalkedPage => {
    const last = page.at(-1) as Transaction<Merchant>;
    const created = toColumnTime(last.created) ?? last.created;
    const taken = {
      transactions: page,
      cursor: { last_id: last.id, last_created: created, covered_until: created },
    };
    page = [];
    return taken;
  };
  let next = transactions.next();
  try {
    for (;;) {
      let step: IteratorResult<Transaction<Merchant>, void>;
      try {
        step = await next;
      } catch (error) {
        if (page.length > 0 && isMonzoError(error)) yield take();
        throw error;
      }
      if (step.done) break;
      page.push(step.value);
      next = transactions.next();
      if (page.length === PAGE) {
        // The request for the next page leaves before the writing of this one holds the thread.
        next.catch(() => undefined);
        await new Promise((resolve) => setImmediate(resolve));
        yield take();
      }
    }
    if (page.length > 0) yield take();
  } finally {
    // Not awaited: a page still on its way would hold a caller that stopped early until it arrived.
    transactions.return().catch(() => undefined);
  }
}
