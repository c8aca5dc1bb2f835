import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MonzoClient } from 'monzo-ts';

/** What one account's export wrote: nothing, or `rows` transactions into `file`, the last one `lastId`. */
export type AccountExport = { rows: 0 } | { rows: number; file: string; lastId: string };

/**
 * Writes every transaction of an account after `since` (an id: the last one exported; or a time, on the first
 * run) to an NDJSON file, one transaction per line as Monzo sent it, oldest first.
 *
 * The file appears whole or not at all: it is written under a temporary name and renamed once complete. Its
 * name comes from where the export starts, so a run that crashed before saving its state is redone into the
 * same file, never into a second one with the same rows.
 */
export async function exportAccount(
  monzo: MonzoClient,
  accountId: string,
  since: string,
  folder: string,
): Promise<AccountExport> {
  const file = join(folder, `${accountId}.after-${since.replace(/[^\w-]/g, '-')}.ndjson`);
  const temporary = `${file}.${process.pid}.tmp`;
  const output = await open(temporary, 'w');
  let rows = 0;
  let lastId = '';
  try {
    const transactions = monzo.transactions.iterate({ account_id: accountId, since, expand: ['merchant'] });
    for await (const transaction of transactions) {
      await output.write(`${JSON.stringify(transaction)}\n`);
      rows++;
      lastId = transaction.id;
    }
    await output.sync();
  } catch (error) {
    await output.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await output.close();
  if (rows === 0) {
    await rm(temporary);
    return { rows };
  }
  await rename(temporary, file);
  return { rows, file, lastId };
}
