import { describe, expect, it } from 'vitest';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { MonzoError, MonzoWebhookError } from '../core/errors.js';
import { dedupeKey, isTransactionCreated, parseWebhookEvent } from './event.js';

const example = exampleText('webhook-transaction-created.event.json');

function refusal(body: Parameters<typeof parseWebhookEvent>[0]): MonzoWebhookError {
  try {
    parseWebhookEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MonzoWebhookError);
    return error as MonzoWebhookError;
  }
  throw new Error('parseWebhookEvent accepted the body');
}

describe('parseWebhookEvent', () => {
  it("reads the spec's transaction.created example into a typed event, from text, bytes or an object", () => {
    const fromText = parseWebhookEvent(example);
    expect(fromText).toEqual(exampleJson('webhook-transaction-created.event.json'));
    expect(parseWebhookEvent(new TextEncoder().encode(example))).toEqual(fromText);
    expect(parseWebhookEvent(new TextEncoder().encode(example).buffer)).toEqual(fromText);
    expect(parseWebhookEvent(JSON.parse(example))).toEqual(fromText);
    expect(isTransactionCreated(fromText)).toBe(true);
    if (!isTransactionCreated(fromText)) return;
    // Typed: the merchant is expanded and the account is named, as monzo-api.md §8 says Monzo sends them.
    const merchantName: string | undefined = fromText.data.merchant?.name;
    const account: string = fromText.data.account_id;
    expect([merchantName, account, fromText.data.amount]).toEqual([
      'The De Beauvoir Deli Co.',
      'acc_00008gju41AHyfLUzBUk8A',
      -350,
    ]);
  });

  it('passes transfers (merchant null), declined payments and fields it does not know', () => {
    const event = JSON.parse(example);
    event.data.merchant = null;
    event.data.decline_reason = 'INSUFFICIENT_FUNDS';
    event.data.new_field = { nested: true };
    expect(parseWebhookEvent(JSON.stringify(event))).toEqual(event);
  });

  it('returns unknown event types as { type, data }, whatever their data, and never throws for them', () => {
    for (const data of [{ id: 'x' }, 'text', null, undefined, [1, 2]]) {
      const event = parseWebhookEvent({ type: 'account.updated', data, extra: 1 });
      expect(event).toEqual({ type: 'account.updated', data });
      expect(isTransactionCreated(event)).toBe(false);
    }
  });

  it.each([
    ['not JSON', '{"type": "transaction.created",', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a JSON string', '"transaction.created"', /not a JSON object/],
    ['JSON null', 'null', /not a JSON object/],
    ['without a type', '{"data": {}}', /no "type"/],
    ['with a numeric type', '{"type": 1, "data": {}}', /no "type"/],
    ['with an empty type', '{"type": "", "data": {}}', /no "type"/],
    ['a transaction.created without data', '{"type": "transaction.created"}', /no "data" object/],
    [
      'a transaction.created with array data',
      '{"type": "transaction.created", "data": []}',
      /no "data" object/,
    ],
  ])('refuses a body that is %s', (_, body, message) => {
    const error = refusal(body);
    expect(error.message).toMatch(message);
    expect(error).toBeInstanceOf(MonzoError);
    expect(error.type).toBe('MonzoWebhookError');
  });

  it.each([
    ['id', undefined],
    ['id', 42],
    ['account_id', undefined],
    ['account_id', ''],
    ['currency', null],
    ['created', 1441376920],
    ['amount', '-350'],
    ['amount', -3.5],
    ['merchant', 'merch_00008zIcpbAKe8shBxXUtl'],
    ['merchant', { name: 'no id' }],
  ])('refuses a transaction.created whose data.%s is %j', (field, value) => {
    const event = JSON.parse(example);
    if (value === undefined) delete event.data[field];
    else event.data[field] = value;
    expect(refusal(JSON.stringify(event)).message).toContain(`data.${field}`);
  });

  it('refuses bytes that are not UTF-8, and never quotes the body in its message', () => {
    expect(refusal(new Uint8Array([0x7b, 0xff, 0x7d])).message).toMatch(/not valid UTF-8/);
    const secretish = '{"type": "transaction.created", "data": {"id": "tx_1", "password": "hunter2"';
    expect(refusal(secretish).message).not.toContain('hunter2');
  });
});

describe('dedupeKey', () => {
  it('is type:id when the data has an id, and undefined otherwise', () => {
    expect(dedupeKey(parseWebhookEvent(example))).toBe('transaction.created:tx_00008zjky19HyFLAzlUk7t');
    expect(dedupeKey({ type: 'account.updated', data: { id: 'acc_1' } })).toBe('account.updated:acc_1');
    expect(dedupeKey({ type: 'ping', data: { id: '' } })).toBeUndefined();
    expect(dedupeKey({ type: 'ping', data: { id: 7 } })).toBeUndefined();
    expect(dedupeKey({ type: 'ping', data: null })).toBeUndefined();
  });
});
