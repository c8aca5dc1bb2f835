import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from './harness.js';

/**
 * `monzo` against an API that does not answer as Monzo's does, over real sockets: a proxy in front of the
 * emulator that drops `since` and `before` from every transactions request (so that paging never advances), and
 * an `--api-url` with a password in it. Each command must end, with a clear reason, and never print the password.
 */
describe('monzo against an API that ignores since, or a URL with a password', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let proxy: Server;
  let proxyUrl: string;
  let transactionRequests = 0;
  /** Requests the proxy is still answering: a stopped walk's last ones may arrive after its command ended. */
  let inFlight = 0;

  beforeAll(async () => {
    // Two full pages per account at least, so that the walk asks for a second page.
    cli = await cliHarness({ transactions: 250 });
    await cli.loggedIn();
    proxy = createServer(async (request, response) => {
      inFlight++;
      response.on('close', () => inFlight--);
      const url = new URL(request.url ?? '/', cli.mock.url);
      if (url.pathname === '/transactions') {
        transactionRequests++;
        url.searchParams.delete('since');
        url.searchParams.delete('before');
      }
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
          ),
        );
        const answer = await fetch(url, {
          method: request.method ?? 'GET',
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        response.writeHead(answer.status, {
          'Content-Type': answer.headers.get('content-type') ?? 'text/plain',
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        // A client that gave up on its request (a walk of windows stops its others at the first failure).
        response.destroy();
      }
    });
    await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((closed) => proxy.close(closed));
    await cli.close();
  });

  it.each([
    [['sync']],
    [['transactions', 'export', '--format', 'csv', '--out', 'all.csv']],
    [['transactions', '--since', '2000-01-01', '--limit', '1000']],
  ])('monzo %j ends with the reason and what to check, after a few requests', async (args) => {
    transactionRequests = 0;
    const result = await cli.run([...args, '--api-url', proxyUrl]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/brought nothing new past it/);
    expect(result.stderr).toMatch(/check --api-url/);
    // A sync walks the windows of both accounts' lives at once (12 each): no more than two requests a window.
    expect(transactionRequests).toBeLessThanOrEqual(args[0] === 'sync' ? 2 * 2 * 12 : 4);
    // The next case counts from zero: what this one's stopped walk still had in flight must not land there.
    await settled();
  });

  async function settled(): Promise<void> {
    for (let quiet = 0; quiet < 2; quiet = inFlight === 0 ? quiet + 1 : 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('never prints the password of an --api-url or MONZO_API_URL', async () => {
    const withPassword = cli.mock.url.replace('http://', 'http://someone:hunter2PW_0001@');
    const flag = await cli.run(['balance', '--api-url', withPassword]);
    const env = await cli.run(['accounts'], { env: { MONZO_API_URL: withPassword } });
    for (const result of [flag, env]) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/must not carry a user name or password/);
      expect(result.stdout + result.stderr).not.toContain('hunter2PW');
    }
  });
});
