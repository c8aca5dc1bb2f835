/**
 * Exports the new transactions of every open account to NDJSON files, for a cron job:
 *
 *   npx tsx export.ts [--out DIR] [--since DATE]
 *
 * The first run exports from --since (default: the start of yesterday, UTC); every later run from where the last
 * one stopped, read from DIR/state.json. Exit codes: 0 done, 1 failed (the next run redoes what is missing),
 * 2 bad usage or configuration, 3 a person must log in again or approve the login in the Monzo app.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoConfigError,
  MonzoScaWindowError,
} from 'monzo-ts';
import { exportAccount } from './export-account.js';
import { clientFromSavedLogin } from './login.js';
import { readState, writeState } from './state.js';

const EXIT = { done: 0, failed: 1, usage: 2, loginNeeded: 3 } as const;

function startOfYesterday(): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'exports' }, since: { type: 'string' } },
  });
  const since = values.since === undefined ? startOfYesterday() : new Date(values.since);
  if (Number.isNaN(since.getTime())) {
    console.error(`--since must be a date such as 2025-01-31, got ${JSON.stringify(values.since)}`);
    return EXIT.usage;
  }
  const folder = values.out;
  await mkdir(folder, { recursive: true });
  const statePath = join(folder, 'state.json');
  const state = await readState(statePath);

  const monzo = clientFromSavedLogin();
  const accounts = (await monzo.accounts.list()).filter((account) => !account.closed);
  for (const account of accounts) {
    const after = state.accounts[account.id]?.after;
    const result = await exportAccount(monzo, account.id, after ?? since.toISOString(), folder);
    if (!('file' in result)) {
      console.log(`${account.id}: no new transactions`);
      continue;
    }
    // Saved after each account, so a failure in the next one keeps this one's progress.
    state.accounts[account.id] = { after: result.lastId, file: result.file };
    await writeState(statePath, state);
    const rows = `${result.rows} transaction${result.rows === 1 ? '' : 's'}`;
    console.log(`${account.id}: ${rows} in ${result.file}`);
  }
  return EXIT.done;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // SDK errors never carry a token, so their message is safe in a cron mail.
    console.error(`export failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof MonzoConfigError) process.exit(EXIT.usage);
    const loginNeeded =
      (error instanceof MonzoAuthenticationError && error.loginRequired) ||
      error instanceof MonzoApprovalRequiredError ||
      error instanceof MonzoScaWindowError;
    process.exit(loginNeeded ? EXIT.loginNeeded : EXIT.failed);
  },
);
