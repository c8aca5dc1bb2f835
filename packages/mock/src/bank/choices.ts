import { hash } from '../core/random.js';
import type { Counterparty } from './kinds.js';

export type { Counterparty };

/** What a generated transaction is. */
export type Kind = 'card' | 'declined' | 'topup' | 'fps' | 'pot' | 'balance';

export const DECLINE_REASONS = [
  'INSUFFICIENT_FUNDS',
  'CARD_INACTIVE',
  'CARD_BLOCKED',
  'INVALID_CVC',
  'OTHER',
  'INVALID_PIN',
];
export const REFERENCES = [
  'RENT SHARE',
  'DINNER',
  'Thanks!',
  'TICKETS',
  'BIRTHDAY',
  'PETROL MONEY',
  'HOLIDAY SHARE',
];
export const FRIENDS = ['John Smith', 'Aisha Begum', 'Liam Walsh', 'Sofia Rossi', 'Ben Carter'];
const EMPLOYER: Omit<Counterparty, 'anonUserId'> = {
  name: 'ACME LTD',
  accountNumber: '31926819',
  sortCode: '200000',
};
const LANDLORD: Omit<Counterparty, 'anonUserId'> = {
  name: 'Kensington Lettings',
  accountNumber: '55779911',
  sortCode: '309634',
};

/**
 * One transaction's choices as plain values (indices into the account's lists), filled in place by
 * `TransactionGenerator.draw`: the object path (`build`) and the JSON writer (`json-writer.ts`) both start from
 * it, so they cannot disagree on what a transaction is, and deriving one allocates nothing.
 */
export class Draw {
  kind: Kind = 'card';
  /** The halves of the check ending the id (see `transactionTail`). */
  checkA = 0;
  checkB = 0;
  amount = 0;
  created = 0;
  /** Epoch ms; `undefined` when there is none (`settled: ""`): pending or declined. */
  settled: number | undefined = undefined;
  /** Authorised, not yet cleared: the last few card payments. */
  pending = false;
  /** Into the account's owners. */
  owner = 0;
  /** Into the merchants (card payments). */
  merchant = 0;
  /** Into the custom categories, or -1 for the merchant's own. */
  custom = -1;
  /** Into `DECLINE_REASONS` (declined). */
  reason = 0;
  /** Into the account's pots (pot transfers). */
  pot = 0;
  /** Into the friends (Faster Payments). */
  friend = 0;
  /** Into `REFERENCES` (Faster Payments). */
  reference = 0;
}

/** The counterparties of Faster Payments, anonymised ids and all, worked out once per generator. */
export interface Parties {
  friends: Counterparty[];
  employer: Counterparty;
  landlord: Counterparty;
}

/** The counterparties of Faster Payments, anonymised ids and all. */
export interface Parties {
  friends: Counterparty[];
  employer: Counterparty;
  landlord: Counterparty;
}

/** The counterparties for a seed, worked out once per generator rather than for each transaction. */
export function partiesOf(seed: number): Parties {
  return {
    friends: FRIENDS.map((name) => {
      const anonUserId = anonymous(seed, name);
      const accountNumber = String(
        10_000_000 + (hash(seed, anonUserId.length, name.charCodeAt(0)) % 90_000_000),
      );
      return { name, accountNumber, sortCode: '987654', anonUserId };
    }),
    employer: { ...EMPLOYER, anonUserId: anonymous(seed, EMPLOYER.name) },
    landlord: { ...LANDLORD, anonUserId: anonymous(seed, LANDLORD.name) },
  };
}

/** A counterparty's anonymised user id (`anonuser_…`, as observed): the same for the same name and seed. */
function anonymous(seed: number, name: string): string {
  let h = seed;
  for (let k = 0; k < name.length; k++) h = hash(h, name.charCodeAt(k));
  return `anonuser_${h.toString(16).padStart(8, '0')}a89b123456cd7e8`;
}
