import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool, TOOLS } from '../../../scripts/system-tools.mjs';
import { freePort } from '../../../test/support/ports.js';

/** A real `redis-server` for a test: on a free loopback port, its data in a temp dir, durable across restarts. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM) and waits for it to exit; the data stays in `dir`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and dir, and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its dir. */
  close(): Promise<void>;
}

/**
 * Starts `redis-server` (REDIS_SERVER, else the one on the PATH, found as `scripts/ensure-redis.mjs` finds it) on
 * 127.0.0.1 and a free port, in a temp dir, with every write appended and fsynced (`--appendonly yes
 * --appendfsync always`) so that a restart keeps what was saved. Throws with the install commands when there is
 * no `redis-server`.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const redisServer = requireTool(TOOLS.redis);
  const dir = await mkdtemp(join(tmpdir(), 'monzo-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = async () => {
    if (child) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'];
    args.push('--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', '');
    const started = spawn(redisServer, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.on('data', (chunk) => (stderr += chunk));
    child = started;
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    try {
      await waitUntilAnswers(port, started);
    } catch (error) {
      started.kill('SIGKILL');
      throw new Error(
        `redis-server did not start on 127.0.0.1:${port}: ${(error as Error).message} ${stderr}`,
      );
    }
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start,
    close: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `PING` gets `+PONG` on the port; rejects if the process exits or 10 s pass. */
async function waitUntilAnswers(port: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`it exited (${server.exitCode ?? server.signalCode})`);
    }
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('it did not answer PING within 10 s');
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
  });
}
