import type { AccountRecord } from './dataset.js';
import type { CatalogueMerchant } from './merchants.js';

/** What an account's history is generated from (see `TransactionGenerator`). */
export interface GeneratorConfig {
  seed: number;
  account: AccountRecord;
  /** How many transactions the history has. */
  count: number;
  /** The dataset's `now`: the history ends just before it. */
  end: number;
  merchants: readonly CatalogueMerchant[];
  customCategories: readonly string[];
  /** The account's open pots, for pot transfers. */
  potIds: readonly string[];
  /** What the history's opening deposits into each of those pots (minor units, > 0). */
  potOpenings: readonly number[];
  /** What the opening leaves in the account once the pots have theirs: its balance between blocks. */
  float: number;
}
