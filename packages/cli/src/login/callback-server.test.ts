import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/browser/spawn-cli.js';
import { type CallbackServer, startCallbackServer } from './callback-server.js';
import { pages } from './pages.js';
import { callbackTarget } from './redirect.js';

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function get(port: number, path: string, host: string) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((done, fail) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, body, headers: response.headers }));
    })
      .on('error', fail)
      .end();
  });
}

describe('startCallbackServer', () => {
  let server: CallbackServer | undefined;
  afterEach(() => server?.close());

  it('hands over the first callback only; the rest are refused and reported; other paths do not count', async () => {
    const port = await freePort();
    const target = callbackTarget(`http://127.0.0.1:${port}/callback`);
    let repeats = 0;
    server = await startCallbackServer(target, { onRepeat: () => repeats++ });
    const host = `127.0.0.1:${port}`;

    expect((await get(port, '/favicon.ico', host)).status).toBe(404);
    expect((await get(port, '/callback?code=x&state=y', 'evil.example:80')).status).toBe(421);
    const first = get(port, '/callback?code=x&state=y', host);
    const callback = await server.next(5_000);
    expect(callback.params.get('code')).toBe('x');
    callback.reply(pages.loggedIn('user_1'));
    const page = await first;
    expect(page.status).toBe(200);
    expect(page.body).toContain('approve this login');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");

    const again = await get(port, '/callback?code=x&state=y', host);
    expect(again.status).toBe(409);
    expect(repeats).toBe(1);
  });

  it('escapes what it shows', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`));
    const pending = get(port, '/cb', `127.0.0.1:${port}`);
    (await server.next(5_000)).reply(pages.denied('<script>alert(1)</script>'));
    expect((await pending).body).toContain('&lt;script&gt;');
  });

  it('times out with advice, and refuses a port in use', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`));
    await expect(server.next(50)).rejects.toThrow(/no answer from the browser/);
    await expect(startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`))).rejects.toThrow(
      /already in use/,
    );
  });

  it('binds loopback only: not reachable on the machine’s other addresses', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://localhost:${port}/cb`));
    expect((await get(port, '/nothing', `localhost:${port}`)).status).toBe(404);
    const outward = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4');
    for (const address of outward) {
      const reached = await new Promise<boolean>((done) => {
        const socket = connect({ host: address?.address ?? '', port }, () => {
          socket.destroy();
          done(true);
        }).on('error', () => done(false));
      });
      expect(reached).toBe(false);
    }
  });
});
