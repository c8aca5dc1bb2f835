import { path, requireId } from '../core/encode.js';
import { anObject, listIn } from '../core/shape.js';
import { requireAmount } from '../core/validate.js';
import type { Pot } from '../models/pot.js';
import { type RequestOptions, Resource } from './resource.js';

/** What `pots.deposit` sends. */
export interface PotDepositParams {
  source_account_id: string;
  /** Positive, in minor units. */
  amount: number;
  /** Idempotency key; generated once per call when left out, and sent unchanged on every retry. */
  dedupe_id?: string;
}

/** What `pots.withdraw` sends. */
export interface PotWithdrawParams {
  destination_account_id: string;
  /** Positive, in minor units. */
  amount: number;
  /** Idempotency key; generated once per call when left out, and sent unchanged on every retry. */
  dedupe_id?: string;
}

/** `monzo.pots`: list pots and move money in and out, each move exactly once. */
export class Pots extends Resource {
  /** Lists the pots of a current account, deleted ones included (`deleted: true`). */
  async list(current_account_id: string, options?: RequestOptions): Promise<Pot[]> {
    const response = await this.transport.request<{ pots: Pot[] }>({
      ...options,
      method: 'GET',
      path: '/pots',
      shape: listIn('pots'),
      query: { current_account_id: requireId('current_account_id', current_account_id) },
    });
    return response.pots;
  }

  /**
   * Moves money from an account into a pot, exactly once even when retried.
   *
   * @example await monzo.pots.deposit(pot.id, { source_account_id: account.id, amount: 1000 }); // £10.00
   */
  async deposit(pot_id: string, params: PotDepositParams, options?: RequestOptions): Promise<Pot> {
    return this.move(
      pot_id,
      'deposit',
      {
        source_account_id: requireId('source_account_id', params.source_account_id),
        amount: requireAmount('amount', params.amount),
        dedupe_id: dedupeId(params.dedupe_id),
      },
      options,
    );
  }

  /** Moves money from a pot back to an account, exactly once even when retried. */
  async withdraw(pot_id: string, params: PotWithdrawParams, options?: RequestOptions): Promise<Pot> {
    return this.move(
      pot_id,
      'withdraw',
      {
        destination_account_id: requireId('destination_account_id', params.destination_account_id),
        amount: requireAmount('amount', params.amount),
        dedupe_id: dedupeId(params.dedupe_id),
      },
      options,
    );
  }

  private move(
    pot_id: string,
    direction: 'deposit' | 'withdraw',
    form: Record<string, string | number>,
    options?: RequestOptions,
  ): Promise<Pot> {
    return this.transport.request<Pot>({
      ...options,
      method: 'PUT',
      path:
        direction === 'deposit'
          ? path`/pots/${requireId('pot_id', pot_id)}/deposit`
          : path`/pots/${requireId('pot_id', pot_id)}/withdraw`,
      form,
      shape: anObject,
      // The dedupe_id makes a repeat harmless: Monzo moves the money once per id.
      idempotent: true,
      ifUnknown: {
        advice:
          `The money may or may not have moved: send the same ${direction} again with dedupe_id ` +
          `${form.dedupe_id} (Monzo moves money at most once per dedupe_id), then read the pot's balance.`,
        dedupeId: String(form.dedupe_id),
      },
    });
  }
}

function dedupeId(given: string | undefined): string {
  return given === undefined ? crypto.randomUUID() : requireId('dedupe_id', given);
}
