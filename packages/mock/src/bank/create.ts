import { fail } from '../core/http.js';
import type { CreateTransactionInput } from './bank-types.js';
import { cardPayment, fasterPayment, type TransactionBase } from './kinds.js';
import type { CatalogueMerchant } from './merchants.js';
import type { TransactionFields } from './shape.js';

const FRIEND = {
  name: 'John Smith',
  accountNumber: '12345678',
  sortCode: '987654',
  anonUserId: 'anonuser_1234567a89b123456cd7e8',
};

/** Refuses an input `createTransaction` cannot make a transaction of. */
export function checkCreateInput(input: CreateTransactionInput): void {
  if (typeof input.amount !== 'number' || !Number.isSafeInteger(input.amount)) {
    throw fail.badParam('amount', 'The amount must be a whole number of minor units');
  }
}

/**
 * The fields of a transaction made by `createTransaction`: a card payment at `merchant` (pending, as a new card
 * payment is), or a Faster Payment in or out with `merchant: false`; then the input's overrides.
 */
export function createdFields(
  base: TransactionBase,
  input: CreateTransactionInput,
  merchant: CatalogueMerchant,
  cardId: string,
): TransactionFields {
  const { amount } = input;
  const declineReason = input.decline_reason || undefined;
  const fields =
    input.merchant === false
      ? fasterPayment(base, amount, FRIEND, amount >= 0 ? 'Money in' : 'Money out')
      : cardPayment({ ...base, settled: undefined }, merchant, amount, { cardId, declineReason });
  if (input.category) {
    fields.category = input.category;
    fields.categories = { [input.category]: amount };
  }
  if (input.description !== undefined) {
    fields.description = input.description;
    if (input.merchant === false) fields.notes = input.description;
  }
  if (input.currency) fields.localCurrency = input.currency;
  if (declineReason !== undefined) {
    // Declined: listed and delivered, never settled, not spending, not in the balance.
    fields.declineReason = declineReason;
    fields.settled = undefined;
    fields.includeInSpending = false;
    fields.amountIsPending = false;
  }
  return fields;
}
