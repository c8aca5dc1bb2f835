/**
 * The children of the history-window benchmark (bench/history-window.ts), each one fetch of the personal
 * account's whole history from nothing, in a process of its own as a client on another machine would be, so
 * that it does not share the emulator's event loop. `tsx bench/history-window-children.ts walk` is the bare
 * parallel walk into a Map; `… sync LOCATION` is `History.sync` into a new history at LOCATION (a SQLite file
 * or a postgres:// URL). The emulator's URL, the login's token and when it was approved come in the
 * environment; the child prints what it measured as one line of JSON.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { walkAccount } from '../packages/history/src/fetch/walk.js';
import { planWindows } from '../packages/history/src/fetch/windows.js';
import { openHistory } from '../packages/history/src/open.js';
import { MonzoClient } from '../packages/sdk/src/index.js';

/** The 5-minute full-history window (monzo-api.md §4). */
export const WINDOW_MS = 5 * 60_000;

/** What a child measured. */
export interface WalkRun {
  ms: number;
  /** Transactions in the Map, or in the history, at the end. */
  held: number;
  gaps: number;
  /** The walker's own counts (the walk only: a sync's summary has none, its parent asks the emulator). */
  pages: number;
  requests: number;
  rateLimited: number;
  maxConcurrency: number;
  splits: number;
  /** From the login's approval to the end of the fetch. */
  sinceLoginMs: number;
  /** Why `History.sync` threw, if it did. */
  failed?: string;
  /** The history's size at the end, measured by the parent once the child is gone (`History.sync` only). */
  storeBytes?: number;
}

/**
 * A client with the SDK's defaults, as `monzo sync` has: the walk turns the SDK's retries off for each page and
 * retries it itself, so that its limiter sees every 429.
 */
function client(): MonzoClient {
  return new MonzoClient({ apiUrl: process.env.MONZO_API_URL, accessToken: process.env.MONZO_ACCESS_TOKEN });
}

/** One walk of the personal account's whole history, its pages kept in a Map by id. */
async function walk(): Promise<WalkRun> {
  const monzo = client();
  const loginAt = Number(process.env.LOGIN_AT);
  const started = performance.now();
  const account = (await monzo.accounts.list()).find((item) => item.type === 'uk_retail' && !item.closed);
  if (!account) throw new Error('no personal account');
  const held = new Map<string, unknown>();
  const { gaps, stats } = await walkAccount({
    client: monzo,
    account_id: account.id,
    windows: planWindows({ created: account.created, now: Date.now() }),
    deadline: loginAt + WINDOW_MS,
    onPage: (_window, transactions) => {
      for (const tx of transactions) held.set(tx.id, tx);
    },
  });
  return {
    ms: performance.now() - started,
    held: held.size,
    gaps: gaps.length,
    pages: stats.pages,
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    maxConcurrency: stats.maxConcurrency,
    splits: stats.splits,
    sinceLoginMs: Date.now() - loginAt,
  };
}

/**
 * `History.sync` of the personal account's whole history into a new history at `location`, told when the
 * login was approved (as `monzo login` tells it). A failed sync is reported, not thrown: it is a row's outcome.
 */
async function sync(location: string): Promise<WalkRun> {
  const monzo = client();
  const loginAt = Number(process.env.LOGIN_AT);
  const started = performance.now();
  let held = 0;
  let gaps = 0;
  let failed: string | undefined;
  try {
    const history = await openHistory(location);
    try {
      const accounts = (await monzo.accounts.list()).filter(
        (item) => item.type === 'uk_retail' && !item.closed,
      );
      const summary = await history.sync(monzo, { accounts, approvedAt: loginAt });
      held = summary.held;
      gaps = summary.accounts.reduce((total, account) => total + account.gaps.length, 0);
    } finally {
      // Closed inside the clock: on SQLite, the write-ahead log is folded into the file.
      await history.close();
    }
  } catch (error) {
    failed = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return {
    ms: performance.now() - started,
    held,
    gaps,
    pages: 0,
    requests: 0,
    rateLimited: 0,
    maxConcurrency: 0,
    splits: 0,
    sinceLoginMs: Date.now() - loginAt,
    ...(failed === undefined ? {} : { failed }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, location] = process.argv.slice(2);
  if (mode === 'walk') console.log(JSON.stringify(await walk()));
  else if (mode === 'sync' && location) console.log(JSON.stringify(await sync(location)));
  else throw new Error('usage: tsx bench/history-window-children.ts walk | sync LOCATION');
}
