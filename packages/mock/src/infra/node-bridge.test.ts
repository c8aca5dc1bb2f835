import { afterEach, describe, expect, it } from 'vitest';
import { exchange, firstResponse } from '../../../sdk/test/support/raw-exchange.js';
import { type MockServer, startMockServer } from '../index.js';

// Both found by server.fuzz.test.ts.

const servers: MockServer[] = [];

async function start(): Promise<{ mock: MockServer; port: number }> {
  const mock = await startMockServer({ transactions: 5 });
  servers.push(mock);
  return { mock, port: Number(new URL(mock.url).port) };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((mock) => mock.close()));
});

async function stillServing(mock: MockServer): Promise<void> {
  expect((await fetch(`${mock.url}/_mock/time`)).status).toBe(200);
}

describe('the socket server’s reading of requests', () => {
  // The request's end reached a body stream already cancelled by the 413: `close()` threw inside an event
  // listener, an uncaught exception that ended the process (vitest reports it as an unhandled error).
  it('refuses a whole chunked body just over 1 MB with a 413, and nothing throws after it', async () => {
    const { mock, port } = await start();
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    const body = 'a'.repeat(1024 * 1024 + 10);
    const raw = await exchange(
      port,
      Buffer.from(
        'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
          `Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
    );
    expect(firstResponse(raw, 'POST')?.status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('uncaughtException', record);
    expect(uncaught).toEqual([]);
    await stillServing(mock);
  });

  // node:http gives CONNECT to no request listener: the connection was dropped without an answer, and one
  // with a body left unread stayed open, so that close() never resolved.
  it('answers CONNECT with a 400 in Monzo’s shape, whatever follows it, and close() still resolves', async () => {
    const { mock, port } = await start();
    const raw = await exchange(
      port,
      Buffer.from(
        `CONNECT /ping/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n${'a'.repeat(200_000)}`,
      ),
    );
    const response = firstResponse(raw, 'CONNECT');
    expect(response?.status).toBe(400);
    expect(JSON.parse(response?.body.toString() ?? '')).toEqual({
      code: 'bad_request.bad_request_line',
      message: 'Cannot handle CONNECT /ping/whoami',
      retryable: {},
    });
    await stillServing(mock);
    await mock.close();
  });
});
