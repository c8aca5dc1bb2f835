import { fail } from '../core/http.js';
import type { AccessTokenInfo, RouteContext } from '../core/router.js';

/** The caller's token; every extras route is `approved`, so the handler has checked it already. */
export function caller(context: RouteContext): AccessTokenInfo {
  if (!context.token)
    throw fail.forbidden('forbidden.insufficient_permissions', 'An approved access token is required');
  return context.token;
}

/** Refuses an account that is not the caller's with 403 `forbidden.account` (monzo-api.md §11). */
export function ownAccount(context: RouteContext, accountId: string): void {
  if (!context.world.bank.ownsAccount(caller(context).userId, accountId)) {
    throw fail.forbidden('forbidden.account', `The account ${accountId} is not yours`);
  }
}

/** 200 with no body at all, as `PUT /transaction-receipts` and a presigned upload answer. */
export function emptyOk(): Response {
  return new Response(null, { status: 200, headers: { 'Content-Length': '0' } });
}
