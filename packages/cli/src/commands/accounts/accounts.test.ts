import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo accounts', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(() => cli.close());

  it('says to log in, with exit code 1, when there is no login', async () => {
    const result = await cli.run(['accounts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not logged in');
    expect(result.stderr).toContain('monzo login');
    expect(result.stdout).toBe('');
  });

  it('lists the accounts as a table, and as JSON with --json', async () => {
    await cli.loggedIn();
    const table = await cli.run(['accounts']);
    expect(table.code).toBe(0);
    const { accounts } = cli.mock.control.dataset();
    for (const account of accounts) expect(table.stdout).toContain(account.id);
    expect(table.stdout).toMatch(/closed/);

    const json = await cli.run(['accounts', '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { id: string; type: string }[];
    expect(parsed.map((account) => account.id)).toEqual(accounts.map((account) => account.id));
  });

  it('exits 2 on an unknown option', async () => {
    const result = await cli.run(['accounts', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--bogus');
  });
});
