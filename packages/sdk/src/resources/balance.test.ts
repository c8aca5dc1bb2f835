import { describe, expect, it } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { exampleJson } from '../../test/support/fixtures.js';
import { MonzoBadRequestError } from '../core/errors.js';
import type { Balance } from '../models/balance.js';

describe('balance.get', () => {
  it('sends GET /balance?account_id= and returns the documented balance as is', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('balance.response.json'));
    const balance: Balance = await monzo.balance.get('acc_00009237aqC8c5umZmrRdh');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/balance?account_id=acc_00009237aqC8c5umZmrRdh');
    expect(balance).toEqual({ balance: 5000, total_balance: 6000, currency: 'GBP', spend_today: 0 });
    expect(balance.local_spend).toBeUndefined();
  });

  it('parses the observed balance with its local currency fields', async () => {
    const example = exampleJson('balance.observed.response.json');
    const { monzo } = clientAnswering(example);
    const balance = await monzo.balance.get('acc_1');
    expect(balance).toEqual(example);
    expect(balance.balance_including_flexible_savings).toBe(60000);
    expect(balance.local_spend).toEqual([{ spend_today: -3000, currency: 'GBP' }]);
  });

  it("rejects with Monzo's 400 code when the API refuses the account", async () => {
    const { monzo, requests } = clientAnswering(exampleJson('error.missing-param-account-id.json'), 400);
    const error = await monzo.balance.get('acc_1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoBadRequestError);
    expect((error as MonzoBadRequestError).code).toBe('bad_request.missing_param.account_id');
    expect(requests).toHaveLength(1);
  });

  it('percent-encodes an account id that holds query characters', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('balance.response.json'));
    await monzo.balance.get('acc_1&account_id=acc_2');
    expect(requests[0]?.url.searchParams.getAll('account_id')).toEqual(['acc_1&account_id=acc_2']);
  });

  it.each([
    ['an empty id', ''],
    ['a blank id', '   '],
    ['a non-string id', 42 as unknown as string],
  ])('refuses %s with a rejected promise naming account_id, sending nothing', async (_name, id) => {
    const { monzo, requests } = clientAnswering({});
    let result: Promise<Balance> | undefined;
    expect(() => {
      result = monzo.balance.get(id);
    }).not.toThrow();
    expect((await validationError(result as Promise<Balance>)).field).toBe('account_id');
    expect(requests).toHaveLength(0);
  });
});
