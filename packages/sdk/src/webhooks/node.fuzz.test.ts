import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleText } from '../../test/support/fixtures.js';
import { fuzz, fuzzTimeout } from '../../test/support/fuzz.js';
import { chunked, exchange, firstResponse } from '../../test/support/raw-exchange.js';
import { createWebhookHandler } from './handler.js';
import { toNodeListener } from './node.js';

/**
 * The webhook handler behind `node:http`, sent raw requests: whatever the request line, headers and body, the
 * answer is one of the handler's documented statuses, well-formed, and the server keeps serving.
 */

const SECRET = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const EVENT = exampleText('webhook-transaction-created.event.json');
let port = 0;
const server = createServer(
  toNodeListener(
    createWebhookHandler({ secret: SECRET, onEvent: () => {}, maxBodyBytes: 4096, dedupe: false }),
  ),
);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const target = fc.oneof(
  fc.constantFrom(
    `/monzo?secret=${SECRET}`,
    `//monzo?secret=${SECRET}`,
    `/?secret=${SECRET}&secret=x`,
    '/monzo',
    '*',
  ),
  fc.constantFrom(
    `http://elsewhere.test/monzo?secret=${SECRET}`,
    `//[?secret=${SECRET}`,
    `/%zz?secret=${SECRET}`,
  ),
  fc
    .stringMatching(/^\/[!-~]{0,30}$/)
    .map((path) => `${path}${path.includes('?') ? '&' : '?'}secret=${SECRET}`),
);

const body = fc.oneof(
  fc.constant(EVENT),
  fc.string({ maxLength: 100 }),
  fc.constant('x'.repeat(5000)),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const RUNS = 600;

describe('toNodeListener over a socket, whatever it is sent', () => {
  it(
    'answers with one of the handler’s statuses, never a 500 while onEvent succeeds, and keeps serving',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS', 'HEAD', 'DELETE'),
          target,
          body,
          fc.constantFrom('length', 'chunked', 'none'),
          async (method, path, text, framing) => {
            const bytes = Buffer.from(text, 'latin1');
            const head = [
              `${method} ${path} HTTP/1.1`,
              'Host: hooks.example',
              'Content-Type: application/json',
            ];
            if (framing === 'length') head.push(`Content-Length: ${bytes.length}`);
            if (framing === 'chunked') head.push('Transfer-Encoding: chunked');
            const sent =
              framing === 'chunked' ? chunked(bytes) : framing === 'length' ? bytes : Buffer.alloc(0);
            const raw = await exchange(
              port,
              Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), sent]),
            );
            const response = firstResponse(raw, method);
            if (!response)
              throw new Error(`no answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
            // 400 from node:http itself for a request line it cannot read; the rest are the handler's.
            expect([200, 400, 401, 403, 405, 413]).toContain(response.status);
          },
        ),
        fuzz(RUNS),
      );
      const still = await exchange(
        port,
        Buffer.from(
          `POST /?secret=${SECRET} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(EVENT)}\r\n\r\n${EVENT}`,
        ),
      );
      expect(firstResponse(still, 'POST')?.status).toBe(200);
    },
    fuzzTimeout(RUNS, 30),
  );
});
