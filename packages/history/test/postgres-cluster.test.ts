/**
 * The throwaway PostgreSQL cluster the history tests run against (test/support/postgres.ts): a real server, on
 * loopback only, a database per test kept apart from the others, and nothing left behind once stopped. One cluster
 * for the file; the last test stops it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgres } from '../../../test/support/postgres.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(() => cluster?.stop());

/** Runs `body` with a client connected to `url`, and closes it. */
async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The local addresses of the sockets listening on `port`, from Linux's /proc/net/tcp{,6}; undefined elsewhere. */
function listeningAddresses(port: number): string[] | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = (local ?? '').split(':');
      if (state !== '0A' || Number.parseInt(hexPort ?? '', 16) !== port) continue; // 0A: LISTEN
      // IPv4 is one little-endian word: 0100007F is 127.0.0.1. Any IPv6 listener is wrong here, whatever it is.
      found.push(
        address?.length === 8
          ? (address.match(/../g) ?? [])
              .reverse()
              .map((byte) => Number.parseInt(byte, 16))
              .join('.')
          : `ipv6:${address}`,
      );
    }
  }
  return found;
}

/**
 * Whether the process is still running: it exists (signal 0 checks without sending anything) and, on Linux, is not
 * a zombie, which has exited and only waits for init to reap it (pg_ctl's postmaster is init's child, and some
 * inits reap only every second or two).
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    // No stat: gone between the two looks on Linux, or a system without /proc, where existing is all we know.
    return !existsSync('/proc/self');
  }
}

describe('a throwaway PostgreSQL cluster', () => {
  it('is a real server: a table is created, written and read back in a fresh database', async () => {
    const url = await cluster.createDatabase();
    expect(url).toMatch(new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:${cluster.port}/test_\\w+$`));
    const rows = await withClient(url, async (client) => {
      await client.query('CREATE TABLE transactions (id text PRIMARY KEY, amount bigint NOT NULL)');
      await client.query("INSERT INTO transactions VALUES ('tx_1', -350), ('tx_2', 1200)");
      return (await client.query('SELECT id, amount::int FROM transactions ORDER BY id')).rows;
    });
    expect(rows).toEqual([
      { id: 'tx_1', amount: -350 },
      { id: 'tx_2', amount: 1200 },
    ]);
  });

  it('listens on 127.0.0.1 only, and lets in logins from loopback only', async () => {
    const seen = await withClient(cluster.url, async (client) => ({
      listen: (await client.query('SHOW listen_addresses')).rows[0].listen_addresses,
      server: (await client.query('SELECT host(inet_server_addr()) AS host')).rows[0].host,
      hostRules: (
        await client.query("SELECT DISTINCT address FROM pg_hba_file_rules WHERE type <> 'local'")
      ).rows.map((row) => row.address),
    }));
    expect(seen).toEqual({ listen: '127.0.0.1', server: '127.0.0.1', hostRules: ['127.0.0.1'] });

    const sockets = listeningAddresses(cluster.port);
    if (sockets) expect(sockets).toEqual(['127.0.0.1']);
    const outward = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address);
    for (const address of outward) expect(await accepts(address, cluster.port), address).toBe(false);
    expect(await accepts('127.0.0.1', cluster.port)).toBe(true);
  });

  it('keeps two databases apart, even with tables of the same name', async () => {
    const [first, second] = [await cluster.createDatabase(), await cluster.createDatabase()];
    expect(first).not.toBe(second);
    await withClient(first, async (client) => {
      await client.query('CREATE TABLE accounts (id text PRIMARY KEY)');
      await client.query("INSERT INTO accounts VALUES ('acc_a'), ('acc_b')");
    });
    const inSecond = await withClient(second, async (client) => {
      const before = (await client.query("SELECT to_regclass('accounts') AS found")).rows[0].found;
      await client.query('CREATE TABLE accounts (id text PRIMARY KEY)');
      await client.query("INSERT INTO accounts VALUES ('acc_z')");
      return { before, ids: (await client.query('SELECT id FROM accounts')).rows.map((row) => row.id) };
    });
    expect(inSecond).toEqual({ before: null, ids: ['acc_z'] });
    const inFirst = await withClient(first, async (client) =>
      (await client.query('SELECT id FROM accounts ORDER BY id')).rows.map((row) => row.id),
    );
    expect(inFirst).toEqual(['acc_a', 'acc_b']);
  });

  it('creates a database under a name it is given, and refuses one it would have to quote', async () => {
    expect(await cluster.createDatabase('history_named')).toBe(
      `${cluster.url.replace(/postgres$/, '')}history_named`,
    );
    await expect(cluster.createDatabase('Robert"; DROP DATABASE postgres; --')).rejects.toThrow(
      /use 1-63 lower-case letters, digits and _/,
    );
    await expect(cluster.createDatabase('history_named')).rejects.toThrow(/already exists/);
  });

  // Last: it stops the file's cluster.
  it('stop ends the server and removes its directory', async () => {
    const pid = Number((await readFile(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(true);

    await cluster.stop();
    expect(existsSync(cluster.dir)).toBe(false);
    // pg_ctl returns once the postmaster has removed its pid file, just before it exits.
    await expect.poll(() => isRunning(pid), { timeout: 5_000 }).toBe(false);
    expect(await accepts('127.0.0.1', cluster.port)).toBe(false);
  });
});
