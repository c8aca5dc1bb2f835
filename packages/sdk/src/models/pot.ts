import type { Timestamp } from './open.js';

/** A pot (monzo-api.md §6.3). Deleted pots are still listed, with `deleted: true`. */
export interface Pot {
  id: string;
  name: string;
  style: string;
  balance: number;
  currency: string;
  created: Timestamp;
  updated: Timestamp;
  deleted: boolean;
  goal_amount?: number | null;
  type?: string;
  product_id?: string;
  current_account_id?: string;
  cover_image_url?: string;
  isa_wrapper?: string;
  round_up?: boolean;
  round_up_multiplier?: number | null;
  is_tax_pot?: boolean;
  /** A locked pot refuses withdrawals until `locked_until`. */
  locked?: boolean;
  locked_until?: Timestamp;
  available_for_bills?: boolean;
  has_virtual_cards?: boolean;
  account_id?: string;
}
