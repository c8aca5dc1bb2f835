import type { Merchant, Transaction } from 'monzo-ts';

/**
 * The spare change of a payment, in pence: what rounds it up to the next pound. Only card payments out of the
 * account in pounds count; declined ones moved no money, and transfers (no merchant) are not spending.
 *
 * @example roundUp({ amount: -1234, currency: 'GBP', merchant, … }) // 66
 */
export function roundUp(transaction: Transaction<Merchant | string>): number {
  const { amount, currency, merchant, decline_reason } = transaction;
  if (amount >= 0 || currency !== 'GBP' || !merchant || decline_reason) return 0;
  return (100 - (-amount % 100)) % 100;
}
