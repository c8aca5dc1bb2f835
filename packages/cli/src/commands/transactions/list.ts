import type { History } from '@monzo-ts/history';
import type { Command } from 'commander';
import { formatAmount, type Merchant, type Transaction } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { colorsFor, output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { count } from '../../output/wording.js';
import { chooseAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { parseDate } from '../../support/dates.js';
import { type GlobalOptions, globalsOf } from '../../support/globals.js';
import { potLabelsFor, transactionLabel } from '../../support/pot.js';
import type { ReadClient } from '../../sync/local.js';

const DEFAULT_DAYS = 30;
const DEFAULT_LIMIT = 50;

export interface ListOptions {
  since?: string;
  before?: string;
  limit?: string;
  offline?: boolean;
  db?: string;
}

/** The window and limit options, on `monzo transactions` and on `monzo transactions list`. */
export function addListOptions(command: Command): Command {
  return command
    .option('--since <date>', `from this time (default: ${DEFAULT_DAYS} days before --before)`)
    .option('--before <date>', 'up to this time, excluded (default: now)')
    .option('--limit <n>', `show at most this many, the most recent (default: ${DEFAULT_LIMIT})`)
    .option('--offline', 'read the local history that `monzo sync` keeps, not Monzo')
    .option('--db <file>', 'with --offline: the database (default: as `monzo sync`)');
}

/** `monzo transactions list`: the same as `monzo transactions` alone. */
export function registerTransactionsList(transactions: Command, context: CliContext): void {
  addListOptions(transactions.command('list'))
    .description('a table of recent transactions (what `monzo transactions` alone does)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ monzo transactions list --since 7d --limit 20\n' +
        "  $ monzo transactions --json | jq -c '.[] | select(.amount < -10000)'  # over £100 out: amounts in pence",
    )
    .action(async (options: ListOptions, command: Command) => listTransactions(options, command, context));
}

/** Prints the most recent `--limit` transactions of the window, oldest first. */
export async function listTransactions(
  options: ListOptions,
  command: Command,
  context: CliContext,
): Promise<void> {
  // The window and the limit are checked before any request.
  const now = new Date();
  const before = options.before ? parseDate(options.before, now, '--before') : undefined;
  const since = options.since
    ? parseDate(options.since, now, '--since')
    : new Date((before ?? now).getTime() - DEFAULT_DAYS * 86_400_000);
  if (before && before <= since) throw new UsageError('--before must be later than --since');
  const limit = parseLimit(options.limit);

  const globals = globalsOf(command);
  const offline = await offlineHistory(options, context);
  try {
    const client: ReadClient = offline?.client ?? (await connect(context, globals));
    await showTransactions(client, { since, before, limit }, globals, context);
  } finally {
    await offline?.history.close();
  }
}

/**
 * With `--offline` (or `--db`, refused without it), the local history and a client that reads it; the code that
 * reads it is loaded then, not for a read from Monzo.
 */
async function offlineHistory(
  options: ListOptions,
  context: CliContext,
): Promise<{ history: History; client: ReadClient } | undefined> {
  if (options.offline === undefined && options.db === undefined) return undefined;
  const { localClient, openLocalHistory, wantsOffline } = await import('../../sync/local.js');
  if (!wantsOffline(options.offline, options.db)) return undefined;
  const history = await openLocalHistory(context, options.db);
  return { history, client: localClient(history) };
}

async function showTransactions(
  client: ReadClient,
  { since, before, limit }: { since: Date; before: Date | undefined; limit: number },
  globals: GlobalOptions,
  context: CliContext,
): Promise<void> {
  const account = await chooseAccount(client, globals.account);
  // The API pages forward from `since`; the most recent `limit` are kept as the pages go by (a bounded buffer).
  const recent: Transaction<Merchant>[] = [];
  let seen = 0;
  const pages = client.transactions.iterate({
    account_id: account.id,
    since,
    ...(before ? { before } : {}),
    expand: ['merchant'],
  });
  for await (const transaction of pages) {
    seen++;
    recent.push(transaction);
    if (recent.length > limit) recent.shift();
  }

  const out = output(context);
  if (globals.json) return out.json(recent);
  if (recent.length === 0) return out.message('no transactions in that time; widen it with --since');
  const colors = colorsFor(context, 'stdout');
  const potNames = await potLabelsFor(recent, () => client.pots.list(account.id));
  out.table(
    ['date', 'description', 'category', 'amount', ''],
    recent.map((transaction) => {
      const status = statusOf(transaction);
      const amount = formatAmount(transaction.amount, transaction.currency);
      return [
        localTime(transaction.created),
        plain(transactionLabel(transaction, potNames)),
        plain(transaction.category),
        transaction.decline_reason ? colors.strikethrough(amount) : amount,
        transaction.decline_reason ? colors.red(status) : colors.yellow(status),
      ];
    }),
    [3],
  );
  if (seen > recent.length)
    out.message(`showing the last ${count(recent.length)} of ${count(seen)}; see more with --limit`);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--limit: ${JSON.stringify(text)} is not a whole number of at least 1`);
  }
  return limit;
}

/** `declined (REASON)`, `pending`, or nothing for a settled transaction. */
function statusOf(transaction: Transaction): string {
  if (transaction.decline_reason) return `declined (${transaction.decline_reason.toLowerCase()})`;
  return transaction.settled === '' ? 'pending' : '';
}

/** `2026-01-31 09:30` in the local time zone, as a person reads a statement. */
function localTime(timestamp: string): string {
  const date = new Date(timestamp);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
