import { idTail } from './ids.js';
import type { CatalogueMerchant } from './merchants.js';
import type { TransactionFields } from './shape.js';

/** Where and when a transaction happens: shared by every kind below. */
export interface TransactionBase {
  id: string;
  created: number;
  accountId: string;
  userId: string;
  currency: string;
  /** Epoch ms, or `undefined` while pending. */
  settled: number | undefined;
}

/** A card payment at a merchant (Mastercard metadata as observed); declined ones carry `decline_reason`. */
export function cardPayment(
  base: TransactionBase,
  merchant: CatalogueMerchant,
  amount: number,
  options: {
    cardId: string;
    category?: string;
    description?: string;
    declineReason?: string;
    localCurrency?: string;
  },
): TransactionFields {
  const tail = idTail(base.id);
  const declined = options.declineReason !== undefined;
  const category = options.category ?? merchant.json.category;
  return Object.assign(blank(base, amount), {
    description: options.description ?? merchant.descriptor,
    merchant: merchant.json.id,
    notes: '',
    metadata: {
      ledger_insertion_id: declined ? '' : `entryset_${tail}`,
      mastercard_approval_type: declined ? '' : 'full',
      mastercard_auth_message_id: `mcauthmsg_${tail}`,
      mastercard_card_id: options.cardId,
      mastercard_lifecycle_id: `mclifecycle_${tail}`,
      mcc: merchant.mcc,
    },
    category,
    categories: { [category]: amount },
    isLoad: false,
    settled: declined ? undefined : base.settled,
    localCurrency: options.localCurrency ?? base.currency,
    counterparty: {},
    scheme: 'mastercard',
    dedupeId: `mclifecycle:${tail}`,
    originator: false,
    includeInSpending: !declined,
    canFlags: true,
    // Pending card payments are authorised, not yet cleared; a declined one is neither.
    amountIsPending: !declined && base.settled === undefined,
    declineReason: options.declineReason,
  });
}

/** The other side of a Faster Payment. */
export interface Counterparty {
  name: string;
  accountNumber: string;
  sortCode: string;
  anonUserId: string;
}

/** A Faster Payment: inbound when `amount` ≥ 0 (merchant null, `user_id` ""), outbound otherwise. */
export function fasterPayment(
  base: TransactionBase,
  amount: number,
  counterparty: Counterparty,
  reference: string,
): TransactionFields {
  const tail = idTail(base.id);
  const inbound = amount >= 0;
  const fpid = `FP${tail.toUpperCase()}${tail.slice(0, 16).toUpperCase()}`;
  const category = inbound ? 'income' : 'transfers';
  return Object.assign(blank(base, amount), {
    userId: inbound ? '' : base.userId,
    description: reference,
    merchant: null,
    notes: reference,
    metadata: {
      faster_payment: 'true',
      fps_fpid: fpid,
      fps_payment_id: fpid,
      insertion: `entryset_${tail}`,
      notes: reference,
      trn: fpid.slice(0, 16),
    },
    category,
    categories: inbound ? null : { [category]: amount },
    isLoad: false,
    localCurrency: base.currency,
    counterparty: {
      account_number: counterparty.accountNumber,
      name: counterparty.name,
      sort_code: counterparty.sortCode,
      user_id: counterparty.anonUserId,
    },
    scheme: 'payport_faster_payments',
    dedupeId: `com.monzo.fps:1234:${fpid}:${inbound ? 'INBOUND' : 'OUTBOUND'}`,
    originator: !inbound,
    // Money out to someone else counts as spending; money in never does.
    includeInSpending: !inbound,
    canFlags: false,
    amountIsPending: false,
  });
}

/** Money moved to (negative) or from (positive) a pot: merchant null, described by the pot's id. */
export function potTransfer(
  base: TransactionBase,
  amount: number,
  potId: string,
  externalId: string,
): TransactionFields {
  const tail = idTail(base.id);
  return Object.assign(blank(base, amount), {
    description: potId,
    merchant: null,
    notes: '',
    metadata: {
      external_id: externalId,
      ledger_insertion_id: `entryset_${tail}`,
      pot_id: potId,
      trigger: 'user',
      user_id: base.userId,
    },
    category: 'savings',
    categories: { savings: amount },
    isLoad: false,
    localCurrency: base.currency,
    counterparty: {},
    scheme: 'uk_retail_pot',
    dedupeId: `pot:${externalId}`,
    originator: true,
    includeInSpending: false,
    canFlags: false,
    amountIsPending: false,
  });
}

/** A top-up from a debit card: `is_load: true`, category `mondo` (monzo-api.md §6.4). */
export function topUp(base: TransactionBase, amount: number, cardLastFour: string): TransactionFields {
  const tail = idTail(base.id);
  return Object.assign(blank(base, amount), {
    description: `Top up from card ending ${cardLastFour}`,
    merchant: null,
    notes: '',
    metadata: { ledger_insertion_id: `entryset_${tail}`, topup_source: 'card' },
    category: 'mondo',
    categories: { mondo: amount },
    isLoad: true,
    localCurrency: base.currency,
    counterparty: {},
    scheme: 'topup',
    dedupeId: `topup:${tail}`,
    originator: false,
    includeInSpending: false,
    canFlags: false,
    amountIsPending: false,
  });
}

/**
 * Every field in one fixed order, then overwritten by each kind: V8 builds objects of one shape fast, while a
 * spread followed by new keys goes through its slow path (microseconds per transaction).
 */
function blank(base: TransactionBase, amount: number): TransactionFields {
  return {
    id: base.id,
    created: base.created,
    description: '',
    amount,
    currency: base.currency,
    merchant: null,
    notes: '',
    metadata: {},
    category: '',
    categories: null,
    isLoad: false,
    settled: base.settled,
    localCurrency: base.currency,
    accountId: base.accountId,
    userId: base.userId,
    counterparty: {},
    scheme: '',
    dedupeId: '',
    originator: false,
    includeInSpending: false,
    canFlags: false,
    amountIsPending: false,
    declineReason: undefined,
  };
}
