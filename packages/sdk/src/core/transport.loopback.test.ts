import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoopbackHandler, sendJson, startLoopback } from '../../test/support/loopback.js';
import { createTransport } from '../config/defaults.js';
import { MonzoConnectionError, MonzoTimeoutError } from './errors.js';

/** Real sockets on 127.0.0.1: what a fake fetch cannot show (refused ports, resets, a body that stalls). */

const servers: Array<{ close: () => Promise<void> }> = [];

async function serve(handler: LoopbackHandler) {
  let hits = 0;
  const server = await startLoopback((request, response) => {
    hits++;
    return handler(request, response);
  });
  servers.push(server);
  return { url: server.url, hits: () => hits };
}

/** The global fetch, counting its calls. */
function countingFetch() {
  const counter = { calls: 0 };
  const fetch: typeof globalThis.fetch = (input, init) => {
    counter.calls++;
    return globalThis.fetch(input, init);
  };
  return { fetch, counter };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('Transport over a real socket', () => {
  it('retries a POST whose connection was refused, then reports that nothing was sent', async () => {
    const closed = await startLoopback(() => {});
    await closed.close();
    const { fetch, counter } = countingFetch();
    const transport = createTransport({ apiUrl: closed.url, fetch, maxRetries: 2 });
    const error = await failure(transport.request({ method: 'POST', path: '/feed', form: { a: '1' } }));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(error).not.toBeInstanceOf(MonzoTimeoutError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(false);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(counter.calls).toBe(3);
  });

  it('reports a port that fetch refuses to connect to (bad port) as nothing sent, naming the port', async () => {
    const transport = createTransport({ apiUrl: 'http://127.0.0.1:1', maxRetries: 0 });
    const error = await failure(
      transport.request({ method: 'PUT', path: '/pots/p/deposit', form: { a: '1' } }),
    );
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(false);
    expect((error as Error).message).toContain('port 1,');
    expect((error as Error).message).not.toContain('may have reached Monzo');
  });

  it('does not retry a POST whose connection was reset after sending', async () => {
    const server = await serve((_, response) => {
      response.socket?.destroy();
    });
    const transport = createTransport({ apiUrl: server.url, maxRetries: 2 });
    const error = await failure(transport.request({ method: 'POST', path: '/webhooks', form: { url: 'x' } }));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(true);
    expect(server.hits()).toBe(1);
  });

  it('retries a GET whose connection was reset', async () => {
    const server = await serve((_, response) => {
      if (server.hits() < 3) response.socket?.destroy();
      else sendJson(response, 200, { accounts: [] });
    });
    const transport = createTransport({ apiUrl: server.url, maxRetries: 2 });
    await expect(transport.request({ method: 'GET', path: '/accounts' })).resolves.toEqual({ accounts: [] });
    expect(server.hits()).toBe(3);
  });

  it('times out a POST whose body stalls after the headers, and does not retry it', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"accounts":[');
    });
    const transport = createTransport({ apiUrl: server.url, timeoutMs: 150, maxRetries: 2 });
    const error = await failure(transport.request({ method: 'POST', path: '/feed', form: {} }));
    expect(error).toBeInstanceOf(MonzoTimeoutError);
    expect(server.hits()).toBe(1);
  });

  it('times out a GET whose body stalls, retries it, and returns the complete answer', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (server.hits() === 1) response.write('{"accounts":[');
      else response.end('{"accounts":[]}');
    });
    const transport = createTransport({ apiUrl: server.url, timeoutMs: 150, maxRetries: 1 });
    await expect(transport.request({ method: 'GET', path: '/accounts' })).resolves.toEqual({ accounts: [] });
    expect(server.hits()).toBe(2);
  });

  it('sends the path, query, form body and headers as given, under a base path', async () => {
    let seen: { method: string; url: URL; body: string; type: string | undefined } | undefined;
    const server = await serve((request, response) => {
      seen = {
        method: request.method,
        url: request.url,
        body: request.body,
        type: request.headers['content-type'],
      };
      sendJson(response, 200, {});
    });
    const transport = createTransport({ apiUrl: `${server.url}/v1/` });
    await transport.request({
      method: 'PATCH',
      path: '/transactions/tx_1',
      query: { 'expand[]': ['merchant'] },
      form: { 'metadata[foo]': 'bar' },
    });
    expect(seen?.method).toBe('PATCH');
    expect(seen?.url.pathname).toBe('/v1/transactions/tx_1');
    expect(seen?.url.search).toBe('?expand%5B%5D=merchant');
    expect(seen?.body).toBe('metadata%5Bfoo%5D=bar');
    expect(seen?.type).toBe('application/x-www-form-urlencoded');
  });
});
