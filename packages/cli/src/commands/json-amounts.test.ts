import { readFile } from 'node:fs/promises';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../test/context.js';
import { cliHarness } from '../../test/harness.js';
import { run } from '../run.js';

/**
 * One name, one unit: `amount` (and every other amount) is in minor units, pence, in every JSON the CLI prints,
 * as Monzo and the SDK have it. Each command is run in process against an emulator on a socket, and its amounts
 * compared with what the SDK reads of the same objects.
 */
describe('amounts in the JSON the CLI prints', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let sdk: MonzoClient;
  let accountId: string;
  /** A payment of £12.34 made for these tests: 1234 pence out. */
  let paymentId: string;

  beforeAll(async () => {
    cli = await cliHarness({ transactions: 50 });
    const tokens = await cli.loggedIn();
    sdk = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
    accountId = cli.mock.control.dataset().accounts.find((account) => account.type === 'uk_retail')?.id ?? '';
    paymentId = String(
      cli.mock.control.createTransaction({ account_id: accountId, amount: -1234, description: 'UNIT CHECK' })
        .id,
    );
  });
  afterAll(() => cli.close());

  /** `monzo …args` in process; its stdout, after checking that it succeeded. */
  async function monzo(...args: string[]): Promise<string> {
    const { context, captured } = capturedContext(cli.env);
    const code = await run(args, context);
    expect(code, captured.stderr).toBe(0);
    return captured.stdout;
  }

  type Amounted = { id: string; amount: number; currency: string; amount_formatted?: string };

  it('monzo transactions --json: amount in pence, as Monzo sends it', async () => {
    const listed = JSON.parse(await monzo('transactions', '--json')) as Amounted[];
    expect(listed.find((tx) => tx.id === paymentId)).toMatchObject({ amount: -1234, currency: 'GBP' });
    expect(listed.every((tx) => Number.isSafeInteger(tx.amount))).toBe(true);
  });

  it('monzo transactions annotate --json: amount in pence', async () => {
    const annotated = JSON.parse(
      await monzo('transactions', 'annotate', paymentId, 'notes=units', '--json'),
    ) as Amounted;
    expect(annotated).toMatchObject({ id: paymentId, amount: -1234, currency: 'GBP' });
  });

  it.each(['ndjson', 'json'])(
    'monzo transactions export --format %s: amount in pence beside its currency, amount_formatted as shown',
    async (format) => {
      const text = await monzo('transactions', 'export', '--format', format, '--since', '1d');
      const rows = (
        format === 'json'
          ? JSON.parse(text)
          : text
              .trimEnd()
              .split('\n')
              .map((line) => JSON.parse(line))
      ) as Amounted[];
      expect(rows.find((row) => row.id === paymentId)).toMatchObject({
        amount: -1234,
        currency: 'GBP',
        amount_formatted: '-£12.34',
      });
      expect(rows.every((row) => Number.isSafeInteger(row.amount))).toBe(true);
    },
  );

  it('monzo balance --json: balance, total_balance and spend_today in pence', async () => {
    const shown = JSON.parse(await monzo('balance', '--json')) as Record<string, unknown>;
    const truth = await sdk.balance.get(accountId);
    expect(shown).toMatchObject({
      account_id: accountId,
      balance: truth.balance,
      total_balance: truth.total_balance,
      spend_today: truth.spend_today,
      currency: 'GBP',
    });
    expect(Number.isSafeInteger(shown.balance)).toBe(true);
  });

  it('monzo pots --json and pots deposit --json: balances in pence', async () => {
    const truth = (await sdk.pots.list(accountId)).filter((pot) => !pot.deleted);
    const listed = JSON.parse(await monzo('pots', '--json')) as Array<{ id: string; balance: number }>;
    for (const pot of truth) expect(listed.find((item) => item.id === pot.id)?.balance).toBe(pot.balance);

    const pot = truth[0];
    if (!pot) throw new Error('the emulator has no pot');
    const moved = JSON.parse(await monzo('pots', 'deposit', pot.id, '1.23', '--yes', '--json')) as {
      balance: number;
      currency: string;
    };
    expect(moved).toMatchObject({ balance: pot.balance + 123, currency: 'GBP' });
  });

  it('says so in the help and the README: each jq filter on amount is in pence for the pounds it names', async () => {
    const texts = [
      await monzo('transactions', 'export', '--help'),
      await monzo('transactions', 'list', '--help'),
      await readFile(new URL('../../README.md', import.meta.url), 'utf8'),
    ];
    const filters = texts.flatMap((text) => [
      ...text.matchAll(/select\(\.amount < (-\d+)\)'\s+# over £(\d+) out/g),
    ]);
    expect(filters).toHaveLength(3);
    for (const [, threshold, pounds] of filters) expect(Number(threshold)).toBe(-Number(pounds) * 100);
    // No filter on amount without the pounds it means beside it.
    for (const text of texts) expect(text.match(/select\(\.amount/g)).toHaveLength(1);
    expect(texts[0]).toMatch(/json +one array of objects: amount in minor units/);
  });
});
