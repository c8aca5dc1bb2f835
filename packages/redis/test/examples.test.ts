import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './redis-server.js';

// The README's two runnable examples, run as a reader would (tsx, the packages' source) against a real Redis.

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const example = (name: string) => resolve(HERE, '../examples', name);

let redis: RedisServer;
const children: ChildProcess[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await redis.close();
});

/** Starts an example; its stdout lines arrive in `lines`, and `exited` gives its code and whole output. */
function run(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX, example(name)], {
    env: {
      PATH: process.env.PATH ?? '',
      TSX_TSCONFIG_PATH: resolve(HERE, '../tsconfig.json'),
      REDIS_URL: redis.url,
      ...env,
    },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.once('exit', (code) => done({ code, stdout, stderr })),
  );
  return { lines, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

describe('the @monzo-ts/redis examples', { timeout: 60_000 }, () => {
  it('shared-login.ts: 4 processes share one expired login, and the emulator counts one refresh', async () => {
    const { exited } = run('shared-login.ts', {});
    const result = await exited;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/: 10 calls answered$/gm)).toHaveLength(4);
    expect(result.stdout).toContain('refreshes: 1');
  });

  it('webhook-receiver.ts: prints an event the emulator delivers once, however often it arrives', async () => {
    const secret = 'example-secret-0123456789';
    const port = await freePort();
    const receiver = run('webhook-receiver.ts', { MONZO_WEBHOOK_SECRET: secret, PORT: String(port) });
    expect((await receiver.lines.next()).value).toBe(`listening on ${port}`);

    const mock = await startMockServer({ autoApprove: true });
    try {
      const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: (await signIn(mock)).access_token });
      const account_id = mock.control.dataset().accounts[0]?.id as string;
      const url = `http://127.0.0.1:${port}/?secret=${secret}`;
      await monzo.webhooks.create({ account_id, url });
      const made = mock.control.createTransaction({
        account_id,
        amount: -1_234,
        description: 'EXAMPLE CAFE',
      });
      expect((await receiver.lines.next()).value).toBe('EXAMPLE CAFE -1234');

      // Monzo's retry of the same event: answered as a duplicate, and printed no second time.
      const again = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'transaction.created', data: made }),
      });
      expect(again.status).toBe(200);
      expect((await again.text()).trim()).toBe('Already handled.');
      expect((await fetch(url.replace(secret, 'wrong'), { method: 'POST', body: '{}' })).status).toBe(403);
    } finally {
      await mock.close();
    }
    const [child] = children.slice(-1);
    child?.kill('SIGTERM');
    const { stdout } = await receiver.exited;
    expect(stdout.trim().split('\n')).toEqual([`listening on ${port}`, 'EXAMPLE CAFE -1234']);
  });
});
