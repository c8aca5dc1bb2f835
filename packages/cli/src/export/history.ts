import {
  type Account,
  type Balance,
  type ListTransactionsParams,
  type Merchant,
  MonzoScaWindowError,
  type Pot,
  type Transaction,
} from 'monzo-ts';
import { CliError } from '../errors.js';
import { isPotTransfer, potLabels } from '../support/pot.js';
import type { Progress } from './progress.js';
import { toRecord } from './record.js';
import type { Sink } from './sink.js';
import type { ExportWriter, Statement } from './writer.js';

/** Monzo's largest page. */
const PAGE = 100;

/**
 * Where an export reads: a `MonzoClient` (the API), or the local history that `monzo sync` keeps
 * (`monzo transactions export --offline`).
 */
export interface HistorySource {
  transactions: {
    iterate(
      params: ListTransactionsParams & { expand: ['merchant'] },
    ): AsyncGenerator<Transaction<Merchant>, void, undefined>;
  };
  balance: { get(account_id: string): Promise<Balance> };
  /** The account's pots, to name the pot of a move to or from one (Monzo gives only its id). */
  pots: { list(current_account_id: string): Promise<Pot[]> };
}

export interface ExportPlan {
  client: HistorySource;
  accounts: Account[];
  /** `--since`: when absent, the whole history if Monzo allows it, else the last 90 days. */
  since?: Date | undefined;
  /** `--before` (exclusive). */
  before?: Date | undefined;
  writer: ExportWriter;
  sink: Sink;
  progress: Progress;
  /** Tells the person something on stderr. */
  notice(text: string): void;
  now?: () => Date;
}

export interface ExportSummary {
  /** Transactions written. */
  transactions: number;
  /** Declined transactions the format leaves out (OFX, QIF). */
  left_out: number;
  accounts: string[];
  /** The start of the range exported (ISO 8601), or `null` for the whole history. */
  since: string | null;
  before: string | null;
  /** `--since` was omitted but the full history was out of reach, so only the last 90 days were exported. */
  limited_to_recent: boolean;
}

type Page = AsyncGenerator<Transaction<Merchant>, void, undefined>;

/**
 * Streams every transaction of every account in the plan through the writer into the sink, one at a time: the
 * SDK fetches a page of 100, each is turned into text and written (waiting when the sink is busy), and only
 * then is the next page asked for. Nothing accumulates, so memory stays flat at any length of history.
 *
 * How the full-history window is found: by asking. Without `--since`, each export first asks for the whole
 * history; Monzo grants it only in the 5 minutes after a login was approved, and otherwise answers 403
 * `verification_required` (`MonzoScaWindowError`) to that very first request, before anything is written. The
 * export then says so and takes the last 90 days instead. Asking is exact where tracking the login time would
 * guess: it also works for a `MONZO_ACCESS_TOKEN` whose login time is unknown, and for a clock that is off.
 */
export async function exportHistory(plan: ExportPlan): Promise<ExportSummary> {
  const { client, writer, sink, progress } = plan;
  const now = plan.now ?? (() => new Date());
  const end = plan.before ?? now();
  let since = plan.since;
  let limited = false;
  let written = 0;
  let leftOut = 0;
  let fetched = 0;

  await sink.write(writer.start());
  for (const [index, account] of plan.accounts.entries()) {
    let opened: Opened;
    try {
      opened = await openListing(client, account, since, plan.before);
    } catch (error) {
      if (!(error instanceof MonzoScaWindowError)) throw error;
      const rule = await recentRule();
      if (since !== undefined) throw outsideWindow(since, limited, rule.days);
      // An earlier account went out whole: the rest in 90 days only would make a lopsided export.
      if (index > 0) throw windowClosed(undefined, rule.days);
      since = rule.since(now());
      // Asking would only be refused again: the whole range lies before what Monzo shows now.
      if (plan.before && plan.before <= since) throw beforeOutOfReach(plan.before, since, rule.days);
      limited = true;
      plan.notice(recentOnlyNotice(since, rule.days));
      opened = await openListing(client, account, since, plan.before).catch((retry: unknown) => {
        throw retry instanceof MonzoScaWindowError ? outsideWindow(since as Date, true, rule.days) : retry;
      });
    }
    const statement: Statement = {
      account,
      start: since ?? new Date(account.created),
      end,
      asOf: now(),
    };
    if (writer.needsBalance) statement.balance = await client.balance.get(account.id);
    await sink.write(writer.beginAccount(statement));

    // How far along, by time: from the first transaction (an account opened years before its first payment
    // would otherwise make the bar leap) to the end of the range.
    const from = opened.first.done ? statement.start.getTime() : Date.parse(opened.first.value.created);
    const span = Math.max(statement.end.getTime() - from, 1);
    const share = (created: string) =>
      (index + Math.min((Date.parse(created) - from) / span, 1)) / plan.accounts.length;
    // Listed once per account, and only if a move to or from a pot turns up.
    let potNames: Map<string, string> | undefined;
    try {
      let next = opened.first;
      while (!next.done) {
        if (isPotTransfer(next.value.description)) potNames ??= potLabels(await client.pots.list(account.id));
        const record = toRecord(next.value, account.id, potNames);
        fetched++;
        if (writer.accepts(record)) {
          written++;
          const busy = sink.write(writer.transaction(record));
          if (busy) await busy;
        } else {
          leftOut++;
        }
        if (fetched % PAGE === 0) progress.update(fetched, share(record.created));
        next = await opened.pages.next();
      }
    } catch (error) {
      // The full history was granted at first, but the 5 minutes ran out before the last page.
      if (error instanceof MonzoScaWindowError) throw windowClosed(since, (await recentRule()).days);
      throw error;
    }
    progress.update(fetched, (index + 1) / plan.accounts.length);
    await sink.write(writer.endAccount(statement));
  }
  await sink.write(writer.end());
  return {
    transactions: written,
    left_out: leftOut,
    accounts: plan.accounts.map((account) => account.id),
    since: since?.toISOString() ?? null,
    before: plan.before?.toISOString() ?? null,
    limited_to_recent: limited,
  };
}

interface Opened {
  pages: Page;
  first: IteratorResult<Transaction<Merchant>, void>;
}

/**
 * Starts an account's transactions (merchants expanded, 100 a page) and fetches its first page, where Monzo
 * refuses a range it will not show (`MonzoScaWindowError`).
 */
async function openListing(
  client: HistorySource,
  account: Account,
  since: Date | undefined,
  before: Date | undefined,
): Promise<Opened> {
  const pages: Page = client.transactions.iterate({
    account_id: account.id,
    limit: PAGE,
    expand: ['merchant'],
    ...(since ? { since } : {}),
    ...(before ? { before } : {}),
  });
  return { pages, first: await pages.next() };
}

/**
 * Monzo's 90-day rule as the history package states it, loaded only once an export meets it (a 403), so that an
 * export's start does without the history package.
 */
async function recentRule(): Promise<{ days: number; since: (now: Date) => Date }> {
  const { RECENT_DAYS, recentSince } = await import('@monzo-ts/history');
  return { days: RECENT_DAYS, since: recentSince };
}

/** Where to get what is older than 90 days: the local history, or a fresh login. */
const OLDER = '--offline exports the local history that `monzo sync` keeps (and `monzo login` fills)';

function recentOnlyNotice(since: Date, days: number): string {
  return (
    `Monzo shows the full history only in the 5 minutes after a login is approved; that time has passed, so ` +
    `only the last ${days} days are reachable: exporting since ${since.toISOString()}.\n` +
    `For older transactions: ${OLDER}, or run \`monzo login\`, approve it in the app, and export again at once.`
  );
}

function beforeOutOfReach(before: Date, since: Date, days: number): CliError {
  return new CliError(
    `--before ${before.toISOString()} is older than the last ${days} days (since ${since.toISOString()}), ` +
      'the only part of the history Monzo shows now that the 5 minutes after the login have passed',
    'add --offline to export from the local history, or run `monzo login` (it syncs the whole history too) ' +
      'and export at once',
  );
}

function outsideWindow(since: Date, fallback: boolean, days: number): CliError {
  if (fallback) {
    return new CliError(
      `Monzo refused even the last ${days} days (since ${since.toISOString()})`,
      "check this computer's clock, or run `monzo login` and export within 5 minutes",
    );
  }
  return new CliError(
    `--since ${since.toISOString()} is further back than Monzo shows outside the 5 minutes after a login ` +
      `(the last ${days} days)`,
    `pass a --since within the last ${days} days, add --offline to export from the local history, ` +
      'or run `monzo login` and export at once',
  );
}

function windowClosed(since: Date | undefined, days: number): CliError {
  const range = since ? `from ${since.toISOString()}` : 'of the whole history';
  return new CliError(
    `the 5-minute full-history window closed during the export ${range}`,
    `run \`monzo login\` and export at once, add --offline to export from the local history, or pass a ` +
      `--since within the last ${days} days`,
  );
}
