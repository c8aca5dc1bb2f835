import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';

/** `monzo logout` and the history `monzo sync` saved: kept and said so, or deleted with --forget-history. */
describe('monzo logout and the synced history', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let dataDir: string;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 40 });
    dataDir = join(cli.env.XDG_DATA_HOME as string, 'monzo');
  });
  afterAll(() => cli.close());

  const monzo = async (...args: string[]) => {
    const { context, captured } = capturedContext(cli.env);
    return { code: await run(args, context), ...captured };
  };
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const loggedInAndSynced = async () => {
    await cli.loggedIn();
    expect((await monzo('sync')).code).toBe(0);
    expect(await readdir(dataDir)).toContain('history.sqlite');
  };

  it('keeps the history, and says where and how to delete it (stderr, and --json)', async () => {
    await loggedInAndSynced();
    const result = await monzo('logout', '--json');
    expect(result.code).toBe(0);
    const file = join(dataDir, 'history.sqlite');
    expect(JSON.parse(result.stdout)).toEqual({
      revoked: true,
      removed: true,
      history: { file, removed: false },
    });
    expect(result.stderr).toContain(`your synced history stays on this computer at ${file}`);
    expect(result.stderr).toContain('`monzo logout --forget-history` deletes it');
    expect(await exists(file)).toBe(true);
    expect(await exists(cli.tokenFile)).toBe(false);
  });

  it('--forget-history deletes the database and its companion files, and the login', async () => {
    await loggedInAndSynced();
    const result = await monzo('logout', '--forget-history', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      revoked: true,
      removed: true,
      history: { removed: true },
    });
    expect(result.stderr).toContain('deleted the synced history');
    // No history.sqlite, -wal, -shm or -journal left, and no tokens.
    expect((await readdir(dataDir)).filter((name) => name.startsWith('history.sqlite'))).toEqual([]);
    expect(await exists(cli.tokenFile)).toBe(false);
    // The login is revoked at Monzo too, not only forgotten here.
    expect(cli.mock.control.counters().requests['POST /oauth2/logout']).toBeGreaterThan(0);
  });

  it('--forget-history deletes it when no login is stored, too; and is quiet when there is none', async () => {
    await loggedInAndSynced();
    expect((await monzo('logout')).code).toBe(0);
    const forgotten = await monzo('logout', '--forget-history');
    expect(forgotten.code).toBe(0);
    expect(forgotten.stderr).toContain('not logged in');
    expect(forgotten.stderr).toContain('deleted the synced history');
    expect(await exists(join(dataDir, 'history.sqlite'))).toBe(false);
    const nothing = await monzo('logout');
    expect(nothing.stderr).not.toContain('history');
  });
});
