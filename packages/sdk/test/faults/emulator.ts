import { sequence } from '../../../mock/src/core/random.js';
import { type MockServer, type StartMockServerOptions, startMockServer } from '../../../mock/src/index.js';
import { serveWorld } from '../../../mock/src/infra/server.js';
import { World } from '../../../mock/src/world.js';
import type { RequestLogEvent } from '../../src/core/logger.js';

/**
 * The emulator on a loopback socket, closed after the test. Faults are real: resets are TCP resets, and a request
 * the client timed out on still runs to its end inside the emulator, money and all; `settled()` waits for those,
 * so that the ledger is read only once nothing can change it any more.
 */
export async function socketEmulator(options: StartMockServerOptions) {
  const mock: MockServer = await startMockServer(options);
  return { mock, settled: () => mock.control.idle(), close: () => mock.close() };
}

/**
 * The same, with the emulator's world at hand, for state that neither the API nor the control shows (feed
 * items: Monzo has no endpoint to read them back).
 */
export async function socketWorld(options: StartMockServerOptions) {
  const world = new World(options);
  const mock: MockServer = await serveWorld(world);
  return { mock, world, settled: () => mock.control.idle(), close: () => mock.close() };
}

/** A deterministic PRNG (the emulator's own mulberry32): the same seed gives the same plan on every run. */
export const seededRandom = sequence;

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
