import { LATEST_TIME } from './core/clock.js';

/** A registered OAuth client. */
export interface MockClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Allowed redirect URIs; when empty, any loopback `http` URI is accepted. */
  redirectUris?: string[];
  /** Confidential clients get refresh tokens (default true). */
  confidential?: boolean;
}

/** How the emulator starts: its data, its clock, its client and how strict its login is. */
export interface MockOptions {
  /** Seeds the dataset; the same seed gives the same accounts, pots and transactions (default 1). */
  seed?: number;
  /** Transactions generated per open account (default 300; 1,000,000 works). */
  transactions?: number;
  /** Approve every login at once, and skip the consent page (default false). */
  autoApprove?: boolean;
  /** Access token lifetime in seconds (default 21 600, as Monzo's docs). */
  tokenTtlSeconds?: number;
  /** The client that may log in; generated when absent. */
  clientId?: string;
  clientSecret?: string;
  /** Allowed redirect URIs for that client; when empty, any loopback `http` URI is accepted. */
  redirectUris?: string[];
  /** Where the clock starts (epoch ms); the dataset ends there. Default: now. */
  now?: number;
  /** Base URL the emulator is reachable at (for upload URLs); set by `startMockServer`. */
  baseUrl?: string;
  /** Webhook retry delays in ms (default 1 s, 2 s, 4 s, 8 s: 5 attempts in all). */
  webhookRetryDelaysMs?: number[];
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  seed: number;
  transactions: number;
  autoApprove: boolean;
  tokenTtlSeconds: number;
  client: Required<MockClientRegistration>;
  now: number;
  baseUrl: string;
  webhookRetryDelaysMs: number[];
}

export const DEFAULT_TRANSACTIONS = 300;
export const DEFAULT_TOKEN_TTL_SECONDS = 21_600;

/** What each number of `MockOptions` may be, the same as the `monzo-mock` flags that set it. */
export const OPTION_RANGES = {
  seed: { min: -(2 ** 31), max: 2 ** 32 - 1 },
  transactions: { min: 0, max: 100_000_000 },
  tokenTtlSeconds: { min: 1, max: 10 * 365 * 86_400 },
  // The seeded data reaches about seven years before `now`: it must begin in a year RFC 3339 can write.
  now: { min: Date.parse('0010-01-01T00:00:00.000Z'), max: LATEST_TIME },
  // setTimeout's longest delay; a longer one fires at once.
  webhookRetryDelayMs: { min: 0, max: 2 ** 31 - 1 },
} as const;

/**
 * Options with every default filled in. A number out of its range (NaN, Infinity, 1.5 where a whole number is
 * needed, a `now` the emulator cannot write) is refused here with a `RangeError` that gives the range, rather
 * than breaking requests later.
 */
export function resolveOptions(options: MockOptions): ResolvedOptions {
  const random = () => crypto.randomUUID().replace(/-/g, '');
  const delays = options.webhookRetryDelaysMs ?? [1_000, 2_000, 4_000, 8_000];
  if (!Array.isArray(delays)) throw new TypeError('webhookRetryDelaysMs must be an array of milliseconds');
  return {
    seed: whole('seed', options.seed ?? 1),
    transactions: whole('transactions', options.transactions ?? DEFAULT_TRANSACTIONS),
    autoApprove: options.autoApprove ?? false,
    tokenTtlSeconds: whole('tokenTtlSeconds', options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS),
    client: {
      clientId: options.clientId ?? `oauth2client_0000${random().slice(0, 18)}`,
      clientSecret: options.clientSecret ?? `mock_secret_${random()}`,
      redirectUris: options.redirectUris ?? [],
      confidential: true,
    },
    now: whole('now', options.now ?? Date.now()),
    baseUrl: options.baseUrl ?? 'http://127.0.0.1',
    webhookRetryDelaysMs: delays.map((delay) => whole('webhookRetryDelayMs', delay)),
  };
}

function whole(name: keyof typeof OPTION_RANGES, value: unknown): number {
  const { min, max } = OPTION_RANGES[name];
  const label = name === 'webhookRetryDelayMs' ? 'each of webhookRetryDelaysMs' : name;
  if (typeof value !== 'number') throw new TypeError(`${label} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const shown =
      name === 'now'
        ? `${new Date(min).toISOString()} to ${new Date(max).toISOString()} (epoch ms)`
        : `${min} to ${max}`;
    throw new RangeError(`${label} must be a whole number from ${shown}, got ${value}`);
  }
  return value;
}
