import { json, readForm, required } from '../core/http.js';
import type { Route } from '../core/router.js';
import { caller, ownedLedger } from './access.js';
import type { Direction } from './pot-moves.js';

/** Accounts, balance and pots (monzo-api.md §5.1 – §5.5): none of them limited by the SCA window. */
export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/accounts',
    access: 'approved',
    handle: (context) => {
      const type = context.url.searchParams.get('account_type') || undefined;
      return json({ accounts: context.world.bank.accounts(caller(context).userId, type) });
    },
  },
  {
    method: 'GET',
    path: '/balance',
    access: 'approved',
    handle: (context) => {
      const accountId = required(context.url.searchParams, 'account_id');
      ownedLedger(context, accountId);
      return json(context.world.bank.balance(accountId));
    },
  },
  {
    method: 'GET',
    path: '/pots',
    access: 'approved',
    handle: (context) => {
      const accountId = required(context.url.searchParams, 'current_account_id');
      ownedLedger(context, accountId);
      return json({ pots: context.world.bank.potsOf(accountId) });
    },
  },
  potMoveRoute('deposit'),
  potMoveRoute('withdraw'),
];

/** `PUT /pots/{id}/deposit` and `/withdraw` (form): the same fields but for which account the money uses. */
function potMoveRoute(direction: Direction): Route {
  const accountField = direction === 'deposit' ? 'source_account_id' : 'destination_account_id';
  return {
    method: 'PUT',
    path: `/pots/:pot_id/${direction}`,
    access: 'approved',
    handle: async (context) => {
      const form = await readForm(context.request);
      const move = {
        direction,
        potId: context.params.pot_id as string,
        accountId: required(form, accountField),
        amount: required(form, 'amount'),
        dedupeId: required(form, 'dedupe_id'),
        userId: caller(context).userId,
      };
      return json(context.world.bank.pots.move(move));
    },
  };
}
