import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openHistory } from '@monzo-ts/history';
import { signIn } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../../test/browser/spawn-cli.js';
import { cliHarness } from '../../../test/harness.js';

const PER_ACCOUNT = 5_000;

describe('monzo sync killed part way', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: PER_ACCOUNT });
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('continues where it stopped when run again: nothing doubled, nothing lost', async () => {
    const file = join(cli.home, 'data', 'monzo', 'history.sqlite');
    // Slow pages, so that the kill lands in the middle (100 pages, 20 ms each).
    const slow = cli.mock.control.fault({ path: '/transactions', latencyMs: 20 });
    const sync = spawnCli(['sync'], cli.env, cli.home);
    let held = 0;
    let ended = false;
    void sync.exited.then(() => {
      ended = true;
    });
    while (held < 1_000 && !ended) {
      await new Promise((tick) => setTimeout(tick, 20));
      if (existsSync(file)) held = await countIn(file);
    }
    sync.child.kill('SIGKILL');
    const killed = await sync.exited;
    expect(killed.signal).toBe('SIGKILL');
    const before = await countIn(file);
    expect(before).toBeGreaterThanOrEqual(1_000);
    expect(before).toBeLessThan(2 * PER_ACCOUNT);
    slow();

    const resumed = await cli.run(['sync', '--json']);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.held).toBe(2 * PER_ACCOUNT);
    expect(summary.inserted).toBe(2 * PER_ACCOUNT - before);

    // The very ids Monzo has, each once (read through a login of the test's own, at the end: it replaces the CLI's).
    const tokens = await signIn(cli.mock);
    const monzo = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
    const history = await openHistory(file, { readOnly: true });
    try {
      for (const account of summary.accounts as Array<{ id: string }>) {
        const ids: string[] = [];
        for await (const tx of monzo.transactions.iterate({ account_id: account.id })) ids.push(tx.id);
        const held: string[] = [];
        for await (const tx of history.transactions({ account_id: account.id })) held.push(tx.id);
        expect(held).toEqual(ids);
      }
    } finally {
      await history.close();
    }
  });
});

/** Transactions committed so far, read beside the running sync (WAL lets a reader in while it writes). */
async function countIn(file: string): Promise<number> {
  const history = await openHistory(file, { readOnly: true });
  try {
    let total = 0;
    for (const account of await history.accounts()) total += (await history.held(account.id)).transactions;
    return total;
  } finally {
    await history.close();
  }
}
