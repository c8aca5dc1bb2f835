import { fixedResponse } from '../core/fixed-response.js';
import { fail, json, readForm, required } from '../core/http.js';
import type { Route, RouteContext } from '../core/router.js';
import { caller, ownedLedger, requireHistoryAccess } from './access.js';
import type { Ledger } from './ledger.js';
import { expandsMerchant, looksLikeTime, parseLimit, parseTime } from './query.js';

/** Transactions (monzo-api.md §5.6 – §5.8, §7): paged by position, never by scanning the history. */
export const transactionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/transactions',
    access: 'approved',
    handle: (context) => {
      const query = context.url.searchParams;
      const ledger = ownedLedger(context, required(query, 'account_id'));
      const limit = parseLimit(query.get('limit'));
      const since = query.get('since') || undefined;
      const before = query.get('before') || undefined;

      // `since`: a time is inclusive, an id exclusive; `before` is exclusive (monzo-api.md §11).
      let start = 0;
      let oldest: number | undefined;
      if (since !== undefined && looksLikeTime(since)) {
        oldest = parseTime('since', since);
        start = ledger.lowerBound(oldest);
      } else if (since !== undefined) {
        const found = context.world.bank.locate(since);
        if (!found || found.ledger !== ledger) {
          throw fail.badParam(
            'since',
            `The field 'since' must be a time or the id of a transaction of this account`,
          );
        }
        start = found.position + 1;
        oldest = ledger.createdAt(found.position);
      }
      let end = ledger.total;
      if (before !== undefined) {
        const time = parseTime('before', before);
        end = ledger.lowerBound(time);
        // A window that closes before the last 90 days reaches back beyond them, whatever its start.
        if (oldest !== undefined) oldest = Math.min(oldest, time);
      }
      requireHistoryAccess(context, oldest);

      const expand = expandsMerchant(query);
      const { bank } = context.world;
      const page = bank.renderPage(ledger, start, Math.max(start, Math.min(end, start + limit)), expand);
      return jsonText(page, () => bank.releasePage(page));
    },
  },
  {
    method: 'GET',
    path: '/transactions/:transaction_id',
    access: 'approved',
    handle: (context) => {
      const { ledger, position } = ownedTransaction(context);
      requireHistoryAccess(context, ledger.createdAt(position));
      const text = context.world.bank.render(ledger, position, expandsMerchant(context.url.searchParams));
      return jsonText(`{"transaction":${text}}`);
    },
  },
  {
    method: 'PATCH',
    path: '/transactions/:transaction_id',
    access: 'approved',
    handle: async (context) => {
      const form = await readForm(context.request);
      const { ledger, position } = ownedTransaction(context);
      const id = ledger.at(position, context.world.clock.now()).id;
      const changes: Array<[string, string]> = [];
      for (const [name, value] of form) {
        // `metadata%5Bkey%5D` and `metadata[key]` both arrive here decoded as `metadata[key]`. A key is any
        // text (monzo-api.md §5.8), line breaks included: hence `s`, or `.` would drop such a key without a word.
        const key = /^metadata\[(.+)\]$/s.exec(name)?.[1];
        if (key !== undefined) changes.push([key, value]);
      }
      return json({ transaction: context.world.bank.annotate(id, changes) });
    },
  },
];

/** The transaction named by the path, if it is one of the caller's; 404 unknown, 403 someone else's. */
function ownedTransaction(context: RouteContext): { ledger: Ledger; position: number } {
  const { bank } = context.world;
  const found = bank.locate(context.params.transaction_id as string);
  if (!found) throw fail.notFound('transaction');
  if (!bank.ownsAccount(caller(context).userId, found.ledger.account.id)) {
    throw fail.forbidden('forbidden.transaction', 'This transaction belongs to an account you cannot access');
  }
  return found;
}

/** A JSON answer from text already serialised (a page's bytes, a transaction's text), sent without a copy. */
function jsonText(text: string | Uint8Array<ArrayBuffer>, release?: () => void): Response {
  return fixedResponse(
    text,
    { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    release,
  );
}
