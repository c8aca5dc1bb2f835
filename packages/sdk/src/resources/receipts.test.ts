import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { json } from '../../test/support/fake-fetch.js';
import { exampleJson } from '../../test/support/fixtures.js';
import type { MonzoValidationError } from '../core/errors.js';
import type { Receipt, ReceiptInput, ReceiptItem } from '../models/receipt.js';

const ok = () => json({});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('receipts.create', () => {
  it('PUTs the example as JSON with tax: 0 added to the item that lacks it', async () => {
    const { monzo, requests } = clientAnswering(ok);
    const receipt = exampleJson<ReceiptInput>('receipt-create.request.json');
    await monzo.receipts.create(receipt);
    expect(requests[0]?.method).toBe('PUT');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/transaction-receipts');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    const expected = exampleJson('receipt-create.request.json');
    expected.items[0].tax = 0;
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual(expected);
    expect(receipt.items[0]?.tax).toBeUndefined(); // the caller's object is left alone
  });

  it('adds tax: 0 to sub-items without it and keeps every tax, tax line, payment and merchant given', async () => {
    const { monzo, requests } = clientAnswering(ok);
    const items = exampleJson<ReceiptItem[]>('receipt-items.example.json');
    delete items[0]?.sub_items?.[1]?.tax;
    delete items[3]?.tax;
    await monzo.receipts.create({
      ...exampleJson<ReceiptInput>('receipt-object.example.json'),
      items,
      taxes: exampleJson('receipt-taxes.example.json'),
      payments: exampleJson('receipt-payments.example.json'),
      merchant: { name: 'Burger shop', online: false },
    });
    const sent = JSON.parse(requests[0]?.body ?? '');
    expect(sent.items).toEqual(exampleJson('receipt-items.example.json'));
    expect(sent.items[0].tax).toBe(77);
    expect(sent.items[0].sub_items[1].tax).toBe(0);
    expect(sent.items[3].tax).toBe(0);
    expect(sent.taxes).toEqual(exampleJson('receipt-taxes.example.json'));
    expect(sent.payments).toEqual(exampleJson('receipt-payments.example.json'));
    expect(sent.merchant).toEqual({ name: 'Burger shop', online: false });
    expect(sent.external_id).toBe('Order-12345678');
  });

  it.each([
    ['an empty body', () => new Response('', { status: 200 })],
    ['{}', () => json({})],
    ['an object', () => json(exampleJson('receipt-create.response.json'))],
  ])('accepts %s as the answer', async (_name, answer) => {
    const { monzo } = clientAnswering(answer);
    await expect(monzo.receipts.create(exampleJson('receipt-create.request.json'))).resolves.toBeUndefined();
  });

  it('retries after a 503 with the same body, since external_id makes the PUT idempotent', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let calls = 0;
    const { monzo, requests } = clientAnswering(() => (calls++ === 0 ? json({}, 503) : json({})));
    await monzo.receipts.create(exampleJson('receipt-create.request.json'));
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toBe(requests[0]?.body);
  });

  const valid = () => exampleJson<ReceiptInput>('receipt-create.request.json');
  it.each([
    ['transaction_id', { ...valid(), transaction_id: '' }],
    ['external_id', { ...valid(), external_id: '' }],
    ['currency', { ...valid(), currency: '' }],
    ['total', { ...valid(), total: 0 }],
    ['total', { ...valid(), total: -1 }],
    ['total', { ...valid(), total: 12.5 }],
    ['total', { ...valid(), total: Number.NaN }],
    ['total', { ...valid(), total: 2 ** 60 }],
    ['items', { ...valid(), items: [] }],
    ['items', { ...valid(), items: undefined }],
  ])('refuses a bad %s without sending', async (field, receipt) => {
    const { monzo, requests } = clientAnswering(ok);
    expect((await validationError(monzo.receipts.create(receipt as ReceiptInput))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});

describe('receipts.get', () => {
  it('sends GET /transaction-receipts?external_id= and unwraps the documented receipt', async () => {
    const example = exampleJson('receipt-get.response.json');
    const { monzo, requests } = clientAnswering(() => json(example));
    const receipt: Receipt = await monzo.receipts.get('test-receipt-1');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe(
      'https://api.monzo.com/transaction-receipts?external_id=test-receipt-1',
    );
    expect(receipt).toEqual(example.receipt);
    expect(receipt.merchant).toBeUndefined();
    expect(receipt.items[0]?.tax).toBeUndefined();
  });

  it('parses the observed receipt with its barcode, empty merchant and echoed tax', async () => {
    const example = exampleJson('receipt-get.observed.response.json');
    const { monzo } = clientAnswering(() => json(example));
    const receipt = await monzo.receipts.get('test-receipt-1');
    expect(receipt).toEqual(example.receipt);
    expect(receipt.barcode).toBeNull();
    expect(receipt.proof_of_purchase_id).toBe('');
    expect(receipt.items[0]?.sub_items).toEqual([]);
    expect(receipt.merchant?.online).toBe(false);
  });

  it('encodes an external id with spaces and symbols in the query', async () => {
    const { monzo, requests } = clientAnswering(() => json(exampleJson('receipt-get.response.json')));
    await monzo.receipts.get('order #12&x=1');
    expect(requests[0]?.url.searchParams.get('external_id')).toBe('order #12&x=1');
  });
});

describe('receipts.delete', () => {
  it('sends DELETE /transaction-receipts?external_id= and resolves on {}', async () => {
    const { monzo, requests } = clientAnswering(() => json(exampleJson('receipt-delete.response.json')));
    expect(await monzo.receipts.delete('test-receipt-1')).toBeUndefined();
    expect(requests[0]?.method).toBe('DELETE');
    expect(requests[0]?.url.href).toBe(
      'https://api.monzo.com/transaction-receipts?external_id=test-receipt-1',
    );
    expect(requests[0]?.body).toBe('');
  });

  it.each(['get', 'delete'] as const)('%s refuses an empty external_id without sending', async (method) => {
    const { monzo, requests } = clientAnswering(ok);
    const error = await monzo.receipts[method]('').catch((caught: unknown) => caught);
    expect((error as MonzoValidationError).field).toBe('external_id');
    expect(requests).toHaveLength(0);
  });
});
