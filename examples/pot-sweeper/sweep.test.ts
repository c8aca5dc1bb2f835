/**
 * The sweeper as a user runs it, a process per run, against the emulator: the pot gains exactly the round-ups of
 * the payments made, once, even when a run dies between moving the money and marking the payment.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runExample, saveCliLogin, temporaryHome } from '../test-support.js';

describe('examples/pot-sweeper', () => {
  let mock: MockServer;
  let monzo: MonzoClient;
  let home: Awaited<ReturnType<typeof temporaryHome>>;
  let accountId: string;
  let potId: string;
  let potName: string;
  let since: string;
  let startBalance: number;

  const sweep = (...extra: string[]) =>
    runExample(
      'pot-sweeper/sweep.ts',
      ['--pot', potName, '--since', since, ...extra],
      emulatorEnv(mock, home.home),
    );
  const potBalance = async () => (await monzo.pots.list(accountId)).find((pot) => pot.id === potId)?.balance;
  const deposits = () => mock.control.counters().requests['PUT /pots/:pot_id/deposit'] ?? 0;

  beforeAll(async () => {
    mock = await startMockServer({ transactions: 50 });
    const tokens = await signIn(mock);
    monzo = new MonzoClient({
      apiUrl: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      tokens,
    });
    home = await temporaryHome();
    await saveCliLogin(home.home, tokens);
    const dataset = mock.control.dataset();
    accountId = dataset.accounts.find((account) => account.type === 'uk_retail')?.id ?? '';
    const pot = dataset.pots.find(
      (candidate) => candidate.current_account_id === accountId && !candidate.deleted,
    );
    potId = pot?.id ?? '';
    potName = pot?.name ?? '';
    startBalance = (await potBalance()) ?? Number.NaN;

    // Only the payments made here are in the window: the seeded history ends before it.
    mock.control.advanceTime(60_000);
    since = new Date(mock.control.now()).toISOString();
    mock.control.createTransaction({ amount: -1234, description: 'Coffee and cake' }); // 66p
    mock.control.createTransaction({ amount: -500, description: 'Cinema' }); // whole pounds: 0p
    mock.control.createTransaction({ amount: -99, description: 'Chewing gum' }); // 1p
    mock.control.createTransaction({ amount: -250, decline_reason: 'INSUFFICIENT_FUNDS' }); // declined
    mock.control.createTransaction({ amount: -1010, merchant: false, description: 'Rent share' }); // a transfer
    mock.control.createTransaction({ amount: 5000, merchant: false, description: 'Salary' }); // money in
  });
  afterAll(async () => {
    await mock?.close();
    await home?.remove();
  });

  it('in a dry run, says what it would move and moves nothing', async () => {
    const run = await sweep('--dry-run');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run: £0.67 from 2 payments would go into');
    expect(await potBalance()).toBe(startBalance);
    expect(deposits()).toBe(0);
  });

  it('moves each round-up once, even when a run dies after moving money and before marking the payment', async () => {
    // Marking the first payment fails (the SDK's own retries included), after its 66p moved.
    const remove = mock.control.fault({ path: 'PATCH /transactions/:transaction_id', status: 500, times: 3 });
    const broken = await sweep();
    remove();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^sweep failed: .*500/m);
    expect(await potBalance()).toBe(startBalance + 66);

    const rerun = await sweep();
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`£0.67 from 2 payments: ${potName} now holds`);
    expect(await potBalance()).toBe(startBalance + 67);

    const deposited = deposits();
    const again = await sweep();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to round up.');
    expect(await potBalance()).toBe(startBalance + 67);
    expect(deposits()).toBe(deposited);
  });

  it('refuses a pot that does not exist, with exit code 2, naming the pots there are', async () => {
    const run = await runExample(
      'pot-sweeper/sweep.ts',
      ['--pot', 'No such pot'],
      emulatorEnv(mock, home.home),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no pot is called No such pot; the pots are ${potName}`);
  });
});

/** The README's walk-through against the emulator: its `curl` and the sweeps, each with the comment it ends with. */
function readmeWalkthrough() {
  const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Run it against the emulator'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.split('\n');
  const since = lines.find((line) => line.startsWith('SINCE='))?.replace(/^SINCE=\$\((.*)\)$/, '$1');
  const curl = /^curl -X POST \S+?(\/_mock\/\S+) -d '(.*)'$/.exec(
    lines.find((line) => line.startsWith('curl')) ?? '',
  );
  const sweeps = lines
    .filter((line) => line.startsWith('npx tsx examples/pot-sweeper/sweep.ts '))
    .map((line) => {
      const [command = '', comment = ''] = line.split(/\s+# /);
      const args = command.split(/\s+/).slice(3);
      return { args, says: comment.replace(/…$/, '') };
    });
  return { since, path: curl?.[1], body: curl?.[2], sweeps };
}

describe('examples/pot-sweeper/README.md', () => {
  it('the walk-through against the emulator prints what its comments say', async () => {
    const walk = readmeWalkthrough();
    expect(walk.since).toBe('date -u +%Y-%m-%dT%H:%M:%SZ');
    expect(walk.sweeps).toHaveLength(3);
    const mock = await startMockServer({});
    const home = await temporaryHome();
    try {
      await saveCliLogin(home.home, await signIn(mock));
      // As the reader's shell does: the time first, then the payment, then the sweeps.
      const since = execFileSync('sh', ['-c', walk.since ?? 'false'], { encoding: 'utf8' }).trim();
      const made = await fetch(`${mock.url}${walk.path}`, { method: 'POST', body: walk.body });
      expect(made.status).toBe(200);
      for (const sweep of walk.sweeps) {
        const args = sweep.args.map((arg) => (arg === '"$SINCE"' ? since : arg));
        const run = await runExample('pot-sweeper/sweep.ts', args, emulatorEnv(mock, home.home));
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(sweep.says);
      }
    } finally {
      await mock.close();
      await home.remove();
    }
  });
});
