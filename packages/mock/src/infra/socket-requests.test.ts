import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockMonzo, IN_PROCESS_URL, type MockServer, signIn, startMockServer } from '../index.js';

/** The socket server's own reading of requests (a GET needs no Fetch `Request`) and its sending of pages. */

const NOW = Date.UTC(2026, 0, 15, 12);
const servers: MockServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((mock) => mock.close()));
});

async function start(options: Parameters<typeof startMockServer>[0] = {}) {
  const mock = await startMockServer({ autoApprove: true, now: NOW, ...options });
  servers.push(mock);
  return { mock, token: (await signIn(mock)).access_token };
}

/**
 * Sends requests pipelined on one connection, the last asking `Connection: close`, and resolves to the answers
 * (split at their status lines: these bodies hold none) once the server closes it. The sending side stays open: node:http answers no
 * more requests after a client's end.
 */
async function raw(mock: MockServer, payload: string): Promise<string[]> {
  const socket = connect(Number(new URL(mock.url).port), '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  await new Promise((resolve, reject) => {
    socket.on('close', resolve);
    socket.on('error', reject);
    socket.write(payload);
  });
  return received.split(/(?=HTTP\/1\.1 \d{3} )/);
}

describe('the socket server reading a request', () => {
  it('takes the Authorization header of a GET as the Fetch API does: any case, several joined', async () => {
    const { mock, token } = await start();
    const answers = await raw(
      mock,
      `GET /ping/whoami HTTP/1.1\r\nHost: x\r\nauthorization: Bearer ${token}\r\n\r\n` +
        `GET /ping/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAUTHORIZATION: Bearer x\r\n\r\n` +
        'GET /ping/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answers.map((answer) => answer.slice(9, 12))).toEqual(['200', '401', '401']);
    // Joined, the two make one value that is no token, as `Headers.get` would give it to the in-process core.
    const inProcess = createMockMonzo({ autoApprove: true, now: NOW });
    const joined = await inProcess.handle(
      new Request(`${IN_PROCESS_URL}/ping/whoami`, {
        headers: [
          ['Authorization', `Bearer ${(await signIn(inProcess)).access_token}`],
          ['Authorization', 'Bearer x'],
        ],
      }),
    );
    expect(joined.status).toBe(401);
    expect(answers[1]).toContain('"code":"unauthorized.bad_access_token"');
  });

  it('still answers a GET that has a body (read through the Fetch path, as any request with a body)', async () => {
    const { mock, token } = await start();
    const [answer] = await raw(
      mock,
      `GET /ping/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 5\r\n\r\nhello`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"authenticated":true');
  });
});

describe('the socket server sending pages', () => {
  it('sends each page whole while many wait, unread, on their way to a client', async () => {
    const options = { autoApprove: true, now: NOW, transactions: 20_000 };
    const { mock, token } = await start(options);
    const inProcess = createMockMonzo(options);
    const inProcessToken = (await signIn(inProcess)).access_token;
    const get = (path: string) =>
      inProcess.fetch(`${IN_PROCESS_URL}${path}`, { headers: { Authorization: `Bearer ${inProcessToken}` } });
    const { accounts } = (await (await get('/accounts')).json()) as { accounts: Array<{ id: string }> };
    // 40 pages pipelined, merchants expanded (~170 KB each, ~7 MB in all), to a client that reads none until
    // all are answered: more than the OS takes in, so that the later pages wait in the server, their bytes
    // lent, while it renders the others. Pages overlap or not (both ways of writing one), all cold.
    const paths = Array.from({ length: 40 }, (_, k) => {
      const since = new Date(NOW - (80 - k * (k % 3 === 0 ? 0.7 : 1.9)) * 86_400_000).toISOString();
      return `/transactions?account_id=${accounts[0]?.id}&limit=100&since=${since}&expand[]=merchant`;
    });
    const socket = connect(Number(new URL(mock.url).port), '127.0.0.1');
    socket.pause();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((resolve, reject) => {
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    // One at a time, so that each is rendered after the one before was handed to node:http.
    for (const [k, path] of paths.entries()) {
      const close = k === paths.length - 1 ? 'Connection: close\r\n' : '';
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n${close}\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.resume();
    await closed;
    let received = Buffer.concat(chunks);
    for (const path of paths) {
      const head = received.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, head).toString())?.[1]);
      const body = received.subarray(head + 4, head + 4 + length);
      received = received.subarray(head + 4 + length);
      const expected = Buffer.from(await (await get(path)).arrayBuffer());
      expect(expected.length).toBeGreaterThan(150_000);
      expect(body.equals(expected)).toBe(true);
    }
  });
});
