import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleJson } from '../../test/support/fixtures.js';
import { fuzz, fuzzTimeout } from '../../test/support/fuzz.js';
import { forwardCompatible, retyped } from '../../test/support/fuzz-answers.js';
import type { DedupeClaim, WebhookDedupeStore } from './dedupe.js';
import { parseWebhookEvent } from './event.js';
import { createWebhookHandler } from './handler.js';

/**
 * Whatever request reaches the webhook handler (any method, URL, secret, headers, body and size) and whatever
 * the application's callback and stores do, the handler answers with a Response whose status says what
 * happened; it never throws, and runs the callback only for a delivery it accepted.
 */

const EVENT = exampleJson('webhook-transaction-created.event.json');
const MAX_BODY = 2048;

const secret = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }).filter((text) => text.trim() !== ''),
  fc.constantFrom('a&b=c', 'with space', '%41', '+plus+', 'ünïcødé'),
);

/** How the delivery names the secret: right, wrong, missing, twice, or spelled another way. */
const secretInUrl = fc.oneof(
  { weight: 6, arbitrary: fc.constant('right') },
  { weight: 2, arbitrary: fc.constantFrom('wrong', 'missing', 'twice', 'prefix', 'other-param', 'empty') },
);

function urlFor(given: string, how: string, query: string): string {
  const params = new URLSearchParams(query);
  // Other parameters stay; one named `secret` is this case's to decide.
  params.delete('secret');
  if (how === 'right') params.append('secret', given);
  if (how === 'wrong') params.append('secret', `${given}x`);
  if (how === 'twice') {
    params.append('secret', given);
    params.append('secret', given);
  }
  if (how === 'prefix') params.append('secret', given.slice(0, -1));
  if (how === 'other-param') params.append('token', given);
  if (how === 'empty') params.append('secret', '');
  return `https://hooks.example/monzo?${params}`;
}

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constant('POST') },
  { weight: 2, arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post') },
  // Not the methods a Request refuses to carry.
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[A-Z]{1,10}$/)
      .filter((name) => !['CONNECT', 'TRACE', 'TRACK'].includes(name)),
  },
);

const eventText = fc.oneof(
  { weight: 3, arbitrary: forwardCompatible(EVENT).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: retyped(EVENT).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100, unit: 'binary' }) },
);

/** The body as bytes, and how it is sent: whole, in chunks, too large, or failing half-way. */
const body = fc.oneof(
  {
    weight: 6,
    arbitrary: eventText.map((text) => ({ bytes: new TextEncoder().encode(text), how: 'whole' as const })),
  },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes, how: 'whole' as const })),
  },
  {
    weight: 2,
    arbitrary: eventText.map((text) => ({ bytes: new TextEncoder().encode(text), how: 'chunked' as const })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_BODY + 1, max: MAX_BODY * 4 })
      .chain((size) =>
        fc
          .constantFrom('whole' as const, 'chunked' as const)
          .map((how) => ({ bytes: new Uint8Array(size).fill(123), how })),
      ),
  },
  {
    weight: 1,
    arbitrary: eventText.map((text) => ({
      bytes: new TextEncoder().encode(text).slice(0, MAX_BODY),
      how: 'broken' as const,
    })),
  },
);

type SentBody = { bytes: Uint8Array; how: 'whole' | 'chunked' | 'broken' };

function stream({ bytes, how }: SentBody): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (how === 'broken' && offset >= bytes.length / 2) {
        controller.error(new Error('the connection dropped'));
        return;
      }
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + 512));
      offset += 512;
    },
  });
}

/** What the application does: handle the event, throw, reject with a non-Error, or log with a broken logger. */
const callback = fc.constantFrom('resolves', 'throws', 'rejects-with-string', 'sync-throws');

/** The dedupe store: the default, none, one that fails at each step, or one that answers nonsense. */
const store = fc.constantFrom(
  'default',
  'none',
  'claim-fails',
  'complete-fails',
  'release-fails',
  'busy',
  'done',
);

function storeFor(kind: string): WebhookDedupeStore | false | undefined {
  if (kind === 'default') return undefined;
  if (kind === 'none') return false;
  const fails = (step: string) => async () => {
    if (kind === `${step}-fails`) throw new Error(`${step} failed`);
  };
  return {
    claim: async (): Promise<DedupeClaim> => {
      if (kind === 'claim-fails') throw new Error('claim failed');
      if (kind === 'busy' || kind === 'done') return kind;
      return 'claimed';
    },
    complete: fails('complete'),
    release: fails('release'),
  };
}

const RUNS = 3000;

describe('createWebhookHandler, whatever the request', () => {
  it(
    'always answers with the status that says what happened, and never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            secret,
            secretInUrl,
            query: fc.string({ maxLength: 20 }),
            method,
            body,
            callback,
            store,
          }),
          fc.boolean(),
          async (input, brokenLogger) => {
            let calls = 0;
            const handler = createWebhookHandler({
              secret: input.secret,
              maxBodyBytes: MAX_BODY,
              dedupe: storeFor(input.store),
              logger: brokenLogger
                ? {
                    warn: () => {
                      throw new Error('the logger failed');
                    },
                  }
                : { warn: () => {}, debug: () => {} },
              onEvent: (() => {
                calls++;
                if (input.callback === 'sync-throws') throw new TypeError('the application failed');
                if (input.callback === 'throws') return Promise.reject(new Error('the application failed'));
                if (input.callback === 'rejects-with-string') return Promise.reject('nope');
                return Promise.resolve();
              }) as () => Promise<void>,
            });
            const withBody = input.method.toUpperCase() !== 'GET' && input.method.toUpperCase() !== 'HEAD';
            const sent = input.body;
            const request = new Request(urlFor(input.secret, input.secretInUrl, input.query), {
              method: input.method,
              ...(withBody
                ? sent.how === 'whole'
                  ? { body: sent.bytes }
                  : ({ body: stream(sent), duplex: 'half' } as RequestInit)
                : {}),
            });

            const response = await handler(request);
            expect(response).toBeInstanceOf(Response);
            const expected = expectedOutcome({ ...input, method: request.method }, withBody);
            expect(response.status).toBe(expected.status);
            expect(calls).toBe(expected.runs ? 1 : 0);
            expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
          },
        ),
        fuzz(RUNS),
      );
    },
    fuzzTimeout(RUNS, 10),
  );
});

/** The status the handler's documented rules give for a delivery, and whether the callback runs. */
function expectedOutcome(
  input: { secretInUrl: string; method: string; body: SentBody; callback: string; store: string },
  withBody: boolean,
): { status: number; runs: boolean } {
  const refused = (status: number) => ({ status, runs: false });
  if (input.method !== 'POST') return refused(405);
  if (input.secretInUrl === 'missing' || input.secretInUrl === 'other-param') return refused(401);
  if (input.secretInUrl !== 'right') return refused(403);
  if (!withBody) return refused(400);
  if (input.body.bytes.length > MAX_BODY) return refused(413);
  if (input.body.how === 'broken') return refused(400);
  let deduped: boolean;
  try {
    const event = parseWebhookEvent(input.body.bytes);
    const data = event.data as { id?: unknown } | null;
    const id = typeof data === 'object' && data !== null && !Array.isArray(data) ? data.id : undefined;
    deduped = typeof id === 'string' && id !== '' && input.store !== 'none';
  } catch {
    return refused(400);
  }
  if (deduped && input.store === 'claim-fails') return refused(503);
  if (deduped && input.store === 'done') return refused(200);
  if (deduped && input.store === 'busy') return refused(409);
  return { status: input.callback === 'resolves' ? 200 : 500, runs: true };
}
