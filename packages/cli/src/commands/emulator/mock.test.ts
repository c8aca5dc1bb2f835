import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../../test/browser/spawn-cli.js';
import { cliHarness } from '../../../test/harness.js';

describe('monzo mock', () => {
  // Only for its home, its environment and `run`: the emulator under test is the one `monzo mock` starts.
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    cli = await cliHarness();
    env = { ...cli.env, MONZO_CLIENT_ID: '', MONZO_CLIENT_SECRET: '', MONZO_REDIRECT_URI: '' };
  });
  afterAll(() => cli.close());

  it('runs the emulator with monzo-mock flags, prints one JSON line, and stops on SIGTERM', async () => {
    const mock = spawnCli(['mock', '--port', '0', '--json', '--auto-approve', '--seed', '7'], env, cli.home);
    const line = (await mock.waitFor('stdout', /^\{.*\}\n/))[0];
    const started = JSON.parse(line) as { url: string; client_id: string; client_secret: string };
    expect(Object.keys(started)).toEqual(['url', 'client_id', 'client_secret']);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // It is a working emulator: a login there is approved at once (--auto-approve) and reads accounts.
    const login = await fetch(
      `${started.url}/?client_id=${started.client_id}&redirect_uri=http://127.0.0.1:1/cb&response_type=code&state=s`,
      {
        redirect: 'manual',
      },
    );
    expect(login.headers.get('location')).toMatch(/code=/);
    expect((await fetch(`${started.url}/_mock/dataset`)).status).toBe(200);

    mock.child.kill('SIGTERM');
    const result = await mock.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SIGTERM, stopping');
    await expect(fetch(`${started.url}/_mock/dataset`)).rejects.toThrow();
  });

  it('prints how to use it, and never a client secret it was given', async () => {
    const secret = 'a-real-looking-secret-0123456789';
    const mock = spawnCli(
      ['mock', '--port', '0', '--client-id', 'oauth2client_mine', '--client-secret', secret],
      env,
      cli.home,
    );
    await mock.waitFor('stdout', /Ctrl-C stops it/);
    mock.child.kill('SIGINT');
    const result = await mock.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('oauth2client_mine');
    expect(result.stdout).toContain('MONZO_API_URL=http://127.0.0.1:');
    expect(result.stdout + result.stderr).not.toContain(secret);

    const json = spawnCli(
      ['mock', '--port', '0', '--json'],
      { ...env, MONZO_CLIENT_ID: 'oauth2client_env', MONZO_CLIENT_SECRET: secret },
      cli.home,
    );
    const started = JSON.parse((await json.waitFor('stdout', /^\{.*\}\n/))[0]);
    json.child.kill('SIGTERM');
    await json.exited;
    expect(started).toEqual({ url: expect.any(String), client_id: 'oauth2client_env' });
  });

  it('refuses bad flags with exit 2, as monzo-mock does', async () => {
    const port = await cli.run(['mock', '--port', 'eighty'], { env });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number');
    const half = await cli.run(['mock', '--client-id', 'only-the-id'], { env });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('go together');
    const unknown = await cli.run(['mock', '--bogus'], { env });
    expect(unknown.code).toBe(2);
  });

  it('says so when the port is taken', async () => {
    const port = new URL(cli.mock.url).port;
    const result = await cli.run(['mock', '--port', port], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already in use');
    expect(result.stderr).toContain('--port 0');
  });
});
