import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../test/context.js';
import { cliHarness } from '../../test/harness.js';
import { run } from '../run.js';
import { parseCsv } from './test-parsers.js';

// The same export over 1,000,000 transactions, with the heap measured as it goes, is `npm run bench`'s
// (bench/export-scale.ts): ~50 s is a benchmark's time, not a test's. Here, that it streams at all.
describe('monzo transactions export over a long history', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let ids: string[];
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 2_000 });
    const tokens = await cli.loggedIn();
    const client = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
    const personal = cli.mock.control.dataset().accounts.find((account) => account.type === 'uk_retail');
    ids = [];
    for await (const transaction of client.transactions.iterate({ account_id: personal?.id ?? '' }))
      ids.push(transaction.id);
  });
  afterAll(() => cli.close());

  it('writes rows while later pages are still to be read, and every transaction once', async () => {
    const pagesRead = () => cli.mock.control.counters().requests['GET /transactions'] ?? 0;
    cli.mock.control.resetCounters();
    const { context, captured } = capturedContext(cli.env, { cwd: cli.home });
    let pagesAtFirstRow: number | undefined;
    const write = context.terminal.stdout.write;
    context.terminal.stdout.write = (text: string) => {
      // The header may go out before any request: a row is what counts.
      if (pagesAtFirstRow === undefined && ids.some((id) => text.includes(id))) pagesAtFirstRow = pagesRead();
      return write(text);
    };

    expect(await run(['transactions', 'export', '--format', 'csv'], context)).toBe(0);

    const pages = pagesRead();
    expect(pages).toBeGreaterThanOrEqual(20); // 2,000 transactions, 100 a page
    // Streamed: the first rows went out with most of the history still at Monzo, not after it was all read.
    expect(pagesAtFirstRow).toBeLessThan(pages / 2);
    const rows = parseCsv(captured.stdout);
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
  });
});
