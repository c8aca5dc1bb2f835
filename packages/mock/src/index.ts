import { createControl, type MockControl } from './control.js';
import { asFetch } from './core/fetch.js';
import { createHandler } from './core/handle.js';
import type { MockOptions } from './options.js';
import { World } from './world.js';

/** An emulator in process: what `createMockMonzo` returns. */
export interface MockMonzo {
  /** The emulator's core: a Monzo request in, a response out. */
  handle: (request: Request) => Promise<Response>;
  /** The same core as a `fetch`, for in-process clients: `new MonzoClient({ fetch: mock.fetch, … })`. */
  fetch: typeof fetch;
  /** Steers the emulator: approve logins, move the clock, create transactions, inject faults. */
  control: MockControl;
  /** The OAuth client that may log in. */
  clientId: string;
  /** That client's secret. */
  clientSecret: string;
}

/**
 * An emulator in process, with no socket.
 *
 * @example
 * const mock = createMockMonzo({ autoApprove: true });
 * const monzo = new MonzoClient({ apiUrl: 'http://monzo.test', fetch: mock.fetch, … });
 */
export function createMockMonzo(options: MockOptions = {}): MockMonzo {
  const world = new World(options);
  const handle = createHandler(world);
  return {
    handle,
    fetch: asFetch(handle),
    control: createControl(world),
    clientId: world.options.client.clientId,
    clientSecret: world.options.client.clientSecret,
  };
}

export type { CreateTransactionInput, DatasetSummary, SettleTransactionInput } from './bank/bank-types.js';
export { submitConsent } from './consent.js';
export type { MockControl } from './control.js';
/** The `monzo-mock` command line, for tools that run the emulator with the same flags (`monzo mock`). */
export { type CliConfig as MockCliConfig, DEFAULT_PORT, parseCli as parseMockCli } from './infra/cli-args.js';
export type { CounterSnapshot } from './infra/counters.js';
export type { FaultRule } from './infra/faults.js';
export type { RateLimitConfig } from './infra/rate-limit.js';
export { type MockServer, type StartMockServerOptions, startMockServer } from './infra/server.js';
export type { MockClientRegistration, MockOptions } from './options.js';
export {
  IN_PROCESS_URL,
  type SignedInTokens,
  type SignInOptions,
  type SignInTarget,
  signIn,
} from './sign-in.js';
