import { fail, MockHttpError } from '../core/http.js';
import type { AccessTokenInfo, RouteContext } from '../core/router.js';
import type { Ledger } from './ledger.js';

/** After approval, the full history is readable for this long (monzo-api.md §4.2). */
export const FULL_HISTORY_MS = 5 * 60_000;
/** Outside that window, only this far back (monzo-api.md §4.2). */
export const RECENT_HISTORY_MS = 90 * 86_400_000;

/** The caller's token; `approved` routes always have one, so its absence is the handler's bug, not the caller's. */
export function caller(context: RouteContext): AccessTokenInfo {
  if (!context.token) {
    throw new MockHttpError(
      401,
      'unauthorized.bad_access_token',
      'An access token is required',
      {},
      { error: 'invalid_token' },
    );
  }
  return context.token;
}

/**
 * The ledger of an account the caller owns. Any other account, unknown ones included, is a 403
 * `forbidden.account` (monzo-api.md §11), so that account ids of other users cannot be probed.
 */
export function ownedLedger(context: RouteContext, accountId: string): Ledger {
  const { bank } = context.world;
  const ledger = bank.ledger(accountId);
  if (!ledger || !bank.ownsAccount(caller(context).userId, accountId)) {
    throw fail.forbidden('forbidden.account', 'You cannot access this account');
  }
  return ledger;
}

/**
 * The SCA rule (monzo-api.md §4, §11): within 5 minutes of the in-app approval, the whole history; after that, only
 * requests bounded to the last 90 days. `oldest` is the earliest time the request reaches back to, or
 * `undefined` when it is unbounded (a list with no `since`).
 */
export function requireHistoryAccess(context: RouteContext, oldest: number | undefined): void {
  const token = caller(context);
  const now = context.world.clock.now();
  if (token.approvedAt !== undefined && now < token.approvedAt + FULL_HISTORY_MS) return;
  if (oldest !== undefined && oldest >= now - RECENT_HISTORY_MS) return;
  throw fail.forbidden('forbidden.verification_required', 'Verification required');
}
