import { type Command, Option } from 'commander';
import type { Account, MonzoClient } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { chooseAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

/**
 * The defaults of `@monzo-ts/history` that the help prints, kept here so that registering `monzo sync` (and its
 * help) does without loading that package; `sync-defaults.test.ts` holds them equal to the package's.
 */
export const DEFAULT_RECHECK_DAYS = 14;
export const MAX_CONCURRENCY = 64;

const HELP = `
Monzo shows the whole history only in the 5 minutes after a login is approved, and then only the last 90 days.
monzo sync keeps every transaction in a SQLite database on this computer (or a PostgreSQL one, with
--db postgres://…), so that it outlives that window:
the first sync after a login takes everything (monzo login runs it at once), later ones what is new, reading
the last ${DEFAULT_RECHECK_DAYS} days again so that pending payments that settled are updated. The first sync
reads an account's life in time windows, many requests at once (a few to start with, more while Monzo answers
fast, fewer when it says to slow down; --concurrency N fixes the number), every account at once, so that even a
long history fits in the 5 minutes; what the window's close leaves unread is kept as gaps, filled by a sync
right after the next login. Each page is committed as it comes: an interrupted sync fetches only what it had not.
Accounts, pots and a balance per sync are kept too; every object reads back exactly as Monzo sent it.
On a terminal, a line shows the accounts done, the transactions so far, the rate and the time left.

The database: --db, else MONZO_HISTORY_DB (MONZO_DB, its old name, still works), else
$XDG_DATA_HOME/monzo/history.sqlite (~/.local/share/monzo/…). Every open account is synced, or only --account.
Two syncs of one database take turns: an account another sync is taking waits for it to finish.

Examples:
  $ monzo login                                   # approve in the app: the whole history is synced at once
  $ monzo sync                                    # later, as often as you like
  $ monzo transactions --offline --since 2024-01-01 --limit 20
  $ monzo transactions export --offline --format csv --out everything.csv
  $ monzo sync --json | jq '.inserted'
  $ sqlite3 ~/.local/share/monzo/history.sqlite 'SELECT category, SUM(amount) FROM transactions GROUP BY 1'`;

export interface SyncCommandOptions {
  db?: string | undefined;
  recheckDays?: string | undefined;
  concurrency?: string | undefined;
}

/** `monzo sync`: brings the local history up to date. */
export function registerSync(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description('keep your whole history in a local SQLite database, past the 90 days Monzo shows')
    .option('--db <file>', 'the database file (default: MONZO_HISTORY_DB, else in the data directory)')
    .addOption(
      // The default as commander shows it: `(default: 14)`, not the string `"14"` it is read as.
      new Option(
        '--recheck-days <days>',
        'days read again before the last transaction held, to see payments settle',
      ).default(String(DEFAULT_RECHECK_DAYS), String(DEFAULT_RECHECK_DAYS)),
    )
    .option(
      '--concurrency <n>',
      `requests to Monzo at once, 1 to ${MAX_CONCURRENCY} (default: a few, adapting to how fast Monzo answers)`,
    )
    .addHelpText('after', HELP)
    .action(async (options: SyncCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const recheckDays = parseDays(options.recheckDays);
      const concurrency = parseConcurrency(options.concurrency);
      const client = await connect(context, globals);
      // Who the login is, and the account --account names, are asked before the sync's code (the history
      // package, SQLite) is loaded: loaded at once, it would run before the SDK reaches its first fetch.
      const whoami = client.whoami();
      whoami.catch(() => undefined);
      const accounts = await accountsFor(client, globals.account);
      await whoami;
      const { runSync, printSummary } = await import('./sync-run.js');
      const summary = await runSync(context, globals, client, {
        db: options.db,
        recheckDays,
        concurrency,
        accounts,
        whoami,
      });
      printSummary(context, globals, summary);
    });
}

/** Every open account, or the one `--account` names (`all` is every open one too). */
async function accountsFor(client: MonzoClient, flag: string | undefined): Promise<Account[] | undefined> {
  if (flag === undefined || flag.toLowerCase() === 'all') return undefined;
  return [await chooseAccount(client, flag)];
}

function parseDays(text: string | undefined): number {
  const days = Number(text ?? DEFAULT_RECHECK_DAYS);
  if (!/^\d+$/.test(text ?? '0') || days > 90) {
    throw new UsageError(
      `--recheck-days: ${JSON.stringify(text)} is not a whole number of days from 0 to 90`,
    );
  }
  return days;
}

function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const requests = Number(text);
  if (!/^\d+$/.test(text) || requests < 1 || requests > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency: ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_CONCURRENCY}`,
    );
  }
  return requests;
}
