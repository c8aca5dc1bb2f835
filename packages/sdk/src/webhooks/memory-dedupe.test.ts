import { describe, expect, it } from 'vitest';
import { MonzoConfigError } from '../core/errors.js';
import { MemoryWebhookDedupe } from './memory-dedupe.js';

function withClock(maxEntries?: number) {
  let now = 1_000_000;
  const store = new MemoryWebhookDedupe({ now: () => now, ...(maxEntries ? { maxEntries } : {}) });
  return { store, advance: (ms: number) => (now += ms) };
}

describe('MemoryWebhookDedupe', () => {
  it('claims an event once; others see it busy while it is handled, then done once completed', async () => {
    const { store } = withClock();
    expect(await store.claim('transaction.created:tx_1', 1_000, 'd1')).toBe('claimed');
    expect(await store.claim('transaction.created:tx_1', 1_000, 'd1')).toBe('busy');
    expect(await store.claim('transaction.created:tx_2', 1_000, 'd1')).toBe('claimed');
    await store.complete('transaction.created:tx_1', 60_000);
    expect(await store.claim('transaction.created:tx_1', 1_000, 'd1')).toBe('done');
  });

  it('lets a claim lapse after its lease, so that a delivery whose handler died does not block retries', async () => {
    const { store, advance } = withClock();
    expect(await store.claim('k', 1_000, 'd1')).toBe('claimed');
    advance(999);
    expect(await store.claim('k', 1_000, 'd1')).toBe('busy');
    advance(1);
    expect(await store.claim('k', 1_000, 'd1')).toBe('claimed');
  });

  it('forgets a completed event after retainMs', async () => {
    const { store, advance } = withClock();
    await store.claim('k', 1_000, 'd1');
    await store.complete('k', 5_000);
    advance(4_999);
    expect(await store.claim('k', 1_000, 'd1')).toBe('done');
    advance(1);
    expect(await store.claim('k', 1_000, 'd1')).toBe('claimed');
  });

  it('release gives a claim up at once, but never forgets a completed event', async () => {
    const { store } = withClock();
    await store.claim('failed', 60_000, 'd1');
    await store.release('failed', 'd1');
    expect(await store.claim('failed', 60_000, 'd1')).toBe('claimed');
    await store.complete('failed', 60_000);
    await store.release('failed', 'd1');
    expect(await store.claim('failed', 60_000, 'd1')).toBe('done');
    await store.release('never-seen', 'd1');
    expect(store.size).toBe(1);
  });

  it('never releases a claim that another delivery made after its own lease lapsed', async () => {
    const { store, advance } = withClock();
    expect(await store.claim('k', 1_000, 'slow')).toBe('claimed');
    advance(1_000);
    expect(await store.claim('k', 60_000, 'retry')).toBe('claimed');
    // The slow delivery's onEvent throws at last: the retry, still running, keeps its claim.
    await store.release('k', 'slow');
    expect(await store.claim('k', 60_000, 'third')).toBe('busy');
    await store.release('k', 'retry');
    expect(await store.claim('k', 60_000, 'third')).toBe('claimed');
  });

  it('keeps at most maxEntries, forgetting the least recently seen first', async () => {
    const { store } = withClock(3);
    for (const key of ['a', 'b', 'c']) {
      await store.claim(key, 60_000, 'd1');
      await store.complete(key, 60_000);
    }
    expect(await store.claim('a', 60_000, 'd1')).toBe('done'); // a is now the most recently seen
    await store.claim('d', 60_000, 'd1'); // evicts b
    expect(store.size).toBe(3);
    expect(await store.claim('c', 60_000, 'd1')).toBe('done');
    expect(await store.claim('a', 60_000, 'd1')).toBe('done');
    expect(await store.claim('b', 60_000, 'd1')).toBe('claimed');
  });

  it('stays bounded under many events (default 10,000)', async () => {
    const store = new MemoryWebhookDedupe();
    for (let index = 0; index < 10_050; index++) await store.claim(`k${index}`, 60_000, 'd1');
    expect(store.size).toBe(10_000);
    expect(await store.claim('k10049', 60_000, 'd1')).toBe('busy');
    expect(await store.claim('k0', 60_000, 'd1')).toBe('claimed');
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses maxEntries %s with a MonzoConfigError', (maxEntries) => {
    expect(() => new MemoryWebhookDedupe({ maxEntries })).toThrow(MonzoConfigError);
  });
});
