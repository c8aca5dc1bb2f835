import { describe, expect, it } from 'vitest';
import { MockHttpError } from '../core/http.js';
import { parseReceipt } from './receipts.js';

const valid = () => ({
  transaction_id: 'tx_1',
  external_id: 'order-1',
  total: 1299,
  currency: 'GBP',
  items: [
    {
      description: 'Burger',
      quantity: 1,
      unit: '',
      amount: 539,
      currency: 'GBP',
      tax: 77,
      sub_items: [{ description: 'Extra cheese', amount: 100, currency: 'GBP', tax: 0 }],
    },
    { description: 'Bananas', quantity: 0.3, unit: 'kg', amount: 30, currency: 'GBP', tax: 0 },
  ],
});

/** The Monzo error code a body is refused with. */
function refusal(body: unknown): string {
  try {
    parseReceipt(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MockHttpError);
    expect((error as MockHttpError).status).toBe(400);
    return (error as MockHttpError).code;
  }
  throw new Error('the body was accepted');
}

describe('receipt bodies', () => {
  it('reads a valid receipt back in the observed shape, with defaults for what was not sent', () => {
    expect(parseReceipt(valid())).toEqual({
      external_id: 'order-1',
      transaction_id: 'tx_1',
      proof_of_purchase_id: '',
      total: 1299,
      currency: 'GBP',
      merchant: {
        name: '',
        online: false,
        phone: '',
        email: '',
        store_name: '',
        store_address: '',
        store_postcode: '',
      },
      payments: [],
      taxes: [],
      items: [
        {
          description: 'Burger',
          quantity: 1,
          amount: 539,
          currency: 'GBP',
          tax: 77,
          sub_items: [
            { description: 'Extra cheese', quantity: 1, amount: 100, currency: 'GBP', tax: 0, sub_items: [] },
          ],
        },
        {
          description: 'Bananas',
          quantity: 0.3,
          unit: 'kg',
          amount: 30,
          currency: 'GBP',
          tax: 0,
          sub_items: [],
        },
      ],
      barcode: null,
    });
  });

  it('keeps taxes, payments and merchant fields that were sent', () => {
    const receipt = parseReceipt({
      ...valid(),
      taxes: [{ description: 'VAT', amount: 10, currency: 'GBP', tax_number: '945719291' }],
      payments: [
        { type: 'card', last_four: '0987', bin: '543210', amount: 1000, currency: 'GBP' },
        { type: 'gift_card', gift_card_type: 'One4all', amount: 299, currency: 'GBP' },
      ],
      merchant: { name: 'Burger Place', online: true, store_postcode: 'N1 3JD' },
    });
    expect(receipt.taxes).toEqual([
      { description: 'VAT', amount: 10, currency: 'GBP', tax_number: '945719291' },
    ]);
    expect(receipt.payments).toEqual([
      { type: 'card', amount: 1000, currency: 'GBP', bin: '543210', last_four: '0987' },
      { type: 'gift_card', amount: 299, currency: 'GBP', gift_card_type: 'One4all' },
    ]);
    expect(receipt.merchant).toMatchObject({
      name: 'Burger Place',
      online: true,
      store_postcode: 'N1 3JD',
      phone: '',
    });
  });

  it('accepts sums that do not add up, as the docs own example does', () => {
    expect(parseReceipt({ ...valid(), total: 1 }).total).toBe(1);
  });

  it.each([
    ['transaction_id', 'bad_request.missing_param.transaction_id'],
    ['external_id', 'bad_request.missing_param.external_id'],
    ['total', 'bad_request.missing_param.total'],
    ['currency', 'bad_request.missing_param.currency'],
    ['items', 'bad_request.missing_param.items'],
  ])('refuses a receipt without %s', (field, code) => {
    const body: Record<string, unknown> = valid();
    delete body[field];
    expect(refusal(body)).toBe(code);
  });

  it('refuses an empty item list, a total of 0 or less, and a total that is not whole', () => {
    expect(refusal({ ...valid(), items: [] })).toBe('bad_request.missing_param.items');
    expect(refusal({ ...valid(), total: 0 })).toBe('bad_request.bad_param.total');
    expect(refusal({ ...valid(), total: -5 })).toBe('bad_request.bad_param.total');
    expect(refusal({ ...valid(), total: 12.5 })).toBe('bad_request.bad_param.total');
    expect(refusal({ ...valid(), total: '1299' })).toBe('bad_request.bad_param.total');
  });

  it('refuses an item or a sub-item without tax', () => {
    const noTax = valid();
    delete (noTax.items[1] as { tax?: number }).tax;
    expect(refusal(noTax)).toBe('bad_request.missing_param.tax');
    const cheese = { description: 'Extra cheese', amount: 100, currency: 'GBP' };
    const burger = { description: 'Burger', amount: 539, currency: 'GBP', tax: 77 };
    expect(refusal({ ...valid(), items: [{ ...burger, sub_items: [cheese] }] })).toBe(
      'bad_request.missing_param.tax',
    );
  });

  it.each(['description', 'amount', 'currency'])('refuses an item without %s', (field) => {
    const body = valid();
    delete (body.items[1] as Record<string, unknown>)[field];
    expect(refusal(body)).toBe(`bad_request.missing_param.${field}`);
  });

  it('refuses bodies that are not receipts', () => {
    expect(refusal([])).toBe('bad_request.bad_param.body');
    expect(refusal('receipt')).toBe('bad_request.bad_param.body');
    expect(refusal({ ...valid(), items: {} })).toBe('bad_request.bad_param.items');
    expect(refusal({ ...valid(), items: ['Burger'] })).toBe('bad_request.bad_param.items');
    const leaf = { description: 'Extra cheese', amount: 100, currency: 'GBP', tax: 0 };
    const nested = { ...leaf, sub_items: [{ ...leaf, sub_items: [leaf] }] };
    expect(refusal({ ...valid(), items: [nested] })).toBe('bad_request.bad_param.sub_items');
    expect(refusal({ ...valid(), payments: [{ type: 'cheque', amount: 1, currency: 'GBP' }] })).toBe(
      'bad_request.bad_param.type',
    );
    expect(refusal({ ...valid(), merchant: { online: 'yes' } })).toBe('bad_request.bad_param.online');
  });
});
