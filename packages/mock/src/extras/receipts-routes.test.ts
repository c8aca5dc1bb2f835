import type { ReceiptInput } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { codeOf, type Session, signedIn } from './test-session.js';

function payment(session: Session): string {
  return String(
    session.mock.control.createTransaction({ account_id: session.account, amount: -1299, merchant: true }).id,
  );
}

const receiptFor = (transaction_id: string, external_id = 'order-1'): ReceiptInput => ({
  transaction_id,
  external_id,
  total: 1299,
  currency: 'GBP',
  items: [
    { description: 'Burger', quantity: 1, amount: 539, currency: 'GBP', tax: 77 },
    { description: 'Bananas, 70p per kg', quantity: 18.56, unit: 'kg', amount: 70, currency: 'GBP' },
  ],
  payments: [{ type: 'card', last_four: '0987', amount: 1299, currency: 'GBP' }],
});

/** A receipt body as raw JSON: the SDK would add the missing `tax: 0`, a raw client must send it. */
const rawFor = (transaction_id: string) => ({
  ...receiptFor(transaction_id),
  items: [receiptFor('').items[0]],
});

describe('transaction receipts', () => {
  it('round-trips a receipt through the SDK, read back in the observed shape', async () => {
    const session = await signedIn();
    const tx = payment(session);
    await session.monzo.receipts.create(receiptFor(tx));
    const receipt = await session.monzo.receipts.get('order-1');
    expect(receipt.id).toMatch(/^receipt_0000[0-9A-Za-z]{18}$/);
    expect(receipt).toMatchObject({
      external_id: 'order-1',
      transaction_id: tx,
      proof_of_purchase_id: '',
      total: 1299,
      currency: 'GBP',
      barcode: null,
      taxes: [],
      payments: [{ type: 'card', last_four: '0987', amount: 1299, currency: 'GBP' }],
      items: [
        { description: 'Burger', quantity: 1, amount: 539, currency: 'GBP', tax: 77, sub_items: [] },
        {
          description: 'Bananas, 70p per kg',
          quantity: 18.56,
          unit: 'kg',
          amount: 70,
          tax: 0,
          sub_items: [],
        },
      ],
    });
    expect(Object.keys(receipt.merchant ?? {})).toEqual([
      'name',
      'online',
      'phone',
      'email',
      'store_name',
      'store_address',
      'store_postcode',
    ]);
    await session.monzo.receipts.delete('order-1');
    const gone = await session.call('GET', '/transaction-receipts?external_id=order-1');
    expect([gone.status, codeOf(gone)]).toEqual([404, 'not_found.receipt']);
  });

  it('answers a PUT with 200 and an empty body, with or without the trailing slash', async () => {
    const session = await signedIn();
    const tx = payment(session);
    for (const path of ['/transaction-receipts', '/transaction-receipts/']) {
      const answer = await session.call('PUT', path, { json: rawFor(tx) });
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
      expect(answer.headers.get('content-length')).toBe('0');
    }
  });

  it('replaces the receipt with the same external_id, keeping its id', async () => {
    const session = await signedIn();
    const tx = payment(session);
    await session.monzo.receipts.create(receiptFor(tx));
    const first = await session.monzo.receipts.get('order-1');
    await session.monzo.receipts.create({
      ...receiptFor(tx),
      total: 70,
      items: receiptFor(tx).items.slice(1),
    });
    const second = await session.monzo.receipts.get('order-1');
    expect(second.id).toBe(first.id);
    expect(second.total).toBe(70);
    expect(second.items).toHaveLength(1);
    await session.monzo.receipts.create(receiptFor(tx, 'order-2'));
    expect((await session.monzo.receipts.get('order-2')).id).not.toBe(first.id);
  });

  it('refuses an item or sub-item sent without tax, and accepts sums that do not add up', async () => {
    const session = await signedIn();
    const tx = payment(session);
    const item = { description: 'Fries', amount: 139, currency: 'GBP' };
    const noTax = await session.call('PUT', '/transaction-receipts', {
      json: { ...receiptFor(tx), items: [item] },
    });
    expect([noTax.status, codeOf(noTax)]).toEqual([400, 'bad_request.missing_param.tax']);
    const subNoTax = await session.call('PUT', '/transaction-receipts', {
      json: { ...receiptFor(tx), items: [{ ...item, tax: 0, sub_items: [item] }] },
    });
    expect([subNoTax.status, codeOf(subNoTax)]).toEqual([400, 'bad_request.missing_param.tax']);
    const loose = await session.call('PUT', '/transaction-receipts', {
      json: { ...receiptFor(tx), total: 1, items: [{ ...item, tax: 0 }] },
    });
    expect(loose.status).toBe(200);
  });

  it('refuses an unknown transaction, a total of 0, and a body that is not JSON', async () => {
    const session = await signedIn();
    const unknown = await session.call('PUT', '/transaction-receipts', { json: rawFor('tx_0000NoSuchOne') });
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'not_found.transaction']);
    const zero = await session.call('PUT', '/transaction-receipts', {
      json: { ...rawFor(payment(session)), total: 0 },
    });
    expect([zero.status, codeOf(zero)]).toEqual([400, 'bad_request.bad_param.total']);
    const form = await session.call('PUT', '/transaction-receipts', { external_id: 'x' });
    expect(form.status).toBe(400);
  });

  it('needs external_id to read or delete, and 404s an unknown one', async () => {
    const session = await signedIn();
    const missing = await session.call('GET', '/transaction-receipts');
    expect([missing.status, codeOf(missing)]).toEqual([400, 'bad_request.missing_param.external_id']);
    const deleteMissing = await session.call('DELETE', '/transaction-receipts');
    expect([deleteMissing.status, codeOf(deleteMissing)]).toEqual([
      400,
      'bad_request.missing_param.external_id',
    ]);
    const deleteUnknown = await session.call('DELETE', '/transaction-receipts?external_id=nope');
    expect([deleteUnknown.status, codeOf(deleteUnknown)]).toEqual([404, 'not_found.receipt']);
  });
});
