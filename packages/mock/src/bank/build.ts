import type { MockTransaction } from './bank-types.js';
import { type Counterparty, DECLINE_REASONS, type Draw, type Parties, REFERENCES } from './choices.js';
import type { GeneratorConfig } from './generator-config.js';
import { TX_PREFIX, transactionTail } from './ids.js';
import { cardPayment, fasterPayment, potTransfer, type TransactionBase, topUp } from './kinds.js';
import type { CatalogueMerchant } from './merchants.js';
import { transactionShape } from './shape.js';

/** Transaction `i` with every observed field, from its choices (`TransactionGenerator.draw`). */
export function buildTransaction(
  config: GeneratorConfig,
  parties: Parties,
  i: number,
  d: Draw,
): MockTransaction {
  const { account, customCategories, merchants, potIds } = config;
  const amount = d.amount;
  const tail = transactionTail(account.slot, i, d.checkA, d.checkB);
  const base: TransactionBase = {
    id: TX_PREFIX + tail,
    created: d.created,
    accountId: account.id,
    userId: (account.owners[d.owner] as { id: string }).id,
    currency: 'GBP',
    // Undefined for a declined payment too, which `cardPayment` would blank anyway.
    settled: d.settled,
  };
  switch (d.kind) {
    case 'card':
    case 'declined': {
      const declined = d.kind === 'declined';
      return transactionShape(
        cardPayment(base, merchants[d.merchant] as CatalogueMerchant, amount, {
          cardId: account.cardId,
          category: d.custom >= 0 ? customCategories[d.custom] : undefined,
          declineReason: declined ? DECLINE_REASONS[d.reason] : undefined,
        }),
      );
    }
    case 'topup':
      return transactionShape(topUp(base, amount, account.cardLastFour));
    case 'pot': {
      const potId = potIds[d.pot] as string;
      return transactionShape(potTransfer(base, amount, potId, `pottransfer_${tail}`));
    }
    case 'fps':
      return transactionShape(
        fasterPayment(
          base,
          amount,
          parties.friends[d.friend] as Counterparty,
          REFERENCES[d.reference] as string,
        ),
      );
    case 'balance': {
      const inbound = amount >= 0;
      const party = inbound ? parties.employer : parties.landlord;
      return transactionShape(fasterPayment(base, amount, party, inbound ? `SALARY ${party.name}` : 'RENT'));
    }
  }
}
