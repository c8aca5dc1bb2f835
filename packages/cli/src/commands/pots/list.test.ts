import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';

/** `monzo pots` in process, against the emulator on a socket (whose personal account has one deleted pot). */
describe('monzo pots and deleted pots', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  const monzo = async (...args: string[]) => {
    const { context, captured } = capturedContext(cli.env);
    return { code: await run(args, context), ...captured };
  };
  const NOTE = '1 deleted pot is not shown; --include-deleted lists it';

  it('says on stderr, with --json as with the table, that a deleted pot is left out', async () => {
    const json = await monzo('pots', '--json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((pot) => pot.name)).not.toContain('Old pot');
    expect(json.stderr).toContain(NOTE);
    const table = await monzo('pots');
    expect(table.stdout).not.toContain('Old pot');
    expect(table.stderr).toContain(NOTE);
  });

  it('--include-deleted lists them, marked, in the table and in --json alike, on `pots` and `pots list`', async () => {
    for (const args of [['pots'], ['pots', 'list']]) {
      const json = await monzo(...args, '--include-deleted', '--json');
      const pots = JSON.parse(json.stdout) as { name: string; deleted: boolean }[];
      expect(pots.find((pot) => pot.name === 'Old pot')?.deleted).toBe(true);
      expect(pots.filter((pot) => !pot.deleted).map((pot) => pot.name)).toEqual([
        'Savings',
        'Holiday',
        'Bills',
        'Rainy day',
      ]);
      expect(json.stderr).toBe('');
      const table = await monzo(...args, '--include-deleted');
      expect(table.stdout).toMatch(/Old pot .*│ deleted/);
    }
  });

  it('says nothing of deleted pots where there are none', async () => {
    const joint = await monzo('pots', '--account', 'joint', '--json');
    expect(joint.code).toBe(0);
    expect(joint.stderr).toBe('');
  });
});
