import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleText } from '../../test/support/fixtures.js';
import { exchange, firstResponse } from '../../test/support/raw-exchange.js';
import type { WebhookEvent } from './event.js';
import { createWebhookHandler, type WebhookHandler } from './handler.js';
import { toNodeListener } from './node.js';

const SECRET = 'node-adapter-secret-0123456789abcdef';
const EVENT = exampleText('webhook-transaction-created.event.json');
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

async function listen(
  listener: (request: IncomingMessage, response: import('node:http').ServerResponse) => void,
) {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function receiver(maxBodyBytes?: number) {
  const events: WebhookEvent[] = [];
  const handler = createWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      events.push(event);
    },
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  return { events, handler, listener: toNodeListener(handler) };
}

/** Reads a request's whole body, as a body parser does before the route runs. */
async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('toNodeListener', () => {
  it('serves the handler from node:http: the body, query and headers in, the status, headers and body out', async () => {
    const { events, listener } = receiver();
    const origin = await listen(listener);
    const answer = await fetch(`${origin}/monzo?secret=${SECRET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: EVENT,
    });
    expect([answer.status, await answer.text()]).toEqual([200, 'OK\n']);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(events).toEqual([JSON.parse(EVENT)]);

    const wrong = await fetch(`${origin}/monzo?secret=nope`, { method: 'POST', body: EVENT });
    expect(wrong.status).toBe(403);
    const get = await fetch(`${origin}/monzo?secret=${SECRET}`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect(events).toHaveLength(1);
  });

  it('answers 413 to a chunked body over the limit without reading the rest, and closes the connection', async () => {
    const { events, listener } = receiver(1_024);
    const origin = await listen(listener);
    const answer = await new Promise<{ status: number; connection: string | undefined }>((done, fail) => {
      const request = httpRequest(`${origin}/monzo?secret=${SECRET}`, { method: 'POST' }, (response) => {
        response.resume();
        done({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
      request.on('error', fail);
      // One chunk over the limit, and the request left open: the receiver must answer without its end.
      request.write('x'.repeat(4_096));
    });
    expect(answer).toEqual({ status: 413, connection: 'close' });
    expect(events).toEqual([]);
  });

  it('uses a body an Express-style parser already read: raw bytes, text, or parsed JSON', async () => {
    const { events, listener } = receiver();
    const parsers: Record<string, (bytes: Buffer) => unknown> = {
      raw: (bytes) => bytes,
      text: (bytes) => bytes.toString('utf8'),
      json: (bytes) => JSON.parse(bytes.toString('utf8')),
    };
    const origin = await listen(async (request, response) => {
      const parse = parsers[new URL(request.url ?? '/', 'http://x').searchParams.get('parser') ?? ''];
      if (parse) Object.assign(request, { body: parse(await readAll(request)) });
      listener(request, response);
    });
    for (const parser of Object.keys(parsers)) {
      const answer = await fetch(`${origin}/monzo?parser=${parser}&secret=${SECRET}`, {
        method: 'POST',
        body: JSON.stringify({ type: 'custom', data: { id: parser } }),
      });
      expect(answer.status).toBe(200);
    }
    expect(events.map((event) => event.data)).toEqual([{ id: 'raw' }, { id: 'text' }, { id: 'json' }]);
  });

  it('reads the stream when a parser left an unread {} behind (express.json() on another content type)', async () => {
    const { events, listener } = receiver();
    const origin = await listen((request, response) => {
      Object.assign(request, { body: {} });
      listener(request, response);
    });
    const answer = await fetch(`${origin}/monzo?secret=${SECRET}`, { method: 'POST', body: EVENT });
    expect(answer.status).toBe(200);
    expect(events).toEqual([JSON.parse(EVENT)]);
  });

  // Found by node.fuzz.test.ts: node:http passes `//[` on, and building the Request's URL from it threw (a 500).
  it('answers 400 to a request target that is no URL path, without calling the handler', async () => {
    const { events, listener } = receiver();
    const origin = await listen(listener);
    const { port } = new URL(origin);
    const raw = await exchange(
      Number(port),
      Buffer.from(
        `POST //[?secret=${SECRET} HTTP/1.1\r\nHost: x\r\nContent-Length: ${EVENT.length}\r\n\r\n${EVENT}`,
      ),
    );
    expect(firstResponse(raw, 'POST')?.status).toBe(400);
    expect(events).toHaveLength(0);
  });

  it('answers 500 when the handler itself fails', async () => {
    const failing: WebhookHandler = async () => {
      throw new Error('bug');
    };
    const origin = await listen(toNodeListener(failing));
    expect((await fetch(`${origin}/`, { method: 'POST', body: '{}' })).status).toBe(500);
  });
});
