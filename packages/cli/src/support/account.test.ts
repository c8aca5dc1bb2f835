import type { Account } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { chooseAccount } from './account.js';

const accounts = [
  { id: 'acc_1', type: 'uk_retail', closed: false },
  { id: 'acc_2', type: 'uk_retail_joint', closed: false },
] as Account[];

/** A client that counts its calls: `--account all` is refused before any request. */
function client() {
  const calls = { list: 0 };
  return {
    calls,
    accounts: {
      list: async () => {
        calls.list++;
        return accounts;
      },
    },
  };
}

describe('chooseAccount', () => {
  it('picks by short name, type or id, and personal by default', async () => {
    const source = client();
    expect((await chooseAccount(source, 'joint')).id).toBe('acc_2');
    expect((await chooseAccount(source, 'uk_retail_joint')).id).toBe('acc_2');
    expect((await chooseAccount(source, 'acc_2')).id).toBe('acc_2');
    expect((await chooseAccount(source, undefined)).id).toBe('acc_1');
  });

  it('refuses `--account all` on a one-account command, saying where `all` works, before any request', async () => {
    for (const flag of ['all', 'ALL']) {
      const source = client();
      const refused = chooseAccount(source, flag);
      await expect(refused).rejects.toBeInstanceOf(UsageError);
      await expect(refused).rejects.toThrow(/`monzo transactions export` and `monzo sync`/);
      await expect(refused).rejects.toThrow(/pass its id \(acc_…\) or type/);
      expect(source.calls.list).toBe(0);
    }
  });
});
