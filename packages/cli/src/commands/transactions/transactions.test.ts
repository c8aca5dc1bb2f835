import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

interface Listed {
  id: string;
  created: string;
  amount: number;
  description: string;
  merchant: { id: string; name?: string } | string | null;
}

const DAY = 86_400_000;

/** Whether New York keeps summer time (UTC-4) on that date, as Intl knows it. */
function isSummerInNewYork(day: string): boolean {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'short' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;
  return name === 'EDT';
}

describe('monzo transactions', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let monzo: MonzoClient;
  beforeAll(async () => {
    // Enough history for more than the default 50 in the last 30 days.
    cli = await cliHarness({ transactions: 3000 });
  });
  beforeEach(async () => {
    cli.mock.control.reset();
    const tokens = await cli.loggedIn();
    monzo = new MonzoClient({
      apiUrl: cli.mock.url,
      authUrl: cli.mock.url,
      accessToken: tokens.access_token,
    });
    cli.mock.control.resetCounters();
  });
  afterAll(() => cli.close());

  const personal = () => cli.mock.control.dataset().accounts.find((a) => a.type === 'uk_retail')?.id ?? '';
  const listJson = async (...args: string[]) => {
    const result = await cli.run(['transactions', '--json', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Listed[];
  };

  it('shows the last 30 days as a table, newest last, with pending and declined marked', async () => {
    // A card payment (at a merchant, shown by name) is pending at first; a transfer shows its description.
    cli.mock.control.createTransaction({ amount: -450 });
    cli.mock.control.createTransaction({
      amount: -99_00,
      description: 'DECLINED TEST',
      merchant: false,
      decline_reason: 'INSUFFICIENT_FUNDS',
    });
    const result = await cli.run(['transactions']);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[1]).toMatch(/date\s+│ description\s+│ category\s+│\s+amount/);
    expect(rows.at(-3)).toMatch(/^│ \d{4}-\d\d-\d\d \d\d:\d\d │ \S.*│ \w+\s+│\s+-£4\.50 │ pending/);
    expect(rows.at(-2)).toMatch(/DECLINED TEST .*-£99\.00 │ declined \(insufficient_funds\)/);
    expect(result.stderr).toMatch(/showing the last 50 of \d+; see more with --limit/);
  });

  it('prints an array of SDK transactions with --json: merchants expanded, oldest first, within 30 days', async () => {
    const listed = await listJson('--limit', '500');
    expect(listed.length).toBeGreaterThan(50);
    const times = listed.map((transaction) => Date.parse(transaction.created));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThanOrEqual(cli.mock.control.now() - 30 * DAY - 60_000);
    const withMerchant = listed.find((transaction) => transaction.merchant !== null);
    expect(typeof withMerchant?.merchant).toBe('object');
    expect(listed.every((transaction) => Number.isInteger(transaction.amount))).toBe(true);

    // --limit keeps the most recent ones: the tail of the whole window.
    const five = await listJson('--limit', '5');
    expect(five.map((t) => t.id)).toEqual(listed.slice(-5).map((t) => t.id));
  });

  it('takes --since and --before as dates, ISO times and spans', async () => {
    const now = cli.mock.control.now();
    const since = new Date(now - 20 * DAY).toISOString();
    const listed = await listJson('--since', since, '--before', '10d', '--limit', '1000');
    expect(listed.length).toBeGreaterThan(0);
    for (const transaction of listed) {
      const created = Date.parse(transaction.created);
      expect(created).toBeGreaterThanOrEqual(Date.parse(since));
      expect(created).toBeLessThan(now - 10 * DAY + 60_000);
    }
    // A date alone is local midnight: pin the CLI's time zone so that the test knows which midnight.
    const day = new Date(now - 5 * DAY).toISOString().slice(0, 10);
    const result = await cli.run(['transactions', '--json', '--since', day, '--limit', '1000'], {
      env: { TZ: 'America/New_York' },
    });
    const fromDate = JSON.parse(result.stdout) as Listed[];
    const midnight = Date.parse(`${day}T00:00:00-05:00`) - (isSummerInNewYork(day) ? 3_600_000 : 0);
    expect(fromDate.length).toBeGreaterThan(0);
    expect(Date.parse(fromDate[0]?.created ?? '')).toBeGreaterThanOrEqual(midnight);
    const before = await listJson(
      '--since',
      new Date(midnight - 6 * 3_600_000).toISOString(),
      '--limit',
      '1000',
    );
    const dayBefore = before.filter((transaction) => Date.parse(transaction.created) < midnight);
    expect(fromDate.map((t) => t.id)).toEqual(before.slice(dayBefore.length).map((t) => t.id));
  });

  it.each([
    [['--since', 'last tuesday'], /--since: "last tuesday" is not a date/],
    [['--before', '2026-02-30'], /--before: "2026-02-30" is not a date/],
    [['--since', '2d', '--before', '3d'], /--before must be later than --since/],
    [['--limit', '0'], /--limit: "0" is not a whole number/],
    [['--limit', 'ten'], /--limit: "ten"/],
  ])('refuses %j with exit 2 before any request', async (args, reason) => {
    const result = await cli.run(['transactions', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(cli.mock.control.counters().requests).toEqual({});
  });

  it('explains that only 90 days are readable once the login is older than 5 minutes', async () => {
    expect((await cli.run(['transactions', '--since', '120d', '--limit', '1'])).code).toBe(0);
    cli.mock.control.advanceTime(6 * 60_000);
    const late = await cli.run(['transactions', '--since', '120d']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('only the last 90 days');
  });

  it('names the pot of a pot transfer', async () => {
    const pot = cli.mock.control.dataset().pots.find((p) => p.name === 'Holiday')!;
    await monzo.pots.deposit(pot.id, { source_account_id: personal(), amount: 100 });
    const result = await cli.run(['transactions', '--since', '1h']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pot: Holiday .*-£1\.00/);
  });

  it('uses --account joint', async () => {
    const joint = cli.mock.control.dataset().accounts.find((a) => a.type === 'uk_retail_joint')?.id;
    cli.mock.control.createTransaction({
      account_id: joint,
      amount: -123,
      description: 'JOINT TEST',
      merchant: false,
    });
    const listed = await listJson('--account', 'joint', '--since', '1h');
    expect(listed.map((t) => t.description)).toContain('JOINT TEST');
    expect((await listJson('--since', '1h')).map((t) => t.description)).not.toContain('JOINT TEST');
  });
});

describe('monzo transactions annotate', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let monzo: MonzoClient;
  let id: string;
  beforeAll(async () => {
    cli = await cliHarness();
    const tokens = await cli.loggedIn();
    monzo = new MonzoClient({
      apiUrl: cli.mock.url,
      authUrl: cli.mock.url,
      accessToken: tokens.access_token,
    });
    id = String(cli.mock.control.createTransaction({ amount: -300, description: 'ANNOTATE ME' }).id);
  });
  afterAll(() => cli.close());

  it('sets keys, visible through the SDK, and prints the metadata', async () => {
    const result = await cli.run(['transactions', 'annotate', id, 'notes=team lunch, £12', 'project=a=b']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('notes=team lunch, £12\n');
    expect(result.stdout).toContain('project=a=b\n');
    const transaction = await monzo.transactions.get(id);
    expect(transaction.metadata).toMatchObject({ notes: 'team lunch, £12', project: 'a=b' });
    expect(transaction.notes).toBe('team lunch, £12');
  });

  it('deletes a key given with no value, and prints the transaction with --json', async () => {
    const result = await cli.run(['transactions', 'annotate', id, 'project=', '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { id: string; metadata: Record<string, string> };
    expect(printed.id).toBe(id);
    expect(printed.metadata).not.toHaveProperty('project');
    expect((await monzo.transactions.get(id)).metadata).not.toHaveProperty('project');
    expect((await monzo.transactions.get(id)).metadata.notes).toBe('team lunch, £12');
  });

  it('refuses bad pairs with exit 2 before any request; an unknown transaction exits 1', async () => {
    cli.mock.control.resetCounters();
    for (const pairs of [['notes'], ['=x'], ['a[b]=c'], []]) {
      const result = await cli.run(['transactions', 'annotate', id, ...pairs]);
      expect(result.code, pairs.join(' ')).toBe(2);
    }
    expect(cli.mock.control.counters().requests).toEqual({});
    const unknown = await cli.run(['transactions', 'annotate', 'tx_0000nope', 'a=b']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error:');
  });

  it('when the answer is cut short, says the metadata may be set and that the same command is safe to repeat', async () => {
    const cut = cli.mock.control.fault({ path: 'PATCH /transactions/:transaction_id', malformed: true });
    const result = await cli.run(['transactions', 'annotate', id, 'lost=maybe']);
    cut();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The metadata may or may not have been set.');
    expect(result.stderr).toContain('→ run the same command again: setting the same values twice is safe');
    expect((await cli.run(['transactions', 'annotate', id, 'lost=maybe'])).code).toBe(0);
    expect((await monzo.transactions.get(id)).metadata.lost).toBe('maybe');
  });
});
