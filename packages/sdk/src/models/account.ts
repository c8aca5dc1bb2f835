import type { Open, Timestamp } from './open.js';

/** The account types Monzo lists; open, as Monzo adds products. */
export type AccountType = Open<
  | 'uk_retail'
  | 'uk_retail_joint'
  | 'uk_prepaid'
  | 'uk_business'
  | 'uk_loan'
  | 'uk_monzo_flex'
  | 'uk_monzo_flex_backing_loan'
  | 'uk_rewards'
>;

/** A person who owns an account: two on a joint account. */
export interface AccountOwner {
  user_id: string;
  preferred_name?: string;
  preferred_first_name?: string;
}

/** An account (monzo-api.md §6.1). Fields past `created` are observed, not documented, so optional. */
export interface Account {
  id: string;
  /** Not a display name in practice: often an internal id such as `user_…`. */
  description: string;
  created: Timestamp;
  closed?: boolean;
  type?: AccountType;
  currency?: string;
  country_code?: string;
  owners?: AccountOwner[];
  account_number?: string;
  sort_code?: string;
  payment_details?: Record<string, unknown>;
}
