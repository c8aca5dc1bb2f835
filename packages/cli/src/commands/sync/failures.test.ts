import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, cliHarness, monzoCommand } from '../../../test/harness.js';

/** Whether a command runs here (mount and setpriv need root, and a container may refuse them even so). */
function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const root = process.getuid?.() === 0;
/**
 * root writes wherever it likes, whatever the modes say: a read-only folder is read-only to it only through
 * another user. `setpriv` runs the CLI as `nobody`; any other user finds the modes enough.
 */
const asReader = root ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
const canDropPrivileges =
  !root || works('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);

/** The local history's failures as a person meets them, an emulator on a socket; as another user, a subprocess. */
describe('monzo sync and --offline when the database fails', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let place: string;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 400 });
    await cli.loggedIn();
    place = mkdtempSync(join(tmpdir(), 'monzo-db-failures-'));
    // Reachable by `nobody` (mkdtemp makes it 0700).
    chmodSync(place, 0o755);
  });
  afterAll(async () => {
    await cli.close();
    // Writable again, or a user other than root could not remove what the tests made read-only.
    for (const name of readdirSync(place)) chmodSync(join(place, name), 0o755);
    rmSync(place, { recursive: true, force: true });
  });

  /** `monzo …args` as a user who may read but not write what root made read-only. */
  const runAsReader = (args: string[], env: Record<string, string> = {}) =>
    new Promise<CliRun>((done) => {
      const [command = process.execPath, ...prefix] = [...asReader, ...monzoCommand()];
      const child = spawn(command, [...prefix, ...args], {
        cwd: place,
        env: { ...cli.env, HOME: place, XDG_CONFIG_HOME: place, XDG_DATA_HOME: place, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdin.end();
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  it('a file that is not a database at --db: names it, and says to move it aside, for sync and for --offline', async () => {
    const file = join(place, 'notes.txt');
    writeFileSync(file, 'shopping: milk, bread\n'.repeat(100));
    for (const args of [
      ['sync', '--db', file],
      ['transactions', '--offline', '--db', file],
      ['transactions', 'export', '--offline', '--db', file, '--format', 'ndjson'],
    ]) {
      const result = await cli.run(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: ${file} is not a SQLite database, or it is damaged`);
      expect(result.stderr).toContain(`mv "${file}" "${file}.damaged"`);
      expect(result.stderr).not.toMatch(/^error: file is not a database/m);
    }
  });

  it.skipIf(!canDropPrivileges)(
    'a history in a read-only folder: --offline reads it; sync says it cannot write there and what to do',
    async () => {
      const folder = join(place, 'read-only');
      mkdirSync(folder);
      const file = join(folder, 'history.sqlite');
      expect((await cli.run(['sync', '--db', file])).code).toBe(0);
      // Closed cleanly: no -wal or -shm left, which SQLite would need to create to read a WAL database.
      expect(readdirSync(folder)).toEqual(['history.sqlite']);
      chmodSync(file, 0o444);
      chmodSync(folder, 0o555);

      const listed = await runAsReader(['transactions', '--offline', '--db', file, '--limit', '5', '--json']);
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(5);
      const exported = await runAsReader([
        'transactions',
        'export',
        '--offline',
        '--db',
        file,
        '--format',
        'ndjson',
      ]);
      expect(exported.code).toBe(0);
      expect(exported.stdout.trim().split('\n')).toHaveLength(400);
      // The read left the folder as it found it.
      expect(readdirSync(folder)).toEqual(['history.sqlite']);

      const tokens = await cli.loggedIn();
      const synced = await runAsReader(['sync', '--db', file], { MONZO_ACCESS_TOKEN: tokens.access_token });
      expect(synced.code).toBe(1);
      expect(synced.stderr).toContain(
        `error: cannot write the local history ${file}: the file or its folder is read-only`,
      );
      expect(synced.stderr).toContain(`let this user write ${file}, its folder ${folder}`);
      expect(synced.stderr).not.toMatch(/^error: attempt to write a readonly database/m);
    },
  );

  it.skipIf(!canDropPrivileges)(
    'a history whose -wal holds commits, in a read-only folder: --offline says why it cannot read it, never a part of it',
    async () => {
      const folder = join(place, 'read-only-wal');
      mkdirSync(folder);
      const file = join(folder, 'history.sqlite');
      expect((await cli.run(['sync', '--db', file])).code).toBe(0);
      leaveCommitsInWal(file);
      expect(readdirSync(folder).sort()).toEqual(['history.sqlite', 'history.sqlite-wal']);
      chmodSync(folder, 0o555);
      const listed = await runAsReader(['transactions', '--offline', '--db', file, '--limit', '5']);
      expect(listed.code).toBe(1);
      expect(listed.stderr).toContain(
        `error: cannot read the local history ${file}: its last commits are in history.sqlite-wal, and SQLite needs to create history.sqlite-shm beside it to read them, in a folder this user cannot write`,
      );
      expect(listed.stderr).toContain('→ let this user write');
    },
  );
});

/**
 * Leaves commits in `file`'s -wal, as a writer killed mid-run does, and no -shm: what a reader in a read-only
 * folder cannot read without one.
 */
function leaveCommitsInWal(file: string): void {
  const script = `
    let open;
    try { const { DatabaseSync } = require('node:sqlite'); open = (f) => new DatabaseSync(f); }
    catch { open = (f) => new (require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))}))(f); }
    const db = open(${JSON.stringify(file)});
    db.exec('PRAGMA wal_autocheckpoint = 0');
    db.exec("INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES ('acc_x', 'a', 'b', 'c')");
    process.kill(process.pid, 'SIGKILL');`;
  try {
    execFileSync(process.execPath, ['-e', script], { stdio: 'ignore' });
  } catch {
    // Killed, as meant.
  }
  rmSync(`${file}-shm`, { force: true });
}

/** Whether root may mount a tmpfs here: tried once on a scratch folder, unmounted at once. */
function canMount(): boolean {
  if (!root) return false;
  const scratch = mkdtempSync(join(tmpdir(), 'monzo-mount-check-'));
  try {
    return works('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', scratch]) && works('umount', [scratch]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe.skipIf(!canMount())('monzo sync on a full disk', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let tiny: string;
  beforeAll(async () => {
    // A real full disk: a 320 KB tmpfs.
    tiny = mkdtempSync(join(tmpdir(), 'monzo-tiny-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=320k', 'tmpfs', tiny]);
    cli = await cliHarness({ transactions: 400 });
    await cli.loggedIn();
  });
  afterAll(async () => {
    await cli?.close();
    execFileSync('umount', [tiny]);
    rmSync(tiny, { recursive: true, force: true });
  });

  it('says the disk holding the database is full and to free space, never "cannot rollback"', async () => {
    const file = join(tiny, 'history.sqlite');
    const result = await cli.run(['sync', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/cannot rollback/);
    expect(result.stderr).toContain(`error: the disk holding the local history ${file} is full`);
    expect(result.stderr).toMatch(/→ free some space on that disk .*then run `monzo sync` again/);
  });
});
