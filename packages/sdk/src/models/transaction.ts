import type { Attachment } from './attachment.js';
import type { Open, Timestamp } from './open.js';

/** Monzo's spending categories; custom ones (`category_…`) pass through as strings. */
export type Category = Open<
  | 'general'
  | 'eating_out'
  | 'expenses'
  | 'transport'
  | 'cash'
  | 'bills'
  | 'entertainment'
  | 'shopping'
  | 'holidays'
  | 'groceries'
  | 'mondo'
  | 'income'
  | 'savings'
  | 'transfers'
  | 'family'
>;

/** Why a card payment was declined; present only on declined transactions. */
export type DeclineReason = Open<
  | 'INSUFFICIENT_FUNDS'
  | 'CARD_INACTIVE'
  | 'CARD_BLOCKED'
  | 'INVALID_CVC'
  | 'OTHER'
  | 'CARD_CLOSED'
  | 'CARD_EXPIRED'
  | 'INVALID_EXPIRY_DATE'
  | 'INVALID_PIN'
  | 'SCA_NOT_AUTHENTICATED_CARD_NOT_PRESENT'
  | 'STRONG_CUSTOMER_AUTHENTICATION_REQUIRED'
  | 'AUTHENTICATION_REJECTED_BY_CARDHOLDER'
>;

/** Where a merchant is, as Monzo geocoded it. */
export interface MerchantAddress {
  address?: string;
  city?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  postcode?: string;
  region?: string;
  formatted?: string;
  short_formatted?: string;
  zoom_level?: number;
  approximate?: boolean;
}

/** A merchant, as `expand: ['merchant']` returns it (monzo-api.md §6.5). */
export interface Merchant {
  id: string;
  group_id?: string;
  name?: string;
  logo?: string;
  emoji?: string;
  category?: Category;
  created?: Timestamp;
  updated?: Timestamp;
  address?: MerchantAddress;
  online?: boolean;
  atm?: boolean;
  disable_feedback?: boolean;
  metadata?: Record<string, string>;
}

/** The other side of a bank transfer; `{}` when there is none, as for card payments. */
export interface Counterparty {
  account_number?: string;
  sort_code?: string;
  name?: string;
  user_id?: string;
}

/**
 * A transaction (monzo-api.md §6.4). `merchant` is an id, or a `Merchant` when expanded, or `null` for transfers.
 * `settled` is `""` while the transaction is pending.
 */
export interface Transaction<M extends Merchant | string = Merchant | string> {
  id: string;
  /** Negative for a debit, in minor units of `currency`. */
  amount: number;
  currency: string;
  created: Timestamp;
  description: string;
  merchant: M | null;
  metadata: Record<string, string>;
  notes: string;
  is_load: boolean;
  settled: Timestamp | '';
  category: Category;
  decline_reason?: DeclineReason;
  account_balance?: number;
  account_id?: string;
  user_id?: string;
  updated?: Timestamp;
  local_amount?: number;
  local_currency?: string;
  fees?: Record<string, unknown>;
  categories?: Record<string, number> | null;
  counterparty?: Counterparty;
  scheme?: string;
  dedupe_id?: string;
  originator?: boolean;
  include_in_spending?: boolean;
  amount_is_pending?: boolean;
  labels?: string[] | null;
  attachments?: Attachment[] | null;
  international?: unknown;
  parent_account_id?: string;
}

/** A transaction whose merchant was expanded. */
export type ExpandedTransaction = Transaction<Merchant>;
