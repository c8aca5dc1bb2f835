import { type Command, Option } from 'commander';
import type { CliContext } from '../../context.js';
import { FORMATS } from '../../export/writer.js';
import { DATE_FORMATS } from '../../support/dates.js';

const EXAMPLES = `
Formats:
  csv     RFC 4180: a header row, amounts in major units (-26.68) beside the currency, CRLF line ends
  json    one array of objects: amount in minor units (-2668 is -£26.68, as in Monzo's JSON and every
          --json), beside currency, and amount_formatted as a person reads it ("-£26.68")
  ndjson  one such object per line
  ofx     OFX 2.2 (XML), one statement per account, for accounting tools
  qif     !Type:Bank, dates DD/MM/YYYY
Pending transactions are in, marked. Declined ones are in CSV and JSON with their reason, and left out of OFX
and QIF (they moved no money).

Without --since, the whole history is exported if the login was approved less than 5 minutes ago (Monzo's
rule); after that only the last 90 days are reachable, and the export says so. --offline exports the local
history that \`monzo sync\` keeps (\`monzo login\` fills it), however old.
--account all exports every open account.
Dates: ${DATE_FORMATS}.

Examples:
  $ monzo transactions export --format csv --out history.csv
  $ monzo transactions export --out books.ofx --account all
  $ monzo transactions export --offline --since 2024-01-01 --out 2024.csv
  $ monzo transactions export --format ndjson --since 30d | jq -c 'select(.amount < -10000)'  # over £100 out
  $ monzo transactions export --format qif --since 2026-01-01 --before 2026-04-01 --out q1.qif`;

export interface ExportOptions {
  format?: string;
  out?: string;
  since?: string;
  before?: string;
  offline?: boolean;
  db?: string;
}

/** `monzo transactions export`: the history, streamed page by page into a file or stdout. */
export function registerTransactionsExport(transactions: Command, context: CliContext): void {
  transactions
    .command('export')
    .description('export transactions as CSV, JSON, NDJSON, OFX or QIF (the whole history when Monzo allows)')
    .addOption(
      new Option('--format <format>', "the format (default: from --out's extension)").choices(FORMATS),
    )
    .option('--out <file>', 'write to this file, complete or not at all (default, and `-`: stdout)')
    .option('--since <date>', 'from this time (default: the whole history, else the last 90 days)')
    .option('--before <date>', 'up to this time, excluded (default: now)')
    .option('--offline', 'export from the local history that `monzo sync` keeps: years, not 90 days')
    .option('--db <file>', 'with --offline: the database (default: as `monzo sync`)')
    .addHelpText('after', EXAMPLES)
    // The export's code (formats, files, the local history) is loaded when it runs, not with the other
    // transactions commands.
    .action(async (options: ExportOptions, command: Command) =>
      (await import('./export-run.js')).runExport(options, command, context),
    );
}
