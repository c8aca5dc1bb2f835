import type {
  Account,
  Balance,
  ListTransactionsParams,
  Merchant,
  Pot,
  RequestOptions,
  Transaction,
  WhoAmI,
} from 'monzo-ts';

/**
 * What a sync asks of a client: a `MonzoClient` has all of it. Only the types of `monzo-ts` are used here, so
 * that an application that bundles its own copy of the SDK (as the `monzo` CLI does) loads no second one.
 */
export interface SyncClient {
  whoami(): Promise<Pick<WhoAmI, 'user_id'>>;
  accounts: { list(): Promise<Account[]> };
  pots: { list(current_account_id: string): Promise<Pot[]> };
  balance: { get(account_id: string): Promise<Balance> };
  transactions: {
    /** One page: what the windows of a first sync are walked with, each request on its own. */
    list(
      params: ListTransactionsParams & { expand: ['merchant'] },
      options?: RequestOptions,
    ): Promise<Transaction<Merchant>[]>;
    iterate(
      params: ListTransactionsParams & { expand: ['merchant'] },
    ): AsyncGenerator<Transaction<Merchant>, void, undefined>;
  };
}

const DAY_MS = 86_400_000;
/** Outside the 5 minutes after a login, Monzo shows only this far back. */
export const RECENT_DAYS = 90;
/**
 * The 90-day fallback starts this much later than exactly 90 days ago: Monzo's clock and this computer's differ
 * a little, and a `since` even a second too old is refused as a whole.
 */
const CLOCK_MARGIN_MS = 3_600_000;

/** The start of the last 90 days that Monzo surely still shows, by this computer's clock (an hour's margin). */
export function recentSince(now: Date): Date {
  return new Date(now.getTime() - RECENT_DAYS * DAY_MS + CLOCK_MARGIN_MS);
}

/**
 * Monzo's 403 for a range it shows only in the 5 minutes after a login (the SDK's `MonzoScaWindowError`),
 * known by its `type` rather than by class, so that it is recognised from any copy of the SDK.
 */
export function isScaWindowError(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'MonzoScaWindowError';
}

/** Any error of the SDK (`MonzoError` and its kinds), from any copy of it: an answer, or the lack of one. */
export function isMonzoError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return error instanceof Error && typeof type === 'string' && type.startsWith('Monzo');
}
