import type { MockTransaction } from './bank-types.js';

/** What differs between transactions; `transactionShape` fills in the rest of the observed field set. */
export interface TransactionFields {
  id: string;
  created: number;
  description: string;
  amount: number;
  currency: string;
  merchant: string | null;
  notes: string;
  metadata: Record<string, string>;
  category: string;
  categories: Record<string, number> | null;
  isLoad: boolean;
  /** Epoch ms, or `undefined` while pending or declined (`settled: ""`). */
  settled: number | undefined;
  localCurrency: string;
  accountId: string;
  userId: string;
  counterparty: Record<string, string>;
  scheme: string;
  dedupeId: string;
  originator: boolean;
  includeInSpending: boolean;
  /** The `can_*` flags: true for card payments, false for transfers. */
  canFlags: boolean;
  amountIsPending: boolean;
  declineReason?: string | undefined;
}

/** RFC 3339 in UTC with milliseconds and `Z`, the emulator's one timestamp format (monzo-api.md §11). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A transaction with every field real responses carry, in the order the observed examples show them
 * (`transactions-list.observed.response.json`); `decline_reason` only on declined ones.
 */
export function transactionShape(f: TransactionFields): MockTransaction {
  const settled = f.settled === undefined ? '' : iso(f.settled);
  const tx: MockTransaction = {
    id: f.id,
    created: iso(f.created),
    description: f.description,
    amount: f.amount,
    fees: {},
    currency: f.currency,
    merchant: f.merchant,
    notes: f.notes,
    metadata: f.metadata,
    labels: null,
    attachments: null,
    international: null,
    category: f.category,
    categories: f.categories,
    is_load: f.isLoad,
    settled,
    local_amount: f.amount,
    local_currency: f.localCurrency,
    // A settled transaction was last updated as it settled; others shortly after they were made.
    updated: f.settled === undefined ? iso(f.created + 181) : iso(f.settled + 356),
    account_id: f.accountId,
    user_id: f.userId,
    counterparty: f.counterparty,
    scheme: f.scheme,
    dedupe_id: f.dedupeId,
    originator: f.originator,
    include_in_spending: f.includeInSpending,
    can_be_excluded_from_breakdown: f.canFlags,
    can_be_made_subscription: f.canFlags,
    can_split_the_bill: f.canFlags,
    can_add_to_tab: f.canFlags,
    can_match_transactions_in_categorization: f.canFlags,
    amount_is_pending: f.amountIsPending,
    atm_fees_detailed: null,
    parent_account_id: '',
  };
  if (f.declineReason !== undefined) tx.decline_reason = f.declineReason;
  return tx;
}
