import type { Account } from 'monzo-ts';
import { plain } from '../output/plain.js';
import { type AccountSource, resolveAccount } from './client.js';

/** Short names a person types for `--account`, beside ids and Monzo's own types. */
export const ALIASES: Record<string, string> = {
  personal: 'uk_retail',
  joint: 'uk_retail_joint',
  prepaid: 'uk_prepaid',
  business: 'uk_business',
};

/**
 * The account a command works on: `--account` as an id (`acc_…`), a type (`uk_retail_joint`) or a short name
 * (`personal`, `joint`), else the open personal account. An unknown one is a usage error listing the accounts.
 */
export function chooseAccount(client: AccountSource, flag: string | undefined): Promise<Account> {
  const alias = flag === undefined ? undefined : ALIASES[flag.toLowerCase()];
  return resolveAccount(client, alias ?? flag);
}

/** `acc_… (uk_retail)`, for messages. */
export function describeAccount(account: Account): string {
  return plain(`${account.id} (${account.type ?? 'account'})`);
}
