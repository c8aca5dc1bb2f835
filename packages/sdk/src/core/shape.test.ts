import { describe, expect, it } from 'vitest';
import { clientAnswering } from '../../test/support/clients.js';
import { exampleJson } from '../../test/support/fixtures.js';
import { MonzoResponseParseError } from './errors.js';
import { anObject, listIn, objectIn, urlsIn } from './shape.js';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

describe('body shapes', () => {
  it('take a body with what the SDK reads, whatever else it holds', () => {
    expect(anObject({ balance: 1, new_field: [] })).toBeUndefined();
    expect(objectIn('transaction')({ transaction: { id: 'tx_1', category: 'never_seen' } })).toBeUndefined();
    expect(
      listIn('accounts')({ accounts: [{ id: 'acc_1', type: 'uk_new_kind' }], cursor: 'x' }),
    ).toBeUndefined();
    expect(listIn('accounts')({ accounts: [] })).toBeUndefined();
    expect(urlsIn('upload_url')({ upload_url: 'https://x.test/a?sig=1' })).toBeUndefined();
  });

  it('say what is missing from a body without it', () => {
    expect(anObject(null)).toBe('it is not a JSON object');
    expect(anObject([])).toBe('it is not a JSON object');
    expect(objectIn('transaction')({ transaction: 'tx_1' })).toBe('it has no "transaction" object');
    expect(listIn('accounts')(undefined)).toBe('it has no "accounts" list');
    expect(listIn('accounts')({ accounts: {} })).toBe('it has no "accounts" list');
    expect(listIn('transactions')({ transactions: [{ id: 'tx_1' }, { amount: 1 }] })).toBe(
      'transactions[1] is not an object with an "id" string',
    );
    expect(listIn('pots')({ pots: [null] })).toBe('pots[0] is not an object with an "id" string');
    expect(urlsIn('upload_url', 'file_url')({ upload_url: 'https://x.test', file_url: 'nope' })).toBe(
      'its "file_url" is not an absolute URL',
    );
  });
});

// Each found by transport.fuzz.test.ts, where these threw a bare TypeError or never ended.
describe('a success body without what the call reads', () => {
  it.each([
    ['null', 'null'],
    ['empty', ''],
    ['another object', '{"items":[]}'],
  ])('is a MonzoResponseParseError from accounts.list when it is %s, not a TypeError', async (_, text) => {
    const { monzo } = clientAnswering(() => new Response(text, { status: 200 }));
    const error = await failure(monzo.accounts.findByType('uk_retail'));
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as Error).message).toContain('(it has no "accounts" list)');
  });

  // Before, the next page was asked for with no `since` at all: the whole history again, from its start.
  it('ends transactions.iterate with a MonzoResponseParseError when a full page has no ids to follow', async () => {
    const { monzo, requests } = clientAnswering({ transactions: [{ amount: 1 }, { amount: 2 }] });
    const since = '2026-01-01T00:00:00Z';
    const error = await failure(
      (async () => {
        for await (const _ of monzo.transactions.iterate({ account_id: 'acc_1', since, limit: 2 })) {
          // drained
        }
      })(),
    );
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(requests).toHaveLength(1);
  });

  it('stops attachments.uploadFile before sending anything to an upload_url that is not a URL', async () => {
    const { monzo, requests } = clientAnswering({
      ...exampleJson('attachment-upload.response.json'),
      upload_url: 7,
    });
    const error = await failure(
      monzo.attachments.uploadFile({
        transaction_id: 'tx_1',
        file_name: 'a.png',
        file_type: 'image/png',
        data: new Uint8Array([1]),
      }),
    );
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as Error).message).toContain('its "upload_url" is not an absolute URL');
    expect(requests).toHaveLength(1);
  });

  it('is a MonzoResponseParseError from whoami when the body is empty', async () => {
    const { monzo } = clientAnswering(() => new Response('', { status: 200 }));
    expect(await failure(monzo.whoami())).toBeInstanceOf(MonzoResponseParseError);
  });

  it('keeps receipts.create working with the empty body Monzo documents for it', async () => {
    const { monzo } = clientAnswering(() => new Response('', { status: 200 }));
    await expect(
      monzo.receipts.create({
        transaction_id: 'tx_1',
        external_id: 'r1',
        total: 100,
        currency: 'GBP',
        items: [{ description: 'x', amount: 100, currency: 'GBP', quantity: 1, unit: '' }],
      }),
    ).resolves.toBeUndefined();
  });
});
