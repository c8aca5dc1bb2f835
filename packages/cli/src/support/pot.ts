import type { Account, Pot, Transaction } from 'monzo-ts';
import { UsageError } from '../errors.js';
import { describeAccount } from './account.js';

/**
 * A pot of the account by id (`pot_…`) or by name, ignoring case. Deleted pots are not candidates. No prefix or
 * fuzzy match: money should only move to the pot the person named exactly. Unknown or ambiguous names are a
 * usage error that lists the pots to choose from.
 */
export function findPot(pots: readonly Pot[], query: string, account: Account): Pot {
  const live = pots.filter((pot) => !pot.deleted);
  const wanted = query.trim();
  if (wanted.startsWith('pot_')) {
    const byId = live.find((pot) => pot.id === wanted);
    if (byId) return byId;
    if (pots.some((pot) => pot.id === wanted)) throw new UsageError(`pot ${wanted} has been deleted`);
    throw new UsageError(`no pot ${wanted} in ${describeAccount(account)}; ${choices(live)}`);
  }
  const matches = live.filter((pot) => pot.name.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} pots are called ${JSON.stringify(query)}: name one by id; ${choices(matches)}`,
    );
  }
  throw new UsageError(
    `no pot called ${JSON.stringify(query)} in ${describeAccount(account)}; ${choices(live)}`,
  );
}

function choices(pots: readonly Pot[]): string {
  if (pots.length === 0) return 'this account has no pots (pass --account for another account)';
  return `pots: ${pots.map((pot) => `${pot.name} (${pot.id})`).join(', ')}`;
}

/**
 * Pot ids to the label a person knows them by (`pot: Bills`): Monzo describes a move to or from a pot by the
 * pot's id alone. Deleted pots are kept, for the moves made before they were deleted.
 */
export function potLabels(pots: readonly Pot[]): Map<string, string> {
  return new Map(pots.map((pot) => [pot.id, `pot: ${pot.name}`]));
}

/** Monzo's description of a move to or from a pot: the pot's id. */
export function isPotTransfer(description: string): boolean {
  return description.startsWith('pot_');
}

/**
 * The labels of the pots that `transactions` move money to or from: one `pots.list` call, and only when one of
 * them is such a move.
 */
export async function potLabelsFor(
  transactions: readonly Transaction[],
  listPots: () => Promise<Pot[]>,
): Promise<Map<string, string>> {
  if (!transactions.some((transaction) => isPotTransfer(transaction.description))) return new Map();
  return potLabels(await listPots());
}

/**
 * What a person knows a transaction by: the merchant's name (when expanded), else the pot it moved money to or
 * from (`pot: Holiday`, from `potLabels`), else Monzo's description. `monzo transactions` and `monzo demo` both
 * show this, so that the same transaction reads the same in each.
 */
export function transactionLabel(transaction: Transaction, potNames: ReadonlyMap<string, string>): string {
  const merchant = typeof transaction.merchant === 'object' ? transaction.merchant?.name : undefined;
  return merchant || potNames.get(transaction.description) || transaction.description;
}
