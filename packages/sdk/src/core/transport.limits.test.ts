import type { ServerResponse } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoopbackHandler, startLoopback } from '../../test/support/loopback.js';
import { MonzoClient } from '../client.js';
import type { MonzoClientOptions } from '../config/options.js';
import { MonzoConfigError, MonzoResponseParseError } from './errors.js';

/** The limit on response bodies, over real sockets on 127.0.0.1: a body too large is never read whole. */

const MiB = 1024 * 1024;
const servers: Array<{ close: () => Promise<void> }> = [];

/** A server on 127.0.0.1; `hits` counts its requests, `closed` resolves when a response ends unfinished. */
async function serve(handler: LoopbackHandler) {
  let hits = 0;
  let hungUp: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    hungUp = resolve;
  });
  const server = await startLoopback((request, response) => {
    hits++;
    response.on('close', () => {
      if (!response.writableFinished) hungUp();
    });
    return handler(request, response);
  });
  servers.push(server);
  return { url: server.url, hits: () => hits, closed };
}

function client(url: string, options: Partial<MonzoClientOptions> = {}) {
  return new MonzoClient({ apiUrl: url, accessToken: 'tok_test', maxRetries: 2, ...options });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

/** `{"accounts":[` + `spaces` spaces + `]}`: valid JSON of any size, which gzip shrinks a thousandfold. */
function accountsWithSpaces(spaces: number): Buffer {
  return Buffer.concat([Buffer.from('{"accounts":['), Buffer.alloc(spaces, 0x20), Buffer.from(']}')]);
}

/** Spaces for ever, 64 kB at a time, until the reader stops. */
function endlessSpaces(): Readable {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

function sendGzip(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  response.end(gzipSync(body));
}

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('the limit on a response body', () => {
  it('counts a gzip body as inflated: a 16 MiB bomb is refused as a parse error that names the limit', async () => {
    const bomb = accountsWithSpaces(16 * MiB);
    const server = await serve((_, response) => sendGzip(response, 200, bomb));

    const error = await failure(client(server.url).accounts.list());

    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as Error).message).toContain('larger than the limit of 1048576 bytes');
    expect((error as MonzoResponseParseError).bodySnippet.startsWith('{"accounts":[')).toBe(true);
    expect(server.hits()).toBe(1);
  });

  it('stops reading an endless gzip stream once past the limit, and hangs up', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      // Torn down, every stream of it, when the client hangs up.
      pipeline(endlessSpaces(), createGzip(), response, () => {});
    });

    const error = await failure(client(server.url, { timeoutMs: 60_000 }).accounts.list());

    expect((error as Error).message).toContain('larger than the limit');
    await server.closed;
  });

  it('refuses a Content-Length far over the limit before reading the body, and hangs up', async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(10 * 1024 * MiB),
      });
      // A first bit of the body, then nothing: a reader that waits for the rest waits for ever.
      response.write('{"accounts":[');
    });

    const error = await failure(client(server.url, { timeoutMs: 2_000 }).accounts.list());

    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as Error).message).toContain('larger than the limit');
    await server.closed;
    expect(server.hits()).toBe(1);
  });

  it('does not fetch a too-large error body again: a 503 of 2 MiB is one request, not three', async () => {
    const server = await serve((_, response) => {
      response.writeHead(503, { 'Content-Type': 'text/html' });
      response.end(Buffer.alloc(2 * MiB, 0x61));
    });

    const error = await failure(client(server.url).accounts.list());

    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as MonzoResponseParseError).status).toBe(503);
    expect(server.hits()).toBe(1);
  });

  it('lets a page of transactions be larger than any other answer (maxPageBytes), and both are settable', async () => {
    const body = (key: string) =>
      JSON.stringify({ [key]: [{ id: 'tx_1', description: 'x'.repeat(2 * MiB) }] });
    const server = await serve((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body(request.url.pathname === '/transactions' ? 'transactions' : 'accounts'));
    });
    const monzo = client(server.url);

    await expect(monzo.transactions.list({ account_id: 'acc_1' })).resolves.toHaveLength(1);
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoResponseParseError);
    await expect(client(server.url, { maxResponseBytes: 4 * MiB }).accounts.list()).resolves.toHaveLength(1);
    await expect(
      client(server.url, { maxPageBytes: MiB }).transactions.list({ account_id: 'acc_1' }),
    ).rejects.toBeInstanceOf(MonzoResponseParseError);
  });

  it('makes a too-large 2xx of a pot move an outcome-unknown error with its dedupe id, not retried', async () => {
    const server = await serve((_, response) => sendGzip(response, 200, accountsWithSpaces(8 * MiB)));

    const error = await failure(
      client(server.url).pots.deposit('pot_1', {
        source_account_id: 'acc_1',
        amount: 100,
        dedupe_id: 'big-1',
      }),
    );

    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(error).toMatchObject({ outcomeUnknown: true, dedupeId: 'big-1' });
    expect(server.hits()).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN, '1024'])('refuses maxResponseBytes and maxPageBytes of %j', (value) => {
    const bad = value as number;
    expect(() => client('http://127.0.0.1:1', { maxResponseBytes: bad, maxPageBytes: bad })).toThrow(
      MonzoConfigError,
    );
    try {
      client('http://127.0.0.1:1', { maxResponseBytes: bad, maxPageBytes: bad });
    } catch (error) {
      expect((error as MonzoConfigError).problems).toEqual([
        'maxResponseBytes must be a whole number of bytes, 1 or more',
        'maxPageBytes must be a whole number of bytes, 1 or more',
      ]);
    }
  });
});
