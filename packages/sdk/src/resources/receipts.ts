import { requireId } from '../core/encode.js';
import { MonzoValidationError } from '../core/errors.js';
import { objectIn } from '../core/shape.js';
import type { Receipt, ReceiptInput, ReceiptItem } from '../models/receipt.js';
import { type RequestOptions, Resource } from './resource.js';

/** `monzo.receipts`: itemised receipts on transactions, keyed by your own `external_id`. */
export class Receipts extends Resource {
  /**
   * Creates the receipt of a transaction, or replaces the one with the same `external_id`. Items and sub-items
   * without `tax` are sent with `tax: 0`.
   */
  async create(receipt: ReceiptInput, options?: RequestOptions): Promise<void> {
    requireId('transaction_id', receipt.transaction_id);
    requireId('external_id', receipt.external_id);
    requireId('currency', receipt.currency);
    if (!Number.isSafeInteger(receipt.total) || receipt.total <= 0) {
      throw new MonzoValidationError('total', 'must be a positive whole number of minor units');
    }
    if (!Array.isArray(receipt.items) || receipt.items.length === 0) {
      throw new MonzoValidationError('items', 'must list at least one item');
    }
    await this.transport.request({
      ...options,
      method: 'PUT',
      path: '/transaction-receipts',
      json: { ...receipt, items: receipt.items.map(withTax) },
      // external_id is an idempotency key: the same PUT replaces the same receipt.
      idempotent: true,
      ifUnknown: {
        advice:
          'The receipt may or may not have been saved: sending it again with the same external_id is safe ' +
          '(it replaces the receipt).',
      },
    });
  }

  /** The receipt with this `external_id`. */
  async get(external_id: string, options?: RequestOptions): Promise<Receipt> {
    const response = await this.transport.request<{ receipt: Receipt }>({
      ...options,
      method: 'GET',
      path: '/transaction-receipts',
      shape: objectIn('receipt'),
      query: { external_id: requireId('external_id', external_id) },
    });
    return response.receipt;
  }

  /** Deletes the receipt with this `external_id`. */
  async delete(external_id: string, options?: RequestOptions): Promise<void> {
    await this.transport.request({
      ...options,
      method: 'DELETE',
      path: '/transaction-receipts',
      query: { external_id: requireId('external_id', external_id) },
      ifUnknown: {
        advice:
          'The receipt may or may not have been deleted: deleting it again is safe (a 404 then means it is gone).',
      },
    });
  }
}

function withTax(item: ReceiptItem): ReceiptItem {
  const copy: ReceiptItem = { ...item, tax: item.tax ?? 0 };
  if (item.sub_items) copy.sub_items = item.sub_items.map(withTax);
  return copy;
}
