import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../../../../test/support/bundled.js';
import { HistoryDatabaseError, HistoryError } from '../../errors.js';
import { openStore } from '../../open.js';
import { payment } from '../contract.js';
import { PageWriter } from './page-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-page-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-01-02T00:00:00.000Z';
/** The thread's program as the tests bundle it (test/support/bundles.ts): the source has no built file beside it. */
const THREAD = pathToFileURL(bundled('page-writer.worker'));

/** A new history in `name`, open on this thread and in a page writer's. */
async function opened(name: string) {
  const file = join(dir, name);
  const store = await openStore(file);
  const writer = await PageWriter.start(file, THREAD);
  if (!writer) throw new Error('the page writer did not start');
  return { store, writer };
}

describe('PageWriter', () => {
  it('writes pages from a thread of its own into the history the main thread reads, each once', async () => {
    const { store, writer } = await opened('pages.sqlite');
    try {
      const page = (from: number) => ({
        user_id: 'user_a',
        account_id: 'acc_1',
        at: AT,
        transactions: Array.from({ length: 50 }, (_, n) =>
          payment(`tx_${from + n}`, new Date(Date.UTC(2025, 0, 1) + (from + n) * 60_000).toISOString()),
        ),
      });
      // Pages handed over at once, two of them overlapping by 25 transactions.
      const results = await Promise.all([
        writer.savePage(page(0)),
        writer.savePage(page(25)),
        writer.savePage(page(100)),
      ]);
      expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(125);
      expect((await store.held('acc_1')).transactions).toBe(125);
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it("fails a page with the store's own error, as its class, and the thread goes on with the next", async () => {
    const { store, writer } = await opened('lease.sqlite');
    try {
      await store.takeLease('acc_1', 'other', 60_000);
      const page = {
        user_id: 'user_a',
        account_id: 'acc_1',
        at: AT,
        transactions: [payment('tx_1', '2025-01-01T00:00:00Z')],
      };
      const lost = writer.savePage({ ...page, lease: { owner: 'me', ttlMs: 60_000 } });
      await expect(lost).rejects.toBeInstanceOf(HistoryError);
      await expect(lost).rejects.toMatchObject({
        code: 'LEASE_LOST',
        hint: expect.stringContaining('sync again'),
      });
      expect(await writer.savePage(page)).toEqual({ inserted: 1, updated: 0 });
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it('refuses to start on a history it cannot open, saying why as the store would', async () => {
    const file = join(dir, 'not-a-database.sqlite');
    writeFileSync(
      file,
      'this is not a SQLite database, but a file of text long enough to have a header. '.repeat(20),
    );
    const started = PageWriter.start(file, THREAD);
    await expect(started).rejects.toBeInstanceOf(HistoryDatabaseError);
    await expect(started).rejects.toMatchObject({ code: 'DATABASE', problem: 'damaged', location: file });
  });
});
