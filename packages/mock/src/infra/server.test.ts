import { Agent, get, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../index.js';
import { sdkClient } from './test-support.js';

const servers: MockServer[] = [];

async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const mock = await startMockServer(options);
  servers.push(mock);
  return mock;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((mock) => mock.close()));
});

/** Opens a raw TCP connection to the server, collecting what it sends. */
async function open(
  mock: MockServer,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(Number(new URL(mock.url).port), '127.0.0.1');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    data += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => data, closed };
}

/** Writes bytes on a fresh connection and resolves to everything the server sent before it closed. */
async function exchange(mock: MockServer, payload: string): Promise<string> {
  const connection = await open(mock);
  connection.socket.write(payload);
  await connection.closed;
  return connection.received();
}

/** Resolves once `check` is true of what a connection received. */
async function until(received: () => string, check: (text: string) => boolean): Promise<void> {
  while (!check(received())) await new Promise((resolve) => setTimeout(resolve, 5));
}

function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('startMockServer over real sockets', () => {
  it('listens on a free port of 127.0.0.1 and serves the SDK the whole way, login to pot deposit', async () => {
    const mock = await start({ autoApprove: true });
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.clientId).toMatch(/^oauth2client_/);
    const { monzo } = await sdkClient(mock, mock.url);
    const account = await monzo.accounts.findByType('uk_retail');
    if (!account) throw new Error('no personal account');
    const { balance } = await monzo.balance.get(account.id);
    const pot = (await monzo.pots.list(account.id)).find((p) => !p.deleted && !p.locked);
    if (!pot) throw new Error('no open pot');
    await monzo.pots.deposit(pot.id, { source_account_id: account.id, amount: 250 });
    expect((await monzo.balance.get(account.id)).balance).toBe(balance - 250);
  });

  it('names its own address in the upload URLs it hands out', async () => {
    const mock = await start({ autoApprove: true });
    const { monzo } = await sdkClient(mock, mock.url);
    const upload = await monzo.attachments.upload({
      file_name: 'a.png',
      file_type: 'image/png',
      content_length: 3,
    });
    expect(upload.upload_url.startsWith(`${mock.url}/`)).toBe(true);
  });

  it('finishes a deposit whose client timed out, and idle() waits for it', async () => {
    const mock = await start({ autoApprove: true });
    const { monzo } = await sdkClient(mock, mock.url);
    const pot = mock.control.dataset().pots.find((p) => !p.deleted && !p.locked);
    if (!pot) throw new Error('no open pot');
    const account = pot.current_account_id;
    const before = (await monzo.balance.get(account)).balance;
    mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', times: 1, latencyMs: 150 });

    const deposit = monzo.pots.deposit(
      pot.id,
      { source_account_id: account, amount: 75 },
      { timeoutMs: 20, maxRetries: 0 },
    );
    await expect(deposit).rejects.toMatchObject({ type: 'MonzoTimeoutError', outcomeUnknown: true });
    // The client has given up; the emulator is still handling the request, as Monzo would be.
    expect((await monzo.balance.get(account)).balance).toBe(before);
    const idle = await fetch(`${mock.url}/_mock/idle`);
    expect(idle.status).toBe(200);
    expect((await monzo.balance.get(account)).balance).toBe(before - 75);
    await mock.control.idle();
  });

  it('keeps connections alive between requests', async () => {
    const mock = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const request = () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        get(`${mock.url}/_mock/time`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        }).on('error', reject);
      });
    const first = await request();
    const second = await request();
    expect(first.headers.connection).toBe('keep-alive');
    expect(second.socket).toBe(first.socket);
    agent.destroy();
  });

  it('refuses a body over the limit with a Monzo-shaped 413, and keeps serving', async () => {
    const mock = await start();
    const answer = await fetch(`${mock.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new Uint8Array(2 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({
      code: 'bad_request.body_too_large',
      message: expect.stringContaining('larger than'),
      retryable: {},
    });
    expect((await fetch(`${mock.url}/_mock/time`)).status).toBe(200);
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const mock = await start();
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit, but the server stops reading after 1 MB.
        if (sent++ < 1_000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const answer = await fetch(`${mock.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(sent).toBeLessThan(1_000);
  });

  it('answers a declared gigabyte at once, without waiting for (or holding) its bytes', async () => {
    const mock = await start();
    const raw = await exchange(
      mock,
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        'Content-Length: 1000000000\r\n\r\ngrant_type=',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw.toLowerCase()).toContain('connection: close');
    expect(bodyOf(raw)).toMatchObject({ code: 'bad_request.body_too_large' });
  });

  it.each([
    ['a garbage request line', 'HELLO THERE\r\n\r\n'],
    ['a bad header', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
    ['a bad version', 'GET / HTTP/9\r\n\r\n'],
  ])('answers %s with a Monzo-shaped 400 and closes the connection', async (_name, payload) => {
    const mock = await start();
    const raw = await exchange(mock, payload);
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(raw)).toEqual({
      code: 'bad_request.malformed_request',
      message: expect.any(String),
      retryable: {},
    });
    expect((await fetch(`${mock.url}/_mock/time`)).status).toBe(200);
  });

  it('refuses a request target that is not a path', async () => {
    const mock = await start();
    const raw = await exchange(
      mock,
      'GET http://elsewhere.test/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(raw)).toMatchObject({ code: 'bad_request.bad_target' });
  });

  it('answers unknown routes with 404 and wrong methods with 405, in Monzo’s shape', async () => {
    const mock = await start();
    const missing = await fetch(`${mock.url}/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'not_found', message: expect.any(String), retryable: {} });
    const wrong = await fetch(`${mock.url}/balance`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(await wrong.json()).toEqual({
      code: 'method_not_allowed',
      message: expect.any(String),
      retryable: {},
    });
  });

  it('drops the connection on a reset fault: the client sees ECONNRESET', async () => {
    const mock = await start();
    mock.control.fault({ path: '/ping/whoami', times: 1, reset: 'before' });
    const error = await fetch(`${mock.url}/ping/whoami`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect((await fetch(`${mock.url}/ping/whoami`)).status).toBe(401);
  });

  it.each(['before', 'after'] as const)(
    'moves a deposit once when the SDK retries through a reset %s the commit',
    async (reset) => {
      const mock = await start({ autoApprove: true });
      const { monzo } = await sdkClient(mock, mock.url, 2);
      const pot = mock.control.dataset().pots.find((p) => !p.deleted && !p.locked);
      if (!pot) throw new Error('no open pot');
      const accountId = pot.current_account_id;
      const { balance } = await monzo.balance.get(accountId);
      mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', times: 1, reset });

      await monzo.pots.deposit(pot.id, {
        source_account_id: accountId,
        amount: 700,
        dedupe_id: `retry-${reset}`,
      });
      expect((await monzo.balance.get(accountId)).balance).toBe(balance - 700);
      expect(mock.control.counters().requests['PUT /pots/:pot_id/deposit']).toBe(2);
    },
  );

  it('close() resolves with idle and busy connections open, and closes them', async () => {
    const mock = await start();
    const idle = await open(mock);
    idle.socket.write('GET /_mock/time HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(idle.received, (text) => text.includes('"iso"'));
    // Busy: the route waits for a body that never comes.
    const busy = await open(mock);
    busy.socket.write(
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant',
    );
    // Silent: connected, nothing sent yet.
    const silent = await open(mock);
    await new Promise((resolve) => setTimeout(resolve, 20));

    await mock.close();
    await Promise.all([idle.closed, busy.closed, silent.closed]);
    expect(busy.received()).toBe('');
    await mock.close(); // a second close is harmless
    const refused = await fetch(`${mock.url}/_mock/time`).catch((e: unknown) => e);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('reports a port in use as a rejected start', async () => {
    const mock = await start();
    const port = Number(new URL(mock.url).port);
    await expect(startMockServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
