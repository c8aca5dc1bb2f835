import type { Account } from 'monzo-ts';
import { UsageError } from '../errors.js';
import { plain } from '../output/plain.js';
import { type AccountSource, resolveAccount } from './client.js';

/** Short names a person types for `--account`, beside ids and Monzo's own types. */
export const ALIASES: Record<string, string> = {
  personal: 'uk_retail',
  joint: 'uk_retail_joint',
  prepaid: 'uk_prepaid',
  business: 'uk_business',
};

/** Where `--account all` works, for the commands that work on one account. */
export const ALL_ELSEWHERE =
  '--account all works only with `monzo transactions export` and `monzo sync`; this command works on one ' +
  'account: pass its id (acc_…) or type (personal, joint; see `monzo accounts`), or leave --account out for personal';

/**
 * The account a command works on: `--account` as an id (`acc_…`), a type (`uk_retail_joint`) or a short name
 * (`personal`, `joint`), else the open personal account. An unknown one is a usage error listing the accounts.
 */
export async function chooseAccount(client: AccountSource, flag: string | undefined): Promise<Account> {
  // `all` means every account to the commands that walk them; here it would otherwise read as an unknown type.
  if (flag?.toLowerCase() === 'all') throw new UsageError(ALL_ELSEWHERE);
  const alias = flag === undefined ? undefined : ALIASES[flag.toLowerCase()];
  return resolveAccount(client, alias ?? flag);
}

/** `acc_… (uk_retail)`, for messages. */
export function describeAccount(account: Account): string {
  return plain(`${account.id} (${account.type ?? 'account'})`);
}
