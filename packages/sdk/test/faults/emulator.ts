import { createMockMonzo, type MockMonzo, type MockOptions } from '../../../mock/src/index.js';
import type { RequestLogEvent } from '../../src/core/logger.js';

/** The origin an in-process emulator answers on; nothing resolves it. */
export const API_URL = 'http://monzo.test';

/**
 * An emulator in process, and a `fetch` over it that remembers every request still being handled. A request the
 * client gave up on (a timeout) still runs to its end inside the emulator, money and all; `settled()` waits for
 * those, so that the ledger is read only once nothing can change it any more.
 */
export function inProcessEmulator(options: MockOptions) {
  const mock: MockMonzo = createMockMonzo(options);
  const handling = new Set<Promise<unknown>>();
  const fetch: typeof globalThis.fetch = (input, init) => {
    const answer = mock.fetch(input, init);
    const done: Promise<unknown> = answer.then(
      () => handling.delete(done),
      () => handling.delete(done),
    );
    handling.add(done);
    return answer;
  };
  const settled = async () => {
    while (handling.size > 0) await Promise.all(handling);
  };
  return { mock, fetch, settled };
}

/** A deterministic PRNG (mulberry32): the same seed gives the same plan on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A logger that tallies the SDK's debug events: attempts, retries, and what each failed attempt met. */
export function tallyingLogger() {
  const tally = { attempts: 0, retries: 0, byOutcome: new Map<string, number>() };
  const bump = (key: string) => tally.byOutcome.set(key, (tally.byOutcome.get(key) ?? 0) + 1);
  const logger = {
    debug(_message: string, event: RequestLogEvent) {
      tally.attempts++;
      if (event.retryInMs !== undefined) tally.retries++;
      if (event.error) bump(event.status === undefined ? event.error : String(event.status));
    },
  };
  return { logger, tally };
}
