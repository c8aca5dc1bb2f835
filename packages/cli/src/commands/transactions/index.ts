import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerTransactionsAnnotate } from './annotate.js';
import { registerTransactionsExport } from './export.js';
import { addListOptions, type ListOptions, listTransactions, registerTransactionsList } from './list.js';

const EXAMPLES = `
Dates (--since, --before):
  2026-01-31               midnight that day, local time
  2026-01-31T09:30         local time; add Z or +01:00 for another zone
  30d, 12h, 2w             that long ago
  today, yesterday, now
The most recent --limit transactions of the window are shown, oldest first (the newest is last).

Examples:
  $ monzo transactions
  $ monzo transactions --since 7d --limit 20
  $ monzo transactions --since 2026-01-01 --before 2026-02-01 --json
  $ monzo transactions annotate tx_00009… notes="team lunch" receipt=
  $ monzo transactions export --format csv --out history.csv`;

/** `monzo transactions` (a table of recent ones), `… list`, `… annotate` and `… export`. */
export function registerTransactions(program: Command, context: CliContext): void {
  const transactions = addListOptions(program.command('transactions'))
    .description('list recent transactions; annotate or export them')
    // Its options come before a subcommand, so that `transactions export --since …` reaches `export`.
    .enablePositionalOptions()
    .addHelpText('after', EXAMPLES)
    .action(async (options: ListOptions, command: Command) => listTransactions(options, command, context));
  registerTransactionsList(transactions, context);
  registerTransactionsAnnotate(transactions, context);
  registerTransactionsExport(transactions, context);
}
