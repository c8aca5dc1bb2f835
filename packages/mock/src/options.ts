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

export function resolveOptions(options: MockOptions): ResolvedOptions {
  const random = () => crypto.randomUUID().replace(/-/g, '');
  return {
    seed: options.seed ?? 1,
    transactions: options.transactions ?? DEFAULT_TRANSACTIONS,
    autoApprove: options.autoApprove ?? false,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    client: {
      clientId: options.clientId ?? `oauth2client_0000${random().slice(0, 18)}`,
      clientSecret: options.clientSecret ?? `mock_secret_${random()}`,
      redirectUris: options.redirectUris ?? [],
      confidential: true,
    },
    now: options.now ?? Date.now(),
    baseUrl: options.baseUrl ?? 'http://127.0.0.1',
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1_000, 2_000, 4_000, 8_000],
  };
}
