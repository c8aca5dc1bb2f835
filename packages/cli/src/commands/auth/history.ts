import { rm, stat } from 'node:fs/promises';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';

/** What `monzo logout` did with the synced history: none found, kept, or removed. */
export type HistoryOutcome = { file: string; removed: boolean } | null;

/** SQLite's companions of a database: its write-ahead log, shared memory and rollback journal. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * The local history `monzo sync` keeps (MONZO_HISTORY_DB or MONZO_DB, else the data directory), kept or, with
 * `forget`, deleted with its companion files. A file chosen with `monzo sync --db` is not known here, nor is a
 * PostgreSQL database, shared by design: those are the person's to delete.
 */
export async function settleHistory(context: CliContext, forget: boolean): Promise<HistoryOutcome> {
  // The local history's code is loaded here, when logout settles it, not when logout starts.
  const { historyLocation, isDatabaseUrl } = await import('../../sync/local.js');
  const file = historyLocation(context, undefined);
  if (isDatabaseUrl(file)) return null;
  const present = await exists(file);
  if (!forget) return present ? { file, removed: false } : null;
  const found = (await Promise.all(COMPANIONS.map((suffix) => exists(`${file}${suffix}`)))).some(Boolean);
  if (!found) return null;
  try {
    for (const suffix of COMPANIONS) await rm(`${file}${suffix}`, { force: true });
  } catch (error) {
    throw new CliError(
      `logged out, but could not delete the synced history ${file}: ${(error as Error).message}`,
      `delete it yourself: rm ${file}*`,
    );
  }
  return { file, removed: true };
}

/** The line that says what became of the history, so that a logout never leaves data behind unsaid. */
export function historyMessage(history: HistoryOutcome): string | undefined {
  if (!history) return undefined;
  if (history.removed) return `deleted the synced history ${history.file}`;
  return (
    `your synced history stays on this computer at ${history.file} (\`monzo transactions --offline\` reads it); ` +
    '`monzo logout --forget-history` deletes it'
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
