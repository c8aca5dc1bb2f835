import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleJson } from '../../test/support/fixtures.js';
import type { TransactionFor } from '../resources/transactions.js';
import type { Account, AccountType } from './account.js';
import type { Attachment } from './attachment.js';
import type { Balance } from './balance.js';
import { extraField } from './extra.js';
import type { Pot } from './pot.js';
import type { Receipt, ReceiptPayment } from './receipt.js';
import type { Category, DeclineReason, ExpandedTransaction, Merchant, Transaction } from './transaction.js';
import type { Webhook } from './webhook.js';
import type { WhoAmI } from './whoami.js';

describe('open string unions', () => {
  it('keep the known values for autocompletion and accept values Monzo adds later', () => {
    expectTypeOf<Extract<Category, 'groceries'>>().toEqualTypeOf<'groceries'>();
    expectTypeOf<Extract<AccountType, 'uk_retail'>>().toEqualTypeOf<'uk_retail'>();
    expectTypeOf<Extract<DeclineReason, 'INSUFFICIENT_FUNDS'>>().toEqualTypeOf<'INSUFFICIENT_FUNDS'>();
    expectTypeOf<Extract<ReceiptPayment['type'], 'gift_card'>>().toEqualTypeOf<'gift_card'>();
    expectTypeOf<'category_0000AeR8A0F6XTLXKTDADB'>().toExtend<Category>();
    expectTypeOf<'uk_space_pension'>().toExtend<AccountType>();
    expectTypeOf<'SOME_REASON_FROM_2030'>().toExtend<DeclineReason>();
    const category: Category = 'category_0000AeR8A0F6XTLXKTDADB';
    expect(category).toBe('category_0000AeR8A0F6XTLXKTDADB');
  });
});

describe('models', () => {
  it('type fields the docs do not promise as optional', () => {
    expectTypeOf<Account['closed']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Account['type']>().toEqualTypeOf<AccountType | undefined>();
    expectTypeOf<Transaction['decline_reason']>().toEqualTypeOf<DeclineReason | undefined>();
    expectTypeOf<Pot['locked_until']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Balance['balance_including_flexible_savings']>().toEqualTypeOf<
      number | boolean | undefined
    >();
    expectTypeOf<Transaction['settled']>().toEqualTypeOf<string>();
  });

  it('name only the known fields: a misspelt or unknown field does not compile', () => {
    const tx = exampleJson<{ transaction: Transaction }>(
      'transaction-get-expanded.observed.response.json',
    ).transaction;
    // @ts-expect-error a typo of `amount`: with an index signature on the model this compiled, as `unknown`
    expect(tx.amout).toBeUndefined();
    // @ts-expect-error a field that Monzo sent (kept at runtime) but that the model does not type
    expect(tx.can_split_the_bill).toBe(true);
    expectTypeOf<Account>().not.toHaveProperty('something_new');
    expectTypeOf<Pot>().not.toHaveProperty('balanse');
    expectTypeOf<Balance>().not.toHaveProperty('totalBalance');
    expectTypeOf<WhoAmI>().not.toHaveProperty('userId');
    expectTypeOf<Webhook>().not.toHaveProperty('secret');
    expectTypeOf<Receipt>().not.toHaveProperty('totl');
    expectTypeOf<Merchant>().not.toHaveProperty('nmae');
    expectTypeOf<Attachment>().not.toHaveProperty('url');
    expectTypeOf<keyof Transaction>().not.toEqualTypeOf<string | number>();
  });

  it('read a field the model does not type through extraField, as unknown, and refuse a known one there', () => {
    const wire = exampleJson<{ transaction: ExpandedTransaction }>(
      'transaction-get-expanded.observed.response.json',
    );
    const tx = wire.transaction;
    expectTypeOf(extraField(tx, 'can_split_the_bill')).toEqualTypeOf<unknown>();
    expect(extraField(tx, 'can_split_the_bill')).toBe(true);
    expect(extraField(tx, 'not_sent_at_all')).toBeUndefined();
    // Inherited names read nothing: only the fields of Monzo's answer are fields.
    expect(extraField(tx, 'constructor')).toBeUndefined();
    expect(extraField(tx, '__proto__')).toBeUndefined();
    // @ts-expect-error `amount` is typed: read `tx.amount`
    expect(extraField(tx, 'amount')).toBe(tx.amount);
  });

  it('type the merchant by what was expanded', () => {
    expectTypeOf<Transaction['merchant']>().toEqualTypeOf<Merchant | string | null>();
    expectTypeOf<ExpandedTransaction['merchant']>().toEqualTypeOf<Merchant | null>();
    expectTypeOf<TransactionFor<{ expand: ['merchant'] }>>().toEqualTypeOf<Transaction<Merchant>>();
    expectTypeOf<TransactionFor<{ expand: [] }>>().toEqualTypeOf<Transaction<string>>();
    expectTypeOf<TransactionFor<{ expand?: undefined }>>().toEqualTypeOf<Transaction<string>>();
  });

  it('describe the transaction a webhook delivers, its merchant expanded', () => {
    const event = exampleJson<{ type: string; data: ExpandedTransaction }>(
      'webhook-transaction-created.event.json',
    );
    const transaction: ExpandedTransaction = event.data;
    expect(event.type).toBe('transaction.created');
    expect(transaction.merchant?.name).toBe('The De Beauvoir Deli Co.');
    expect(transaction.merchant?.address?.city).toBe('London');
    expect(transaction.notes).toBeUndefined(); // documented, yet absent from this delivery
  });

  it('describe the whoami and webhook examples', () => {
    const whoami: WhoAmI = exampleJson('whoami.response.json');
    const webhook: Webhook = exampleJson('webhook-create.response.json').webhook;
    expect(whoami).toEqual({ authenticated: true, client_id: 'client_id', user_id: 'user_id' });
    expect(webhook.url).toBe('http://example.com');
  });
});
