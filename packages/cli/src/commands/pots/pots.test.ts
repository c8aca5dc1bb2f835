import type { MonzoClient } from 'monzo-ts';
import { MonzoClient as Client } from 'monzo-ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo pots', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let monzo: MonzoClient;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  beforeEach(async () => {
    // Fresh money, tokens and counters for each test; the SDK client reads the emulator to check outcomes.
    cli.mock.control.reset();
    const tokens = await cli.loggedIn();
    monzo = new Client({ apiUrl: cli.mock.url, authUrl: cli.mock.url, accessToken: tokens.access_token });
    cli.mock.control.resetCounters();
  });
  afterAll(() => cli.close());

  const dataset = () => cli.mock.control.dataset();
  const accountOf = (type: string) => dataset().accounts.find((account) => account.type === type)?.id ?? '';
  const potNamed = (name: string) => dataset().pots.find((pot) => pot.name === name)!;
  const potBalance = async (name: string) => {
    const pot = potNamed(name);
    return (await monzo.pots.list(pot.current_account_id)).find((p) => p.id === pot.id)?.balance ?? NaN;
  };
  const requests = () => cli.mock.control.counters().requests;

  it('lists the live pots, locked ones marked, deleted ones hidden; --json is the SDK pots', async () => {
    const table = await cli.run(['pots']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Holiday\s+│ pot_\w+\s+│\s+£[\d,]+\.\d\d/);
    expect(table.stdout).toMatch(/Rainy day .*locked until \d{4}-\d\d-\d\d/);
    expect(table.stdout).not.toContain('Old pot');
    expect(table.stdout).not.toContain('House deposit');

    const json = await cli.run(['pots', '--json']);
    const pots = JSON.parse(json.stdout) as { id: string; name: string; balance: number; deleted: boolean }[];
    expect(pots.map((pot) => pot.name)).toEqual(['Savings', 'Holiday', 'Bills', 'Rainy day']);
    expect(pots.every((pot) => !pot.deleted && Number.isInteger(pot.balance))).toBe(true);

    const joint = await cli.run(['pots', '--json', '--account', 'joint']);
    expect((JSON.parse(joint.stdout) as { name: string }[]).map((pot) => pot.name)).toEqual([
      'House deposit',
    ]);
  });

  it('deposits by name (any case) with --yes: the money moves once, exactly', async () => {
    const account = accountOf('uk_retail');
    const before = { pot: await potBalance('Holiday'), account: (await monzo.balance.get(account)).balance };
    cli.mock.control.resetCounters();
    const result = await cli.run(['pots', 'deposit', 'holiday', '£12.34', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Moved £12.34 into "Holiday"');
    expect(requests()['PUT /pots/:pot_id/deposit']).toBe(1);
    expect(await potBalance('Holiday')).toBe(before.pot + 1234);
    expect((await monzo.balance.get(account)).balance).toBe(before.account - 1234);
  });

  it('withdraws by id and prints the pot as JSON; balance agrees', async () => {
    const pot = potNamed('Savings');
    const before = await potBalance('Savings');
    const result = await cli.run(['pots', 'withdraw', pot.id, '12', '--yes', '--json']);
    expect(result.code).toBe(0);
    const updated = JSON.parse(result.stdout) as { id: string; balance: number };
    expect(updated).toMatchObject({ id: pot.id, balance: before - 1200 });
    expect(await potBalance('Savings')).toBe(before - 1200);
    const balance = JSON.parse((await cli.run(['balance', '--json'])).stdout) as { total_balance: number };
    expect(balance.total_balance).toBe((await monzo.balance.get(pot.current_account_id)).total_balance);
  });

  it("moves a joint pot's money with --account joint", async () => {
    const before = await potBalance('House deposit');
    const result = await cli.run(['--account', 'joint', 'pots', 'deposit', 'house deposit', '1', '--yes']);
    expect(result.code).toBe(0);
    expect(await potBalance('House deposit')).toBe(before + 100);
  });

  it('moves the money once when the connection drops after Monzo moved it (one dedupe id, retried)', async () => {
    const before = await potBalance('Bills');
    cli.mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', times: 1, reset: 'after' });
    const result = await cli.run(['pots', 'deposit', 'Bills', '5', '--yes']);
    expect(result.code).toBe(0);
    expect(requests()['PUT /pots/:pot_id/deposit']).toBe(2);
    expect(await potBalance('Bills')).toBe(before + 500);
  });

  it('when Monzo cannot be heard from at all, gives the dedupe id that finishes the move once', async () => {
    const before = await potBalance('Bills');
    // Every attempt (the first and both retries) lands, then loses its answer.
    const dropping = cli.mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', reset: 'after' });
    const lost = await cli.run(['pots', 'deposit', 'Bills', '5', '--yes']);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('The money may or may not have moved.');
    const dedupeId = /--dedupe-id (\S+)/.exec(lost.stderr)?.[1] ?? '';
    expect(dedupeId).not.toBe('');
    expect(requests()['PUT /pots/:pot_id/deposit']).toBe(3);
    expect(await potBalance('Bills')).toBe(before + 500);

    dropping();
    const finished = await cli.run(['pots', 'deposit', 'Bills', '5', '--yes', '--dedupe-id', dedupeId]);
    expect(finished.code).toBe(0);
    expect(await potBalance('Bills')).toBe(before + 500);
    // A new move, without the id, is a new move.
    expect((await cli.run(['pots', 'deposit', 'Bills', '5', '--yes'])).code).toBe(0);
    expect(await potBalance('Bills')).toBe(before + 1_000);
  });

  it.each([
    ['deposit', ''],
    ['deposit', '--json'],
    ['withdraw', ''],
    ['withdraw', '--json'],
  ])(
    'a %s answered 200 with a cut body (%s): exit 1, "may have moved", and the exact command that finishes it once',
    async (direction, json) => {
      const route = `PUT /pots/:pot_id/${direction}`;
      const sign = direction === 'deposit' ? 1 : -1;
      const before = await potBalance('Savings');
      // Monzo moves the money, and its answer reaches the CLI cut in half.
      cli.mock.control.fault({ path: route, times: 1, malformed: true });
      const flags = json ? [json] : [];
      const lost = await cli.run(['pots', direction, 'savings', '5', '--yes', ...flags]);
      expect(lost.code).toBe(1);
      expect(lost.stdout).toBe('');
      expect(lost.stderr).toContain('its outcome is unknown');
      expect(lost.stderr).toContain('The money may or may not have moved.');
      const pot = potNamed('Savings');
      const command = /run: (monzo [^\n]*?--dedupe-id \S+)/.exec(lost.stderr)?.[1] ?? '';
      expect(command).toMatch(
        new RegExp(
          `^monzo --account ${pot.current_account_id} ${json ? '--json ' : ''}pots ${direction} ${pot.id} 5 --yes --dedupe-id [\\w-]+$`,
        ),
      );
      expect(requests()[route]).toBe(1);
      expect(await potBalance('Savings')).toBe(before + sign * 500);

      // The command as printed: it finds the move made, and moves nothing more.
      const finished = await cli.run(command.split(' ').slice(1));
      expect(finished.code).toBe(0);
      if (json)
        expect(JSON.parse(finished.stdout)).toMatchObject({ id: pot.id, balance: before + sign * 500 });
      else expect(finished.stdout).toContain('"Savings"');
      expect(requests()[route]).toBe(2);
      expect(await potBalance('Savings')).toBe(before + sign * 500);
    },
  );

  it('gives the finishing command when the answer is a 503 that Monzo may have acted on', async () => {
    const before = await potBalance('Bills');
    const route = 'PUT /pots/:pot_id/deposit';
    // Every attempt goes through, then a gateway answers 503 in place of Monzo.
    const failing = cli.mock.control.fault({ path: route, status: 503, commit: true });
    const lost = await cli.run(['pots', 'deposit', 'Bills', '£5', '--yes']);
    failing();
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('The money may or may not have moved.');
    const command = /run: (monzo [^\n]*?--dedupe-id \S+)/.exec(lost.stderr)?.[1] ?? '';
    expect(command).toContain(' pots deposit pot_');
    // The amount as typed, quoted for the shell.
    expect(command).toContain(" '£5' --yes --dedupe-id ");
    expect(await potBalance('Bills')).toBe(before + 500);
    const args = command
      .split(' ')
      .slice(1)
      .map((word) => word.replace(/^'(.*)'$/, '$1'));
    expect((await cli.run(args)).code).toBe(0);
    expect(await potBalance('Bills')).toBe(before + 500);
  });

  it.each([['0'], ['0.00'], ['-5'], ['1.234'], ['abc'], ['12,5'], ['1e3'], ['']])(
    'refuses the amount %j with exit 2 before any request',
    async (amount) => {
      const result = await cli.run(['pots', 'deposit', 'Holiday', amount, '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/error: .*(amount|zero)/);
      // The way on: the command's own help, not the whole program's.
      expect(result.stderr).toMatch(/\n→ see `monzo pots deposit --help`\n$/);
      expect(result.stdout).toBe('');
      expect(requests()).toEqual({});
    },
  );

  it("refuses an amount in another currency than the pot's once the pot is known (exit 2, nothing moved)", async () => {
    const result = await cli.run(['pots', 'deposit', 'Holiday', '€5', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '"€5" is in EUR, but the pot "Holiday" is in GBP: write the amount in GBP',
    );
    expect(requests()['PUT /pots/:pot_id/deposit']).toBeUndefined();
  });

  it('refuses to move money without a terminal and without --yes (exit 2, nothing sent)', async () => {
    const before = await potBalance('Holiday');
    cli.mock.control.resetCounters();
    const result = await cli.runProcess(['pots', 'withdraw', 'Holiday', '5'], { input: 'y\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no terminal');
    expect(result.stderr).toContain('--yes');
    expect(requests()).toEqual({});
    expect(await potBalance('Holiday')).toBe(before);
  });

  it('exits 2 on an unknown or deleted pot, listing the pots, and moves nothing', async () => {
    for (const pot of ['Holidays', potNamed('Old pot').id]) {
      const result = await cli.run(['pots', 'deposit', pot, '5', '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Holiday \(pot_\w+\)|deleted/);
    }
    const unknown = await cli.run(['pots', 'deposit', 'nope', '5', '--yes']);
    expect(unknown.stderr).toContain('Savings');
    expect(unknown.stderr).toContain('Rainy day');
    expect(requests()['PUT /pots/:pot_id/deposit']).toBeUndefined();
  });

  it('exits 1, explained, on a locked pot or on insufficient funds', async () => {
    const locked = await cli.run(['pots', 'withdraw', 'Rainy day', '5', '--yes']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/"Rainy day" is locked until \d{4}/);
    const available = (await monzo.balance.get(accountOf('uk_retail'))).balance;
    const pounds = `£${(available / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
    const tooMuch = await cli.run(['pots', 'deposit', 'Holiday', '99999999', '--yes']);
    expect(tooMuch.code).toBe(1);
    // Pounds, not Monzo's raw pence, and how much can move.
    expect(tooMuch.stderr).toBe(
      `error: not enough money in ${accountOf('uk_retail')} (uk_retail) to move £99,999,999.00 (${pounds} available): no money moved\n` +
        `→ move at most ${pounds} (see \`monzo balance\`)\n`,
    );
    const held = await potBalance('Holiday');
    const overdrawn = await cli.run(['pots', 'withdraw', 'Holiday', String(held / 100 + 1), '--yes']);
    expect(overdrawn.code).toBe(1);
    expect(overdrawn.stderr).toContain(
      `the pot "Holiday" holds £${(held / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}, less than`,
    );
    expect(overdrawn.stderr).toContain('→ withdraw at most £');
    expect(requests()['PUT /pots/:pot_id/withdraw']).toBe(1);
  });

  it('moves an amount written with zeros past the pence (12.340 is £12.34)', async () => {
    const before = await potBalance('Holiday');
    const result = await cli.run(['pots', 'deposit', 'Holiday', '12.340', '--yes']);
    expect(result.code).toBe(0);
    expect(await potBalance('Holiday')).toBe(before + 1234);
  });

  it('exits 2 on a missing argument or an unknown subcommand', async () => {
    const missing = await cli.run(['pots', 'deposit', 'Holiday']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: missing required argument 'amount'\n→ see `monzo pots deposit --help`\n",
    );
    expect((await cli.run(['pots', 'spend', 'Holiday', '5'])).code).toBe(2);
  });
});
