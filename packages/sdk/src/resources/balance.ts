import { requireId } from '../core/encode.js';
import { anObject } from '../core/shape.js';
import type { Balance } from '../models/balance.js';
import { type RequestOptions, Resource } from './resource.js';

/** `monzo.balance`: an account's balance and today's spending. */
export class BalanceResource extends Resource {
  /** The balance of an account, in minor units. */
  async get(account_id: string, options?: RequestOptions): Promise<Balance> {
    return this.transport.request<Balance>({
      ...options,
      method: 'GET',
      path: '/balance',
      shape: anObject,
      query: { account_id: requireId('account_id', account_id) },
    });
  }
}
