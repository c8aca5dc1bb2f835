import { fail } from '../core/http.js';
import type { Bank } from './bank.js';
import { potJson } from './dataset.js';
import { potTransfer } from './kinds.js';

export type Direction = 'deposit' | 'withdraw';

/** A deposit or withdrawal as asked, its fields already present (the route checks that). */
export interface PotMove {
  direction: Direction;
  potId: string;
  /** `source_account_id` of a deposit, `destination_account_id` of a withdrawal. */
  accountId: string;
  /** As sent: a positive whole number is checked here. */
  amount: string;
  dedupeId: string;
  userId: string;
}

/** What a dedupe id was first used for: the same move again is a replay, anything else a misuse. */
interface DedupeRecord {
  direction: Direction;
  potId: string;
  accountId: string;
  amount: number;
}

const AMOUNT = /^[0-9]{1,15}$/;

/**
 * Moves money between an account and its pots, exactly once per `dedupe_id` (monzo-api.md §5.4, §5.5, §11): a replay
 * of the same move answers with the pot as it is now and moves nothing; the id reused for another move is a
 * 400. Each move creates the matching transaction on the account.
 */
export class PotMoves {
  readonly #bank: Bank;
  readonly #dedupe = new Map<string, DedupeRecord>();

  constructor(bank: Bank) {
    this.#bank = bank;
  }

  /** Applies a move and returns the pot as the API shows it; throws Monzo-shaped errors. */
  move(request: PotMove): Record<string, unknown> {
    const bank = this.#bank;
    const amount = AMOUNT.test(request.amount) ? Number(request.amount) : 0;
    if (amount <= 0)
      throw fail.badParam('amount', 'The amount must be a positive whole number of minor units');
    const pot = bank.pot(request.potId);
    if (!pot) throw fail.notFound('pot');
    if (!bank.ownsAccount(request.userId, pot.currentAccountId)) {
      throw fail.forbidden('forbidden.pot', 'This pot belongs to an account you cannot access');
    }
    const accountField = request.direction === 'deposit' ? 'source_account_id' : 'destination_account_id';
    if (!bank.ownsAccount(request.userId, request.accountId)) {
      throw fail.forbidden('forbidden.account', 'You cannot access this account');
    }
    if (request.accountId !== pot.currentAccountId) {
      throw fail.badParam(
        accountField,
        `Money can only move between a pot and its current account (${pot.currentAccountId})`,
      );
    }

    const previous = this.#dedupe.get(request.dedupeId);
    if (previous) {
      const same =
        previous.direction === request.direction &&
        previous.potId === pot.id &&
        previous.accountId === request.accountId &&
        previous.amount === amount;
      if (!same)
        throw fail.badParam('dedupe_id', 'This dedupe_id was already used for a different pot movement');
      return potJson(pot, bank.now());
    }

    // A deleted pot is still listed, so it is a bad request rather than an unknown object.
    if (pot.deleted) throw fail.badRequest('bad_request.pot_deleted', 'This pot has been deleted');
    const now = bank.now();
    if (request.direction === 'withdraw' && pot.lockedUntil !== undefined && now < pot.lockedUntil) {
      throw fail.forbidden(
        'forbidden.pot_locked',
        `This pot is locked until ${new Date(pot.lockedUntil).toISOString()}; withdraw in the Monzo app`,
      );
    }
    const ledger = bank.ledger(request.accountId);
    if (!ledger) throw fail.notFound('account');
    const available = request.direction === 'deposit' ? ledger.balance : pot.balance;
    if (available < amount) {
      throw fail.badRequest(
        'bad_request.insufficient_funds',
        `Insufficient funds: ${available} available, ${amount} requested`,
      );
    }

    const signed = request.direction === 'deposit' ? -amount : amount;
    pot.balance -= signed;
    pot.updated = now;
    this.#dedupe.set(request.dedupeId, {
      direction: request.direction,
      potId: pot.id,
      accountId: request.accountId,
      amount,
    });
    bank.record(ledger, (base) =>
      potTransfer({ ...base, userId: request.userId }, signed, pot.id, request.dedupeId),
    );
    return potJson(pot, now);
  }
}
