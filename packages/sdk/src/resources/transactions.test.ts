import { describe, expect, expectTypeOf, it } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { extraField } from '../models/extra.js';
import type { Merchant, Transaction } from '../models/transaction.js';

const ACCOUNT = 'acc_00009237aqC8c5umZmrRdh';

describe('transactions.get', () => {
  it('sends GET /transactions/{id} with no query when nothing is expanded', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('transaction-annotate.response.json'));
    const transaction = await monzo.transactions.get('tx_00008zL2INM3xZ41THuRF3');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/transactions/tx_00008zL2INM3xZ41THuRF3');
    expect(transaction.merchant).toBe('merch_00008z6uFVhVBcaZzSQwCX');
  });

  it('sends expand[]=merchant and returns the documented merchant object typed as Merchant', async () => {
    const example = exampleJson('transaction-get-expanded.response.json');
    const { monzo, requests } = clientAnswering(example);
    const transaction = await monzo.transactions.get('tx_00008zIcpb1TB4yeIFXMzx', { expand: ['merchant'] });
    expectTypeOf(transaction.merchant).toEqualTypeOf<Merchant | null>();
    expect(requests[0]?.url.pathname).toBe('/transactions/tx_00008zIcpb1TB4yeIFXMzx');
    expect(requests[0]?.url.search).toBe('?expand%5B%5D=merchant');
    expect(transaction).toEqual(example.transaction);
    expect(transaction.merchant?.address?.postcode).toBe('N1 3JD');
    expect(transaction.category).toBeUndefined();
  });

  it('passes the observed custom category, flags and merchant metadata through untouched', async () => {
    const example = exampleJson('transaction-get-expanded.observed.response.json');
    const { monzo } = clientAnswering(example);
    const transaction = await monzo.transactions.get('tx_0000A1aBC2Dbc34Ede5fEH', { expand: ['merchant'] });
    expect(transaction).toEqual(example.transaction);
    expect(transaction.category).toBe('category_0000AeR8A0F6XTLXKTDADB');
    expect(transaction.categories).toEqual({ category_0000AeR8A0F6XTLXKTDADB: -5000 });
    expect(extraField(transaction, 'can_split_the_bill')).toBe(true);
    expect(transaction.merchant?.address?.country).toBe('GLO');
    expect(transaction.merchant?.metadata?.website).toBe('service.co.uk');
    expect(transaction.decline_reason).toBeUndefined();
  });

  it('types the merchant as its id when nothing is expanded', async () => {
    const { monzo } = clientAnswering(exampleJson('transaction-annotate.response.json'));
    const transaction = await monzo.transactions.get('tx_1');
    expectTypeOf(transaction).toEqualTypeOf<Transaction<string>>();
  });

  it('refuses an empty id without sending', async () => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.transactions.get(''))).field).toBe('transaction_id');
    expect(requests).toHaveLength(0);
  });
});

describe('transactions.list', () => {
  it('sends account_id, since, before, limit and repeated expand[] in the query and unwraps the list', async () => {
    const example = exampleJson('transactions-list.response.json');
    const { monzo, requests } = clientAnswering(example);
    const transactions = await monzo.transactions.list({
      account_id: ACCOUNT,
      since: '2015-08-01T00:00:00Z',
      before: new Date('2015-09-01T00:00:00Z'),
      limit: 50,
      expand: ['merchant'],
    });
    expect(requests[0]?.method).toBe('GET');
    expect(`${requests[0]?.url.origin}${requests[0]?.url.pathname}`).toBe(
      'https://api.monzo.com/transactions',
    );
    expect([...(requests[0]?.url.searchParams ?? [])]).toEqual([
      ['account_id', ACCOUNT],
      ['since', '2015-08-01T00:00:00Z'],
      ['before', '2015-09-01T00:00:00.000Z'],
      ['limit', '50'],
      ['expand[]', 'merchant'],
    ]);
    expect(transactions).toEqual(example.transactions);
  });

  it('sends only account_id when nothing else is given', async () => {
    const { monzo, requests } = clientAnswering({ transactions: [] });
    expect(await monzo.transactions.list({ account_id: ACCOUNT })).toEqual([]);
    expect(requests[0]?.url.search).toBe(`?account_id=${ACCOUNT}`);
  });

  it('accepts a transaction id as since', async () => {
    const { monzo, requests } = clientAnswering({ transactions: [] });
    await monzo.transactions.list({ account_id: ACCOUNT, since: 'tx_00008zhJ3kE6c8kmsGUKgn' });
    expect(requests[0]?.url.searchParams.get('since')).toBe('tx_00008zhJ3kE6c8kmsGUKgn');
  });

  it('parses the observed page: null merchant, pending settled and an unknown decline reason kept', async () => {
    const example = exampleJson('transactions-list.observed.response.json');
    example.transactions[2].decline_reason = 'SOME_REASON_FROM_2030';
    const { monzo } = clientAnswering(example);
    const [card, transfer, declined] = await monzo.transactions.list({ account_id: ACCOUNT });
    expect([card, transfer, declined]).toEqual(example.transactions);
    expect(card?.merchant).toBe('merch_000092jBCaq2cHlL8pLVkI');
    expect(transfer?.merchant).toBeNull();
    expect(transfer?.counterparty?.name).toBe('John Smith');
    expect(transfer?.categories).toBeNull();
    expect(declined?.settled).toBe('');
    expect(declined?.decline_reason).toBe('SOME_REASON_FROM_2030');
    expect(card?.decline_reason).toBeUndefined();
  });

  it.each([
    ['account_id', { account_id: '' }],
    ['account_id', { account_id: 7 }],
    ['limit', { account_id: ACCOUNT, limit: 0 }],
    ['limit', { account_id: ACCOUNT, limit: 101 }],
    ['limit', { account_id: ACCOUNT, limit: 1.5 }],
    ['since', { account_id: ACCOUNT, since: 'yesterday' }],
    ['since', { account_id: ACCOUNT, since: new Date('not a date') }],
    ['since', { account_id: ACCOUNT, since: '2024-13-45T00:00:00Z' }],
    ['before', { account_id: ACCOUNT, before: 'tx_00008zhJ3kE6c8kmsGUKgn' }],
    ['before', { account_id: ACCOUNT, before: new Date(Number.NaN) }],
  ])('refuses a bad %s without sending', async (field, params) => {
    const { monzo, requests } = clientAnswering({ transactions: [] });
    // biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed input
    expect((await validationError(monzo.transactions.list(params as any))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});

describe('transactions.annotate', () => {
  it('sends PATCH with metadata[k]=v, byte for byte as the example, and returns the transaction', async () => {
    const example = exampleJson('transaction-annotate.response.json');
    const { monzo, requests } = clientAnswering(example);
    const transaction = await monzo.transactions.annotate('tx_00008zL2INM3xZ41THuRF3', {
      foo: 'bar',
      stale_key: '',
    });
    expect(requests[0]?.method).toBe('PATCH');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/transactions/tx_00008zL2INM3xZ41THuRF3');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe(exampleText('transaction-annotate.request.form.txt'));
    expect(transaction).toEqual(example.transaction);
  });

  it('sends null as an empty value, which deletes the key', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('transaction-annotate.response.json'));
    await monzo.transactions.annotate('tx_1', { foo: 'bar', stale_key: null });
    expect(requests[0]?.body).toBe(exampleText('transaction-annotate.request.form.txt'));
  });

  it('encodes spaces, brackets and unicode in keys and values', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('transaction-annotate.response.json'));
    await monzo.transactions.annotate('tx_1', { 'my key': 'a&b=c 🍞' });
    expect(requests[0]?.body).toBe('metadata%5Bmy+key%5D=a%26b%3Dc+%F0%9F%8D%9E');
  });

  it.each([
    ['metadata.amount', { amount: 12 }],
    ['metadata.flag', { flag: true }],
    ['metadata.nested', { nested: { a: 'b' } }],
    ['metadata.gone', { gone: undefined }],
    ['metadata', { '': 'x' }],
    ['metadata', {}],
    ['metadata', null],
    ['metadata', ['a']],
  ])('refuses %s in %j without sending', async (field, metadata) => {
    const { monzo, requests } = clientAnswering({});
    // biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed input
    expect((await validationError(monzo.transactions.annotate('tx_1', metadata as any))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });

  it('refuses an empty transaction id without sending', async () => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.transactions.annotate('', { a: 'b' }))).field).toBe('transaction_id');
    expect(requests).toHaveLength(0);
  });
});
