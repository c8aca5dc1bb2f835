import { describe, expect, it } from 'vitest';
import { exampleText } from '../../test/support/fixtures.js';
import { MonzoConfigError } from '../core/errors.js';
import type { DedupeClaim, WebhookDedupeStore } from './dedupe.js';
import { isTransactionCreated, type WebhookEvent } from './event.js';
import { createWebhookHandler } from './handler.js';
import type { WebhookHandlerOptions, WebhookLogEvent } from './options.js';

const SECRET = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const URL_OK = `https://hooks.example/monzo?secret=${SECRET}`;
const EVENT = exampleText('webhook-transaction-created.event.json');
const EVENT_BYTES = new TextEncoder().encode(EVENT).byteLength;

function setup(options: Partial<WebhookHandlerOptions> = {}) {
  const events: WebhookEvent[] = [];
  const logs: Array<[string, WebhookLogEvent]> = [];
  const record = (message: string, event: WebhookLogEvent) => logs.push([message, event]);
  const handler = createWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      events.push(event);
    },
    logger: { warn: record, debug: record },
    ...options,
  });
  const post = (body: BodyInit | null, url = URL_OK, init: RequestInit = {}) =>
    handler(new Request(url, { method: 'POST', body, ...init }));
  return { handler, events, logs, post };
}

/** A stream of `chunks` with no Content-Length, as a chunked upload arrives. */
function chunked(...chunks: string[]): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[pulled++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
    },
    { highWaterMark: 0 },
  ); // no pull before someone reads
  return { body, pulled: () => pulled };
}

const txEvent = (id: string) =>
  JSON.stringify({ ...JSON.parse(EVENT), data: { ...JSON.parse(EVENT).data, id } });

describe('createWebhookHandler', () => {
  it('runs onEvent with the typed event and answers 200 once it resolved', async () => {
    let resolved = false;
    const { post, events } = setup({
      onEvent: async (event, delivery) => {
        await Promise.resolve();
        events.push(event);
        expect(new TextDecoder().decode(delivery.rawBody)).toBe(EVENT);
        expect(delivery.dedupeKey).toBe('transaction.created:tx_00008zjky19HyFLAzlUk7t');
        expect(delivery.headers.get('content-type')).toBe('application/json');
        resolved = true;
      },
    });
    const answer = await post(EVENT, URL_OK, { headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(resolved).toBe(true);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event && isTransactionCreated(event) && event.data.merchant?.name).toBe(
      'The De Beauvoir Deli Co.',
    );
  });

  it('refuses methods other than POST with 405 and Allow: POST', async () => {
    const { handler, events } = setup();
    for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
      const answer = await handler(new Request(URL_OK, { method }));
      expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST']);
    }
    expect(events).toEqual([]);
  });

  it('answers 401 without a secret and 403 with a wrong one, before reading the body', async () => {
    const { post, events, logs } = setup();
    const cases: Array<[string, number]> = [
      ['https://hooks.example/monzo', 401],
      ['https://hooks.example/monzo?token=x', 401],
      ['https://hooks.example/monzo?secret=', 403],
      [`https://hooks.example/monzo?secret=${SECRET.slice(0, -1)}`, 403],
      [`https://hooks.example/monzo?secret=${SECRET}0`, 403],
      [`https://hooks.example/monzo?secret=${SECRET.toUpperCase()}`, 403],
      [`https://hooks.example/monzo?secret=${SECRET}&secret=${SECRET}`, 403],
    ];
    for (const [url, status] of cases) {
      const stream = chunked(EVENT);
      const answer = await post(stream.body, url, { duplex: 'half' } as RequestInit);
      expect(answer.status).toBe(status);
      expect(stream.pulled()).toBe(0);
      expect(await answer.text()).not.toContain(SECRET);
    }
    expect(events).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
    expect(logs.map(([, event]) => event.outcome)).toEqual(cases.map(() => 'refused'));
  });

  it('reads the secret from the query parameter named by secretParam', async () => {
    const { post, events } = setup({ secretParam: 'key' });
    expect((await post(EVENT)).status).toBe(401);
    expect((await post(EVENT, `https://hooks.example/monzo?key=${SECRET}`)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('refuses a body over maxBodyBytes with 413: by its Content-Length, and by counting a chunked one', async () => {
    const { post, events } = setup({ maxBodyBytes: EVENT_BYTES - 1 });
    expect((await post(EVENT)).status).toBe(413); // a string body has a Content-Length
    const half = Math.floor(EVENT.length / 2);
    const stream = chunked(EVENT.slice(0, half), EVENT.slice(half), ' '.repeat(10_000), 'never read');
    const answer = await post(stream.body, URL_OK, { duplex: 'half' } as RequestInit);
    expect(answer.status).toBe(413);
    expect(stream.pulled()).toBe(2); // stopped at the chunk that went over, not at the end
    expect(events).toEqual([]);
    expect((await setup({ maxBodyBytes: EVENT_BYTES }).post(EVENT)).status).toBe(200);
  });

  it('answers 400 to a body that is not JSON or not an event, naming the problem but not the secret', async () => {
    const { post, events } = setup();
    for (const body of [
      'not json',
      '{"data": {}}',
      '{"type": "transaction.created", "data": {"id": "tx_1"}}',
      '',
    ]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      const text = await answer.text();
      expect(text).toMatch(/webhook|transaction/i);
      expect(text).not.toContain(SECRET);
    }
    expect(events).toEqual([]);
  });

  it('runs onEvent once for repeated deliveries of one event, and again for another transaction', async () => {
    const { post, events, logs } = setup();
    expect((await post(txEvent('tx_1'))).status).toBe(200);
    expect((await post(txEvent('tx_1'))).status).toBe(200);
    expect((await post(txEvent('tx_2'))).status).toBe(200);
    expect(events.map((event) => (event.data as { id: string }).id)).toEqual(['tx_1', 'tx_2']);
    expect(logs.map(([, event]) => event.outcome)).toEqual(['handled', 'duplicate', 'handled']);
  });

  it('answers 409 to a delivery of an event another delivery is still handling, so that Monzo retries it', async () => {
    let finish = () => {};
    const started: string[] = [];
    const { post } = setup({
      onEvent: (event) =>
        new Promise<void>((resolve) => {
          started.push(event.type);
          finish = resolve;
        }),
    });
    const first = post(txEvent('tx_1'));
    await waitUntil(() => started.length === 1);
    const second = await post(txEvent('tx_1'));
    expect(second.status).toBe(409);
    finish();
    expect((await first).status).toBe(200);
    expect(started).toHaveLength(1);
  });

  it('answers 500 when onEvent throws, gives its claim up, and handles the retry', async () => {
    let calls = 0;
    const { post, logs } = setup({
      onEvent: () => {
        calls++;
        if (calls === 1) throw new Error('database down');
      },
    });
    const failed = await post(txEvent('tx_1'));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('database down');
    expect((await post(txEvent('tx_1'))).status).toBe(200);
    expect((await post(txEvent('tx_1'))).status).toBe(200);
    expect(calls).toBe(2);
    expect(logs[0]?.[1]).toMatchObject({ status: 500, outcome: 'failed', reason: 'Error: database down' });
  });

  it('does not deduplicate events without a data.id, nor anything with dedupe: false', async () => {
    const ping = JSON.stringify({ type: 'ping', data: {} });
    const withoutIds = setup();
    await withoutIds.post(ping);
    await withoutIds.post(ping);
    expect(withoutIds.events).toHaveLength(2);
    const off = setup({ dedupe: false });
    await off.post(txEvent('tx_1'));
    await off.post(txEvent('tx_1'));
    expect(off.events).toHaveLength(2);
  });

  it('uses the dedupe store given, with the lease and retain times given', async () => {
    const calls: string[] = [];
    const owners: string[] = [];
    const released: string[] = [];
    const store: WebhookDedupeStore = {
      claim: async (key, leaseMs, owner) => {
        calls.push(`claim ${key} ${leaseMs}`);
        owners.push(owner);
        return 'claimed' satisfies DedupeClaim;
      },
      complete: async (key, retainMs) => {
        calls.push(`complete ${key} ${retainMs}`);
      },
      release: async (key, owner) => {
        calls.push(`release ${key}`);
        released.push(owner);
      },
    };
    const { post } = setup({ dedupe: store, leaseMs: 5_000, retainMs: 7_000 });
    await post(txEvent('tx_1'));
    expect(calls).toEqual(['claim transaction.created:tx_1 5000', 'complete transaction.created:tx_1 7000']);
    // Each delivery claims as itself, and releases (when onEvent throws) as itself.
    const failing = setup({ dedupe: store, onEvent: () => Promise.reject(new Error('down')) });
    await failing.post(txEvent('tx_2'));
    await post(txEvent('tx_3'));
    expect(new Set(owners).size).toBe(3);
    expect(released).toEqual([owners[1]]);
  });

  it('answers 503 when the dedupe store fails before onEvent, and 200 when it fails only to record', async () => {
    const broken = (failing: 'claim' | 'complete'): WebhookDedupeStore => ({
      claim: async () => {
        if (failing === 'claim') throw new Error('redis down');
        return 'claimed';
      },
      complete: async () => {
        throw new Error('redis down');
      },
      release: async () => {},
    });
    const before = setup({ dedupe: broken('claim') });
    expect((await before.post(txEvent('tx_1'))).status).toBe(503);
    expect(before.events).toEqual([]);
    const after = setup({ dedupe: broken('complete') });
    expect((await after.post(txEvent('tx_1'))).status).toBe(200);
    expect(after.events).toHaveLength(1);
  });

  it('checks its options up front with a MonzoConfigError listing every problem, never quoting the secret', () => {
    const onEvent = () => {};
    const problems = (options: unknown) => {
      try {
        createWebhookHandler(options as WebhookHandlerOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(MonzoConfigError);
        return (error as MonzoConfigError).problems;
      }
      throw new Error('accepted');
    };
    expect(problems({ secret: '', onEvent })).toEqual([expect.stringContaining('secret')]);
    expect(problems({ secret: '   ', onEvent })).toEqual([expect.stringContaining('secret')]);
    expect(problems({ onEvent })).toEqual([expect.stringContaining('secret')]);
    expect(problems({ secret: SECRET })).toEqual([expect.stringContaining('onEvent')]);
    const all = problems({
      secret: SECRET,
      onEvent,
      secretParam: '',
      maxBodyBytes: 0,
      leaseMs: -1,
      retainMs: 1.5,
      dedupe: {},
      logger: {},
    });
    expect(all).toHaveLength(6);
    expect(all.join('\n')).not.toContain(SECRET);
  });
});

/** Lets the event loop turn until `ready`: the handler's steps are promises, not timers. */
async function waitUntil(ready: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !ready(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(ready()).toBe(true);
}
