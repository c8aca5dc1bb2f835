import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { submitConsent } from '@monzo-ts/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, LOGIN_URL } from '../../../test/browser/spawn-cli.js';
import { cliHarness } from '../../../test/harness.js';
import { startCli } from '../../../test/start-cli.js';

/** `monzo login` syncs the local history while Monzo gives the whole of it, unless told not to. */
describe('monzo login and the local history', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let db: string;
  beforeAll(async () => {
    const redirect = `http://127.0.0.1:${await freePort()}/callback`;
    cli = await cliHarness({ redirectUris: [redirect], transactions: 300 });
    cli.env.MONZO_REDIRECT_URI = redirect;
    db = join(cli.home, 'data', 'monzo', 'history.sqlite');
  });
  afterAll(() => cli.close());
  beforeEach(() => rm(join(cli.home, 'data'), { recursive: true, force: true }));

  /** Logs in as a person would: Allow in the browser, then the approval in the app. */
  async function login(...args: string[]) {
    const process = startCli(['login', '--no-browser', '--json', ...args], cli.env, cli.home);
    const url = (await process.waitFor('stderr', LOGIN_URL))[1] ?? '';
    expect((await fetch(await submitConsent(url, 'allow'))).status).toBe(200);
    await process.waitFor('stderr', /approve this login in the Monzo app/);
    cli.mock.control.approve();
    return process.exited;
  }

  it('syncs the whole history once the login is approved; --json carries the summary', async () => {
    const result = await login();
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ approved: true, sync: { db, inserted: 600, held: 600 } });
    expect(answer.sync.accounts.map((account: { full_history: boolean }) => account.full_history)).toEqual([
      true,
      true,
    ]);
    expect(result.stderr).toContain('Synced: 600 new, 0 updated; 600 transactions held');
    expect(existsSync(db)).toBe(true);
  });

  it('--no-sync logs in and leaves the local history alone', async () => {
    const result = await login('--no-sync');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      user_id: cli.mock.control.dataset().user_id,
      approved: true,
    });
    expect(result.stderr).not.toContain('Sync');
    expect(existsSync(db)).toBe(false);
  });

  it('a sync that fails on the database keeps the login and passes on what to do about the file', async () => {
    await mkdir(dirname(db), { recursive: true });
    await writeFile(db, 'not a database, '.repeat(100));
    const result = await login();
    expect(result.code).toBe(1);
    // With --json the failure is the last line of stderr, as JSON.
    const { error } = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '');
    expect(error.message).toContain(
      `logged in, but the sync of the local history failed: ${db} is not a SQLite database, or it is damaged`,
    );
    expect(error.next_step).toContain(`the login is saved; if --db or MONZO_DB names the wrong file`);
    expect(error.next_step).toContain(`mv "${db}" "${db}.damaged"`);
    expect(error.exit_code).toBe(1);
  });
});
