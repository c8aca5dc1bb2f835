import { resolve } from 'node:path';
import type { History } from '@monzo-ts/history';
import type { Command } from 'commander';
import { type Account, MonzoServerError } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, EXIT, explain, UsageError } from '../../errors.js';
import { createWriter, formatOfFile } from '../../export/formats.js';
import { exportHistory } from '../../export/history.js';
import { createProgress } from '../../export/progress.js';
import { fileSink, OutputClosedError, type Sink, streamSink } from '../../export/sink.js';
import { type ExportFormat, FORMATS, isFormat } from '../../export/writer.js';
import { output } from '../../output/output.js';
import { count, counted } from '../../output/wording.js';
import { chooseAccount } from '../../support/account.js';
import { type AccountSource, connect } from '../../support/client.js';
import { parseDate } from '../../support/dates.js';
import { globalsOf } from '../../support/globals.js';
import type { ReadClient } from '../../sync/local.js';
import type { ExportOptions } from './export.js';

/** Checks every option before any request or file, then streams the export. */
export async function runExport(
  options: ExportOptions,
  command: Command,
  context: CliContext,
): Promise<void> {
  refuseLimit(command);
  // `--out -` is stdout, as in most tools that take a file.
  const outFile = options.out === '-' ? undefined : options.out;
  const format = chooseFormat(options.format, outFile);
  const now = new Date();
  const sinceText = options.since ?? inherited(command, 'since');
  const beforeText = options.before ?? inherited(command, 'before');
  const since = sinceText === undefined ? undefined : parseDate(sinceText, now, '--since');
  const before = beforeText === undefined ? undefined : parseDate(beforeText, now, '--before');
  if (since && before && before <= since) throw new UsageError('--before must be later than --since');
  const dbFlag = options.db ?? inherited(command, 'db');
  const offline = await offlineHistory(options.offline ?? inherited(command, 'offline') === true, dbFlag);
  const globals = globalsOf(command);
  const out = output(context);

  // The file first: a path that cannot be written is refused before any request.
  const target = outFile === undefined ? undefined : resolve(context.terminal.cwd, outFile);
  const sink: Sink = target ? await fileSink(target) : streamSink(context.terminal.stdout);
  const progress = createProgress(context.terminal, {
    json: globals.json,
    dataTo: target ? 'file' : 'stdout',
  });
  let local: History | undefined;
  try {
    local = await offline?.open(context, dbFlag);
    const client: ReadClient = local && offline ? offline.client(local) : await connect(context, globals);
    const accounts = await accountsFor(client, globals.account);
    // Offline, "now" is when the history was last brought up to date.
    const asOf = local && (await local.lastSync());
    const summary = await exportHistory({
      client,
      accounts,
      since,
      before,
      writer: createWriter(format, { severalAccounts: accounts.length > 1 }),
      sink,
      progress,
      notice: (text) => out.message(text),
      ...(asOf ? { now: () => asOf } : {}),
    });
    progress.stop();
    await sink.finish();
    if (globals.json) {
      // stdout holds the export itself unless it went to a file.
      if (target) out.json({ file: target, format, ...summary });
      return;
    }
    const declined = summary.left_out ? ` (${count(summary.left_out)} declined left out)` : '';
    const where = target ? ` to ${outFile}` : '';
    out.message(`exported ${counted(summary.transactions, 'transaction')}${declined}${where}`);
  } catch (error) {
    progress.stop();
    await sink.abort();
    // `monzo transactions export … | head`: the reader had enough; that is not an error.
    if (error instanceof OutputClosedError) return;
    throw withNextStep(error, outFile);
  } finally {
    await local?.close();
  }
}

/**
 * With `--offline` (`--db` alone is refused), what reads the local history, loaded then: an export from Monzo
 * does not load it.
 */
async function offlineHistory(offline: boolean, db: string | undefined) {
  if (!offline && db === undefined) return undefined;
  const local = await import('../../sync/local.js');
  if (!local.wantsOffline(offline, db)) return undefined;
  return { open: local.openLocalHistory, client: local.localClient };
}

/** An API failure with no advice of its own (a 5xx, a dropped connection) says what became of the file. */
function withNextStep(error: unknown, out: string | undefined): unknown {
  const { exitCode, reason, hint } = explain(error);
  // Monzo's own failure (a 5xx) has only a generic "retry" of its own: this one says what became of the file.
  if (exitCode !== EXIT.failure || (hint && !(error instanceof MonzoServerError))) return error;
  const file = out ? `nothing was written to ${out}; ` : '';
  return new CliError(reason, `${file}retry in a moment`);
}

/**
 * An option a parent command took for itself: `transactions` has its own `--since` and `--before`, and commander
 * can hand them to it even when they follow `export` (the root program's options are not positional).
 */
function inherited(command: Command, name: 'since' | 'before' | 'db'): string | undefined;
function inherited(command: Command, name: 'offline'): boolean | undefined;
function inherited(command: Command, name: string): string | boolean | undefined {
  for (let parent = command.parent; parent; parent = parent.parent) {
    const value = parent.getOptionValue(name) as unknown;
    if (typeof value === 'string' || typeof value === 'boolean') return value;
  }
  return undefined;
}

/**
 * `--format`, else the format `--out`'s extension names. A format that contradicts the extension (`--format csv
 * --out books.ofx`) is refused: an importer would trust the name and choke on the content.
 */
function chooseFormat(flag: string | undefined, out: string | undefined): ExportFormat {
  const named = out === undefined ? undefined : formatOfFile(out);
  if (flag === undefined) {
    if (named) return named;
    throw new UsageError(`choose a format: --format ${FORMATS.join('|')}`);
  }
  if (!isFormat(flag)) throw new UsageError(`--format ${flag} is not one of ${FORMATS.join(', ')}`);
  if (named && named !== flag) {
    throw new UsageError(
      `--format ${flag} contradicts --out ${out}, a name for ${named}: rename the file, or leave --format out`,
    );
  }
  return flag;
}

/**
 * `--limit` belongs to the `monzo transactions` table (the most recent N); `transactions` takes it even when it
 * follows `export`. An export takes the whole range, so that its totals (and OFX's statement dates) are true:
 * a limit is refused rather than silently ignored.
 */
function refuseLimit(command: Command): void {
  if (command.parent?.getOptionValue('limit') === undefined) return;
  throw new UsageError(
    'an export takes every transaction of its range, so --limit does not apply: narrow it with --since and --before',
  );
}

/** `--account all`: every open account (one statement each in OFX); otherwise the one account chosen. */
async function accountsFor(client: AccountSource, flag: string | undefined): Promise<Account[]> {
  if (flag?.toLowerCase() === 'all') {
    const open = (await client.accounts.list()).filter((account) => !account.closed);
    if (open.length === 0) throw new UsageError('there is no open account to export');
    return open;
  }
  return [await chooseAccount(client, flag)];
}
