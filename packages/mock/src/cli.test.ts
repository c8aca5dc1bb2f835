import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundled } from '../../../test/support/bundled.js';
import { DEFAULT_PORT, parseCli, UsageError } from './infra/cli-args.js';

describe('parseCli', () => {
  it('defaults to port 7310 on 127.0.0.1, generated credentials, no JSON', () => {
    expect(parseCli([], {})).toEqual({
      help: false,
      json: false,
      server: { port: DEFAULT_PORT, host: '127.0.0.1' },
      generatedCredentials: true,
    });
    expect(DEFAULT_PORT).not.toBe(8080);
  });

  it('reads every flag', () => {
    const config = parseCli(
      [
        '--port=0',
        '--host',
        '::1',
        '--seed',
        '42',
        '--transactions',
        '1000000',
        '--auto-approve',
        '--token-ttl',
        '60',
        '--client-id',
        'id',
        '--client-secret',
        'secret',
        '--redirect-uri',
        'http://127.0.0.1:8080/a',
        '--redirect-uri',
        'https://app.test/b',
        '--json',
      ],
      {
        MONZO_CLIENT_ID: 'ignored',
        MONZO_CLIENT_SECRET: 'ignored',
        MONZO_REDIRECT_URI: 'http://ignored.test/',
      },
    );
    expect(config).toEqual({
      help: false,
      json: true,
      generatedCredentials: false,
      server: {
        port: 0,
        host: '::1',
        seed: 42,
        transactions: 1_000_000,
        autoApprove: true,
        tokenTtlSeconds: 60,
        clientId: 'id',
        clientSecret: 'secret',
        redirectUris: ['http://127.0.0.1:8080/a', 'https://app.test/b'],
      },
    });
  });

  it('takes the client and redirect URI from the environment when no flag gives them', () => {
    const config = parseCli([], {
      MONZO_CLIENT_ID: 'env-id',
      MONZO_CLIENT_SECRET: 'env-secret',
      MONZO_REDIRECT_URI: 'http://localhost:3000/cb',
    });
    expect(config.server).toMatchObject({
      clientId: 'env-id',
      clientSecret: 'env-secret',
      redirectUris: ['http://localhost:3000/cb'],
    });
    expect(config.generatedCredentials).toBe(false);
  });

  it('takes a negative number as the value of a numeric option (a seed may be negative)', () => {
    expect(parseCli(['--seed', '-5', '--port', '0'], {}).server).toMatchObject({ seed: -5, port: 0 });
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['stray'], /Unexpected argument 'stray'/],
    [['--port'], /argument missing/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--port', '80a'], /--port/],
    [['--transactions', '-1'], /^--transactions must be a whole number from 0 to 100,000,000, got "-1"$/],
    [['--token-ttl', '-5'], /^--token-ttl must be a whole number from 1 to 315,360,000, got "-5"$/],
    [['--port', '--json'], /^--port needs a value$/],
    [['--token-ttl', '0'], /--token-ttl/],
    [['--client-id', 'only'], /go together/],
    [['--redirect-uri', 'not a url'], /--redirect-uri/],
    [['--host', ''], /--host/],
  ])('refuses %j with a one-line usage error', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
    expect(() => parseCli(argv, {})).toThrow(message);
    try {
      parseCli(argv, {});
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

/** A running CLI: its process and what it printed so far. */
interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Run {
  // The developer's own MONZO_* settings must not leak into the tests.
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['MONZO_CLIENT_ID', 'MONZO_CLIENT_SECRET', 'MONZO_REDIRECT_URI']) delete env[name];
  Object.assign(env, options.env);
  // cli.ts bundled for this run (test/support/bundles.ts): it starts from any working directory, in 0.1 s.
  const child = spawn(process.execPath, [bundled('monzo-mock'), ...args], {
    env,
    cwd: options.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Waits for the first full line on stdout (or the process to end). */
async function firstLine(cli: Run): Promise<string> {
  while (!cli.stdout().includes('\n')) {
    if (cli.child.exitCode !== null) throw new Error(`the CLI exited: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return cli.stdout().split('\n')[0] ?? '';
}

describe('the monzo-mock CLI as a process', () => {
  it('prints exactly one JSON line with --json, answers at that URL, and exits 0 on SIGTERM', async () => {
    const cli = run(['--port', '0', '--json', '--seed', '3']);
    const line = await firstLine(cli);
    const started = JSON.parse(line) as { url: string; client_id: string; client_secret: string };
    expect(Object.keys(started)).toEqual(['url', 'client_id', 'client_secret']);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.client_id).toMatch(/^oauth2client_/);

    const time = await fetch(`${started.url}/_mock/time`);
    expect(time.status).toBe(200);
    const whoami = await fetch(`${started.url}/ping/whoami`);
    expect((await whoami.json()) as unknown).toMatchObject({ code: 'unauthorized.bad_access_token' });

    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe(`${line}\n`);
    expect(cli.stderr()).toContain('listening');
  });

  it('uses the client credentials from the environment', async () => {
    const cli = run(['--port', '0', '--json'], {
      env: { MONZO_CLIENT_ID: 'oauth2client_env', MONZO_CLIENT_SECRET: 's3cret' },
    });
    const started = JSON.parse(await firstLine(cli)) as { client_id: string; client_secret?: string };
    // The secret was given: it may be a real one, so it is not printed back (a generated one is).
    expect(started).toEqual({ url: expect.any(String), client_id: 'oauth2client_env' });
    expect(cli.stdout() + cli.stderr()).not.toContain('s3cret');
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('reads .env in the working directory, the environment taking precedence', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'monzo-mock-cli-'));
    try {
      await writeFile(join(dir, '.env'), 'MONZO_CLIENT_ID=from-dotenv\nMONZO_CLIENT_SECRET=dotenv-secret\n');
      const fromFile = run(['--port', '0', '--json'], { cwd: dir });
      const mixed = run(['--port', '0', '--json'], { cwd: dir, env: { MONZO_CLIENT_SECRET: 'env-secret' } });
      expect(JSON.parse(await firstLine(fromFile))).toEqual({
        url: expect.any(String),
        client_id: 'from-dotenv',
      });
      expect(JSON.parse(await firstLine(mixed))).toEqual({
        url: expect.any(String),
        client_id: 'from-dotenv',
      });
      fromFile.child.kill('SIGTERM');
      mixed.child.kill('SIGTERM');
      expect(await Promise.all([fromFile.exit, mixed.exit])).toEqual([0, 0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints the URL, the client id and how to point the SDK at it without --json, not a given secret', async () => {
    const cli = run(['--port', '0', '--client-id', 'cid', '--client-secret', 'csecret']);
    while (!cli.stdout().includes('Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 20));
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stdout())?.[1];
    expect(url).toBeDefined();
    expect(cli.stdout()).toContain(`MONZO_API_URL=${url} MONZO_AUTH_URL=${url}`);
    expect(cli.stdout()).toContain('MONZO_CLIENT_ID=cid');
    expect(cli.stdout()).toContain('client secret  (yours, from the flags or MONZO_CLIENT_SECRET)');
    expect(cli.stdout() + cli.stderr()).not.toContain('csecret');
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('exits 2 with a one-line error on a bad flag', async () => {
    const cli = run(['--bogus']);
    expect(await cli.exit).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr().trim().split('\n')).toEqual([
      "monzo-mock: Unknown option '--bogus' (see monzo-mock --help)",
    ]);
  });

  it('prints usage with examples for --help and exits 0', async () => {
    const cli = run(['--help']);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toContain('Usage: monzo-mock');
    expect(cli.stdout()).toContain('Examples:');
  });
});
