import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo balance', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let accessToken: string;
  let refreshToken: string | undefined;
  beforeAll(async () => {
    cli = await cliHarness();
    ({ access_token: accessToken, refresh_token: refreshToken } = await cli.loggedIn());
  });
  afterAll(() => cli.close());

  const accounts = () => cli.mock.control.dataset().accounts;
  const byType = (type: string) => accounts().find((account) => account.type === type)?.id ?? '';

  it('shows the open personal account by default: balance, total with pots, spend today', async () => {
    const result = await cli.run(['balance']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(byType('uk_retail'));
    expect(result.stdout).toMatch(/balance\s+-?£[\d,]+\.\d\d\n/);
    expect(result.stdout).toMatch(/total with pots\s+-?£[\d,]+\.\d\d\n/);
    expect(result.stdout).toMatch(/spent today\s+-?£[\d,]+\.\d\d\n/);
  });

  it('prints the SDK balance plus account_id with --json, agreeing with the table', async () => {
    const json = await cli.run(['balance', '--json']);
    expect(json.code).toBe(0);
    const balance = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(balance).toMatchObject({ account_id: byType('uk_retail'), currency: 'GBP' });
    for (const key of ['balance', 'total_balance', 'spend_today'])
      expect(Number.isInteger(balance[key])).toBe(true);
    const pence = balance.balance as number;
    const table = await cli.run(['balance']);
    const pounds = (Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 });
    expect(table.stdout).toContain(`${pence < 0 ? '-' : ''}£${pounds}`);
  });

  it.each([
    ['joint', 'uk_retail_joint'],
    ['uk_retail_joint', 'uk_retail_joint'],
    ['personal', 'uk_retail'],
  ])('takes --account %s', async (flag, type) => {
    const result = await cli.run(['balance', '--json', '--account', flag]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).account_id).toBe(byType(type));
  });

  it('takes --account as an id, before or after the command', async () => {
    const id = byType('uk_retail_joint');
    for (const args of [
      ['--account', id, 'balance', '--json'],
      ['balance', '--json', '--account', id],
    ]) {
      const result = await cli.run(args);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).account_id).toBe(id);
    }
  });

  it('exits 2 on an unknown account, listing the open ones', async () => {
    for (const flag of ['savings', 'acc_0000nope']) {
      const result = await cli.run(['balance', '--account', flag]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`no account matches --account ${flag}`);
      expect(result.stderr).toContain(byType('uk_retail_joint'));
      expect(result.stdout).toBe('');
    }
  });

  it('says a closed account is closed (exit 2), by type or short name', async () => {
    for (const flag of ['uk_prepaid', 'prepaid']) {
      const result = await cli.run(['balance', '--account', flag]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error: the uk_prepaid account ${byType('uk_prepaid')} is closed`);
      expect(result.stderr).toContain('→ see `monzo balance --help`');
    }
  });

  it('names MONZO_ACCESS_TOKEN when Monzo refuses the one from the environment (no login stored)', async () => {
    const result = await cli.run(['balance'], {
      env: { MONZO_ACCESS_TOKEN: 'bogus', MONZO_TOKEN_FILE: `${cli.home}/no-login.json` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Monzo refused the MONZO_ACCESS_TOKEN from the environment (expired, revoked or mistyped)\n' +
        '→ set a valid token, or unset MONZO_ACCESS_TOKEN and run `monzo login`\n',
    );
  });

  it('never prints a token, even with --verbose', async () => {
    const result = await cli.run(['balance', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('/balance');
    const everything = result.stdout + result.stderr;
    expect(everything).not.toContain(accessToken);
    if (refreshToken) expect(everything).not.toContain(refreshToken);
    expect(everything).not.toContain(cli.mock.clientSecret);
  });
});
