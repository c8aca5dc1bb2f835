import { createMockMonzo } from '@monzo-ts/mock';
import type { Account, MonzoClient } from 'monzo-ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { createWriter } from './formats.js';
import { exportHistory } from './history.js';
import type { Progress } from './progress.js';
import { streamSink } from './sink.js';
import { clientFor } from './test-login.js';
import { parseCsv } from './test-parsers.js';

const DAY_MS = 86_400_000;
let mock: ReturnType<typeof createMockMonzo>;
let client: MonzoClient;
let personal: Account;

beforeEach(async () => {
  mock = createMockMonzo({ autoApprove: true, transactions: 1_000 });
  ({ client } = await clientFor(mock));
  const accounts = await client.accounts.list();
  personal = accounts.find((account) => account.type === 'uk_retail') as Account;
});

/** Runs an export to a string; `onProgress` sees each update, as the bar would. */
async function exportCsv(options: { since?: Date; onProgress?: (count: number) => void } = {}) {
  let text = '';
  const notices: string[] = [];
  const progress: Progress = { update: (count) => options.onProgress?.(count), stop() {} };
  const sink = streamSink({ write: (chunk: string) => (text += chunk) });
  const summary = await exportHistory({
    client,
    accounts: [personal],
    since: options.since,
    writer: createWriter('csv', { severalAccounts: false }),
    sink,
    progress,
    notice: (message) => notices.push(message),
  });
  await sink.finish();
  return { summary, rows: parseCsv(text), notices, text };
}

async function countFrom(since?: Date): Promise<number> {
  let count = 0;
  const params = { account_id: personal.id, ...(since ? { since } : {}) };
  for await (const _ of client.transactions.iterate(params)) count++;
  return count;
}

describe('exportHistory', () => {
  it('takes the whole history inside the 5-minute window, saying nothing', async () => {
    const { summary, rows, notices } = await exportCsv();
    expect(rows).toHaveLength(1_000);
    expect(summary).toMatchObject({ transactions: 1_000, since: null, limited_to_recent: false });
    expect(notices).toEqual([]);
  });

  it('falls back to the last 90 days after the window, and says why once', async () => {
    mock.control.advanceTime(6 * 60_000);
    const { summary, rows, notices } = await exportCsv();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/5 minutes after a login.+last 90 days/s);
    expect(summary.limited_to_recent).toBe(true);
    const since = new Date(summary.since ?? '');
    expect(since.getTime()).toBeGreaterThan(mock.control.now() - 90 * DAY_MS);
    expect(rows.length).toBe(await countFrom(since));
    expect(rows.length).toBeLessThan(1_000);
  });

  it('explains a --since beyond 90 days outside the window', async () => {
    mock.control.advanceTime(6 * 60_000);
    const since = new Date(mock.control.now() - 200 * DAY_MS);
    const failure = exportCsv({ since });
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(/further back than Monzo shows/);
  });

  it('explains the window closing halfway through a full-history export', async () => {
    // After the first page, 6 minutes pass: the next page reaches back further than 90 days.
    const failure = exportCsv({ onProgress: () => mock.control.advanceTime(6 * 60_000) });
    await expect(failure).rejects.toThrow(/window closed during the export of the whole history/);
  });
});
