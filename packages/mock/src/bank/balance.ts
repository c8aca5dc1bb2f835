import type { Ledger } from './ledger.js';

const DAY = 86_400_000;
/** Monzo's day for `spend_today` starts at about 04:00 (monzo-api.md §5.2); taken as 04:00 UTC. */
const DAY_START_OFFSET = 4 * 3_600_000;

/** `GET /balance` for an account: every observed field (`balance.observed.response.json`). */
export function balanceJson(ledger: Ledger, inPots: number, now: number): Record<string, unknown> {
  const balance = ledger.balance;
  const dayStart = Math.floor((now - DAY_START_OFFSET) / DAY) * DAY + DAY_START_OFFSET;
  const spendToday = ledger.spendSince(dayStart);
  return {
    balance,
    total_balance: balance + inPots,
    balance_including_flexible_savings: balance + inPots,
    currency: 'GBP',
    spend_today: spendToday,
    local_currency: '',
    local_exchange_rate: 0,
    local_spend: [{ spend_today: spendToday, currency: 'GBP' }],
  };
}
