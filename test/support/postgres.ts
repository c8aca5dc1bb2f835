/**
 * A throwaway PostgreSQL cluster for a test file: `initdb` into a temp dir, started with `pg_ctl` on 127.0.0.1 and
 * a free port, trusted logins from loopback only, and removed on stop. The programs are the ones
 * `scripts/ensure-postgresql.mjs` finds (PG_BIN, the PATH, Debian's /usr/lib/postgresql/<major>/bin, Homebrew).
 *
 * Root: initdb, pg_ctl and postgres refuse to run as root, and CI and the dev container run as root. Then the
 * cluster runs as `nobody` (uid and gid 65534 on Debian), its temp dir handed to that user, rather than as a user
 * created for the purpose: nothing on the system changes, and `nobody` exists everywhere. The test connects over
 * TCP, so it does not matter that it runs as another user. That user must be able to reach the temp dir (the
 * default /tmp) and run the programs (Debian's are world-executable).
 */
import { execFile, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { requireTool, TOOLS } from '../../scripts/system-tools.mjs';
import { freePort } from './ports.js';

/** A running throwaway cluster. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the superuser, on the maintenance database. */
  url: string;
  port: number;
  /** The temp dir: `data/` (the cluster), `server.log`, and the Unix socket. */
  dir: string;
  /** Creates an empty database (a fresh name unless one is given) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once (`pg_ctl stop -m immediate`: nothing is worth keeping) and deletes `dir`. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** `nobody` and `nogroup` on Debian (and `nobody` on most Linux distributions). */
const NOBODY = { uid: 65534, gid: 65534 };
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** Who runs the cluster: this process's user, or `nobody` when that is root. */
const runAs = isRoot ? NOBODY : {};

/** Settings for a disposable cluster: loopback only, and no durability (a crash loses a test's data, no more). */
function settings(port: number, dir: string): string {
  return [
    '',
    '# test/support/postgres.ts',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${dir.replaceAll("'", "''")}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n');
}

/** Trusted logins over the Unix socket in the temp dir and from 127.0.0.1, nothing else. */
const HBA = ['local all all trust', 'host all all 127.0.0.1/32 trust', ''].join('\n');

/**
 * Starts a fresh cluster (about a second: most of it `initdb`); one per test file, a database per test through
 * `createDatabase`. Throws with the install commands when PostgreSQL's programs cannot be found.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = requireTool(TOOLS.postgresql);
  const dir = await mkdtemp(join(tmpdir(), 'monzo-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  const run = (program: string, args: string[]) => runProgram(join(bin, program), args, dir);
  const stopNow = () => {
    spawnSync(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-s'], {
      cwd: dir,
      env: programEnv(),
      stdio: 'ignore',
      ...runAs,
    });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that ends without stop() (a failed beforeAll, an interrupted run) must not leave a server behind.
  process.once('exit', stopNow);

  try {
    if (isRoot) await chown(dir, NOBODY.uid, NOBODY.gid);
    await chmod(dir, 0o700);
    await run('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '-N']);
    await appendFile(join(data, 'postgresql.conf'), settings(port, dir));
    await writeFile(join(data, 'pg_hba.conf'), HBA);
    await run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '30', '-s']);
  } catch (error) {
    const serverLog = await readFile(log, 'utf8').catch(() => '');
    process.removeListener('exit', stopNow);
    stopNow();
    const hint = isRoot
      ? `\n(as root, the cluster runs as nobody, uid ${NOBODY.uid}: it must be able to reach ${tmpdir()} and run ${bin})`
      : '';
    throw new Error(
      `PostgreSQL did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${serverLog}${hint}`,
    );
  }

  const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url: urlOf('postgres'),
    port,
    dir,
    async createDatabase(name = freshName()) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
        throw new Error(`database name ${JSON.stringify(name)}: use 1-63 lower-case letters, digits and _`);
      }
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopNow);
      await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-s']);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let databases = 0;
/** Unique within the cluster: a counter, and the pid so that names read back in a log say whose they were. */
function freshName(): string {
  databases += 1;
  return `test_${process.pid}_${databases}`;
}

/** Only what the programs need: none of this process's PG* variables (PGPORT, PGDATA…) may steer them. */
function programEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
}

/** Runs a PostgreSQL program as the cluster's user; rejects with its output when it fails. */
function runProgram(path: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { cwd, env: programEnv(), ...runAs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}
