import { listIn } from '../core/shape.js';
import type { Account, AccountType } from '../models/account.js';
import { type RequestOptions, Resource } from './resource.js';

/** Filters for `accounts.list`. */
export interface ListAccountsParams {
  /** Monzo filters by `uk_retail` or `uk_retail_joint`. */
  account_type?: AccountType;
}

/** `monzo.accounts`: the user's accounts. */
export class Accounts extends Resource {
  /** Lists the user's accounts, closed ones included (`closed: true`). */
  async list(params: ListAccountsParams = {}, options?: RequestOptions): Promise<Account[]> {
    const response = await this.transport.request<{ accounts: Account[] }>({
      ...options,
      method: 'GET',
      path: '/accounts',
      shape: listIn('accounts'),
      query: { account_type: params.account_type },
    });
    return response.accounts;
  }

  /**
   * The first open account of a type, or `undefined`.
   *
   * @example const personal = await monzo.accounts.findByType('uk_retail');
   */
  async findByType(type: AccountType, options?: RequestOptions): Promise<Account | undefined> {
    const accounts = await this.list({}, options);
    return accounts.find((account) => account.type === type && account.closed !== true);
  }
}
