/** A balance (monzo-api.md §5.2). Amounts are integer minor units of `currency`. */
export interface Balance {
  /** Available balance. */
  balance: number;
  /** Balance plus every pot. */
  total_balance: number;
  currency: string;
  /** Spent since about 04:00 local time; zero or negative. */
  spend_today: number;
  /** Observed as an integer and as a boolean in different captures. */
  balance_including_flexible_savings?: number | boolean;
  local_currency?: string;
  local_exchange_rate?: number | string;
  local_spend?: Array<{ spend_today: number; currency: string }> | number;
}
