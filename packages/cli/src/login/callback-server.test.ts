import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/browser/spawn-cli.js';
import { rawStatusLine } from '../../test/raw-socket.js';
import { type CallbackServer, startCallbackServer } from './callback-server.js';
import { pages } from './pages.js';
import { callbackTarget } from './redirect.js';

const STATE = 'the-state_of-this-login';

/** A request with a Host header of our choosing (fetch does not let one set it). */
function get(port: number, path: string, host: string, method = 'GET') {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((done, fail) => {
    request({ host: '127.0.0.1', port, path, method, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, body, headers: response.headers }));
    })
      .on('error', fail)
      .end();
  });
}

/** Whether the server has handed over a callback: `next` settles at once if so, else its short timeout wins. */
async function delivered(server: CallbackServer): Promise<boolean> {
  return server.next(1).then(
    () => true,
    () => false,
  );
}

describe('startCallbackServer', () => {
  let server: CallbackServer | undefined;
  afterEach(() => server?.close());

  it('hands over the first callback only; the rest are refused and reported; other paths do not count', async () => {
    const port = await freePort();
    const target = callbackTarget(`http://127.0.0.1:${port}/callback`);
    let repeats = 0;
    server = await startCallbackServer(target, { state: STATE, onRepeat: () => repeats++ });
    const host = `127.0.0.1:${port}`;

    expect((await get(port, '/favicon.ico', host)).status).toBe(404);
    expect((await get(port, `/callback?code=x&state=${STATE}`, 'evil.example:80')).status).toBe(421);
    const first = get(port, `/callback?code=x&state=${STATE}`, host);
    const callback = await server.next(5_000);
    expect(callback.params.get('code')).toBe('x');
    callback.reply(pages.loggedIn('user_1'));
    const page = await first;
    expect(page.status).toBe(200);
    expect(page.body).toContain('approve this login');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");

    const again = await get(port, `/callback?code=x&state=${STATE}`, host);
    expect(again.status).toBe(409);
    expect(repeats).toBe(1);
    // Any other request now also learns the login is over, without a line on the terminal for each.
    expect((await get(port, '/callback?code=x&state=another', host)).status).toBe(409);
    expect(repeats).toBe(1);
  });

  it('escapes what it shows', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`), { state: STATE });
    const pending = get(port, `/cb?state=${STATE}`, `127.0.0.1:${port}`);
    (await server.next(5_000)).reply(pages.denied('<script>alert(1)</script>'));
    expect((await pending).body).toContain('&lt;script&gt;');
  });

  it('times out with advice, and refuses a port in use', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`), { state: STATE });
    await expect(server.next(50)).rejects.toThrow(/no answer from the browser/);
    await expect(
      startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/cb`), { state: STATE }),
    ).rejects.toThrow(/already in use/);
  });

  it('binds loopback only: not reachable on the machine’s other addresses', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://localhost:${port}/cb`), { state: STATE });
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

  it('answers malformed requests with an error and keeps waiting: none can crash it or count', async () => {
    const port = await freePort();
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/callback`), { state: STATE });
    const host = `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    const hostile = [
      `GET //[ HTTP/1.1\r\n${host}\r\n`,
      `GET //[?state=${STATE}&code=x HTTP/1.1\r\n${host}\r\n`,
      `POST //[ HTTP/1.1\r\n${host}Content-Length: 0\r\n\r\n`,
      // Absolute-form names a host of the sender's choosing, whatever the Host header says.
      `GET http://evil.example/callback?state=${STATE}&code=x HTTP/1.1\r\n${host}\r\n`,
      `GET //evil.example/callback?state=${STATE}&code=x HTTP/1.1\r\n${host}\r\n`,
      `GET * HTTP/1.1\r\n${host}\r\n`,
      `OPTIONS * HTTP/1.1\r\n${host}\r\n`,
      `GET /callback?state=${STATE}&code=x HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
      'NOT HTTP AT ALL\r\n\r\n',
    ];
    for (const text of hostile) {
      expect(await rawStatusLine(port, text), text.slice(0, 40)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await delivered(server)).toBe(false);
    const genuine = get(port, `/callback?code=x&state=${STATE}`, `127.0.0.1:${port}`);
    (await server.next(5_000)).reply(pages.loggedIn(undefined));
    expect((await genuine).status).toBe(200);
  });

  it('only a callback with this login’s state ends the login; any other is refused and the login waits on', async () => {
    const port = await freePort();
    let strays = 0;
    server = await startCallbackServer(callbackTarget(`http://127.0.0.1:${port}/callback`), {
      state: STATE,
      onStray: () => strays++,
    });
    const host = `127.0.0.1:${port}`;
    const refused: Array<[string, string, number, string?]> = [
      ['/callback?code=x&state=another', host, 400],
      [`/callback?code=x&state=${STATE}x`, host, 400],
      [`/callback?code=x&state=${STATE.slice(0, -1)}`, host, 400],
      ['/callback?code=x', host, 400],
      ['/callback', host, 400],
      ['/callback?error=access_denied', host, 400],
      ['/callback?error=access_denied&state=another', host, 400],
      [`/callback?code=x&state=another&state=${STATE}`, host, 400],
      [`/callback?code=x&state=${STATE}&state=another`, host, 400],
      [`/callback?code=x&state=${STATE}`, host, 405, 'HEAD'],
      [`/callback?code=x&state=${STATE}`, host, 405, 'POST'],
      // DNS rebinding: a page on another name that resolves to 127.0.0.1.
      [`/callback?code=x&state=${STATE}`, `rebound.example:${port}`, 421],
    ];
    for (const [path, hostHeader, status, method] of refused) {
      const answer = await get(port, path, hostHeader, method);
      expect(answer.status, `${method ?? 'GET'} ${path} (${hostHeader})`).toBe(status);
    }
    expect(strays).toBe(9);
    expect((await get(port, '/callback?state=no', host)).body).toContain('still waiting');
    expect(await delivered(server)).toBe(false);

    // The browser's own Deny, with this login's state, still ends the login.
    const deny = get(port, `/callback?error=access_denied&state=${STATE}`, host);
    const callback = await server.next(5_000);
    expect(callback.params.get('error')).toBe('access_denied');
    callback.reply(pages.denied('access_denied'));
    expect((await deny).status).toBe(403);
  });
});
