import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, freePort, spawnCli } from '../../../test/browser/spawn-cli.js';
import { cliHarness } from '../../../test/harness.js';

const READY = /Ready: listening on (http:\/\/127\.0\.0\.1:\d+)/;

describe('monzo webhooks listen', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let client: MonzoClient;
  const running: CliProcess[] = [];

  beforeAll(async () => {
    // Short backoffs: a retried delivery comes back in milliseconds.
    cli = await cliHarness({ webhookRetryDelaysMs: [10] });
    const tokens = await cli.loggedIn();
    client = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
  });
  afterAll(async () => {
    for (const listener of running) listener.child.kill('SIGKILL');
    await cli.close();
  });

  const listen = (...args: string[]) => {
    const listener = spawnCli(['webhooks', 'listen', ...args], cli.env, cli.home);
    running.push(listener);
    return listener;
  };
  /** The webhooks as Monzo has them, secrets included (`monzo webhooks list` masks them). */
  const listed = async (account: 'personal' | 'joint' = 'personal') => {
    const type = account === 'joint' ? 'uk_retail_joint' : 'uk_retail';
    const id = cli.mock.control.dataset().accounts.find((item) => item.type === type)?.id ?? '';
    return (await client.webhooks.list(id)).map(({ id, url }) => ({ id, url }));
  };

  it('registers a webhook, prints each transaction as it arrives, and removes the webhook on SIGINT', async () => {
    const listener = listen();
    const origin = (await listener.waitFor('stderr', READY))[1];
    const [webhook, ...others] = await listed();
    expect(others).toEqual([]);
    expect(webhook?.url).toMatch(new RegExp(`^${origin}/monzo\\?secret=[0-9a-f]{48}$`));
    const secret = new URL(webhook?.url ?? '').searchParams.get('secret') ?? '';

    const tx = cli.mock.control.createTransaction({ amount: -350, merchant: true });
    const line = (await listener.waitFor('stdout', new RegExp(`^.*${tx.id}.*$`, 'm')))[0];
    expect(line).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}transaction\.created {2}tx_\w+ {2}-£3\.50 {2}\S/,
    );
    expect(line).toContain((tx.merchant as { name: string }).name);

    // A stranger who found the port is refused: the secret is in the registered URL only.
    const forged = await fetch(`${origin}/monzo?secret=guess`, {
      method: 'POST',
      body: '{"type":"x","data":{}}',
    });
    expect(forged.status).toBe(403);
    await listener.waitFor('stderr', /refused a delivery: 403/);

    listener.child.kill('SIGINT');
    const result = await listener.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`removed webhook ${webhook?.id}`);
    expect(await listed()).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout.trim().split('\n')).toHaveLength(1); // the forged delivery printed nothing
  });

  it('--json --forward-to: posts each body unchanged, prints one JSON event per line, and a failing app makes Monzo retry', async () => {
    const app = await startApp((attempt) => (attempt === 1 ? 500 : 200));
    try {
      const listener = listen('--json', '--forward-to', `${app.url}/monzo`);
      await listener.waitFor('stderr', READY);
      cli.mock.control.resetCounters();
      const tx = cli.mock.control.createTransaction({ amount: -1250 });
      await listener.waitFor('stderr', /→ 200 POST/);
      // stdout is another pipe: its second line may come in after the status line on stderr.
      await listener.waitFor('stdout', /^[^\n]+\n[^\n]+\n/);
      expect(listener.stderr()).toMatch(/→ 500 POST http:\/\/127\.0\.0\.1:\d+\/monzo \(Monzo will retry\)/);
      expect(cli.mock.control.counters().webhookDeliveries).toBe(2);

      expect(app.requests).toHaveLength(2);
      for (const request of app.requests) {
        expect(request.contentType).toBe('application/json');
        expect(request.body).toBe(app.requests[0]?.body); // the same bytes each time
        expect(JSON.parse(request.body)).toEqual({
          type: 'transaction.created',
          data: JSON.parse(JSON.stringify(tx)),
        });
      }
      const lines = listener.stdout().trim().split('\n');
      expect(lines).toHaveLength(2); // the first delivery, and Monzo's retry of it
      // stdout keeps the event as received; the retry is marked as such on stderr, the first delivery is not.
      await listener.waitFor(
        'stderr',
        /transaction\.created {2}tx_\w+ .*\(redelivered: delivery 2 of this event\)/,
      );
      expect(listener.stderr().match(/redelivered/g)).toHaveLength(1);
      for (const line of lines) expect(JSON.parse(line)).toEqual(JSON.parse(app.requests[0]?.body ?? ''));

      listener.child.kill('SIGTERM');
      expect((await listener.exited).code).toBe(0);
      expect(await listed()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('--port and --public-url: registers the public URL with the secret added, on the --account chosen', async () => {
    const port = await freePort();
    const listener = listen(
      '--port',
      String(port),
      '--public-url',
      `http://127.0.0.1:${port}/tunnel?via=test`,
      '--account',
      'joint',
    );
    expect((await listener.waitFor('stderr', READY))[1]).toBe(`http://127.0.0.1:${port}`);
    const joint = cli.mock.control
      .dataset()
      .accounts.find((account) => account.type === 'uk_retail_joint')?.id;
    const [webhook] = await listed('joint');
    expect(webhook?.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/tunnel\\?via=test&secret=[0-9a-f]{48}$`),
    );
    expect(await listed()).toEqual([]);

    const tx = cli.mock.control.createTransaction({ account_id: joint, amount: -99 });
    await listener.waitFor('stdout', new RegExp(`${tx.id} {2}-£0\\.99`));
    listener.child.kill('SIGINT');
    expect((await listener.exited).code).toBe(0);
    expect(await listed('joint')).toEqual([]);
  });

  it('refuses bad flags with exit 2 before any request', async () => {
    cli.mock.control.resetCounters();
    for (const args of [
      ['--port', '70000'],
      ['--forward-to', 'ftp://127.0.0.1/hook'],
      ['--public-url', 'not a url'],
    ]) {
      const result = await cli.run(['webhooks', 'listen', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error:');
    }
    expect(cli.mock.control.counters().requests).toEqual({});
  });
});

/** The user's app behind --forward-to: records each request and answers `status(attempt)`. */
async function startApp(status: (attempt: number) => number) {
  const requests: { body: string; contentType: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ body, contentType: request.headers['content-type'] });
      response.statusCode = status(requests.length);
      response.end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((closed) => server.close(closed)),
  };
}
