import { connect } from 'node:net';
import { MonzoClient, MonzoNotFoundError } from 'monzo-ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockMonzo, type MockServer, signIn, startMockServer } from '../index.js';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((mock) => mock.close()));
});

/** One raw exchange on a socket: what no HTTP client would send. */
function rawAnswer(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

describe('x-request-id', () => {
  it('is on every answer of the in-process emulator, each its own: data, errors, faults, the consent page', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const token = (await signIn(mock)).access_token;
    const get = (path: string, auth = true) =>
      mock.fetch(`http://monzo.test${path}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {});
    mock.control.fault({ path: '/balance', status: 503, times: 1 });
    const answers = await Promise.all([
      get('/accounts'),
      get('/accounts', false),
      get('/no/such/endpoint'),
      get('/balance?account_id=acc_x'),
      get('/?client_id=x'),
    ]);
    const ids = answers.map((answer) => answer.headers.get('x-request-id'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 503, 400]);
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{12}[0-9a-z]{6,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps an id a fault rule chose', async () => {
    const mock = createMockMonzo();
    mock.control.fault({ path: '/ping/whoami', status: 502, headers: { 'x-request-id': 'req_chosen' } });
    expect((await mock.fetch('http://monzo.test/ping/whoami')).headers.get('x-request-id')).toBe(
      'req_chosen',
    );
  });

  it('is on the socket server’s answers too, a request it cannot parse included', async () => {
    const mock = await startMockServer();
    servers.push(mock);
    expect((await fetch(`${mock.url}/ping/whoami`)).headers.get('x-request-id')).toMatch(/^req_/);
    const port = Number(new URL(mock.url).port);
    expect(await rawAnswer(port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 [\s\S]*\r\nX-Request-Id: req_\w+\r\n/,
    );
  });

  it('reaches the SDK’s error, in its requestId and its message: what a person quotes to support', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const token = (await signIn(mock)).access_token;
    const monzo = new MonzoClient({ apiUrl: 'http://monzo.test', fetch: mock.fetch, accessToken: token });
    const failure = await monzo.transactions.get('tx_nope').catch((caught: unknown) => caught);
    if (!(failure instanceof MonzoNotFoundError)) throw new Error(`expected a 404, got ${String(failure)}`);
    expect(failure.requestId).toMatch(/^req_/);
    expect(failure.message).toContain(`request ${failure.requestId}`);
  });
});
