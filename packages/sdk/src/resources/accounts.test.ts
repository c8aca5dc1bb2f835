import { describe, expect, it } from 'vitest';
import { clientAnswering } from '../../test/support/clients.js';
import { exampleJson } from '../../test/support/fixtures.js';
import type { Account } from '../models/account.js';
import { extraField } from '../models/extra.js';

describe('accounts.list', () => {
  it('sends GET /accounts with no query and unwraps the documented example into Account[]', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('accounts-list.response.json'));
    const accounts: Account[] = await monzo.accounts.list();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/accounts');
    expect(requests[0]?.body).toBe('');
    expect(accounts).toEqual(exampleJson('accounts-list.response.json').accounts);
    expect(accounts[0]?.description).toBe("Peter Pan's Account");
  });

  it('filters by account_type in the query', async () => {
    const { monzo, requests } = clientAnswering({ accounts: [] });
    await monzo.accounts.list({ account_type: 'uk_retail_joint' });
    expect(requests[0]?.url.pathname).toBe('/accounts');
    expect(requests[0]?.url.search).toBe('?account_type=uk_retail_joint');
  });

  it('parses the observed example with owners, closed accounts and unlisted types untouched', async () => {
    const example = exampleJson('accounts-list.observed.response.json');
    const { monzo } = clientAnswering(example);
    const accounts = await monzo.accounts.list();
    expect(accounts).toEqual(example.accounts);
    expect(accounts.map((account) => account.type)).toEqual(['uk_retail', 'uk_monzo_flex', 'uk_prepaid']);
    expect(accounts[0]?.owners?.[0]?.preferred_first_name).toBe('Peter');
    expect(accounts[0]?.sort_code).toBe('040004');
    expect(accounts[2]?.closed).toBe(true);
  });

  it('passes through an account type and fields the API adds later', async () => {
    const future = {
      id: 'acc_new',
      description: 'x',
      created: '2030-01-01T00:00:00Z',
      type: 'uk_space_pension',
      brand_new: { nested: [1, 2] },
    };
    const { monzo } = clientAnswering({ accounts: [future] });
    const [account] = await monzo.accounts.list();
    expect(account).toEqual(future);
    expect(account?.type).toBe('uk_space_pension');
    expect(account && extraField(account, 'brand_new')).toEqual({ nested: [1, 2] });
  });

  it('leaves a missing optional field undefined', async () => {
    const { monzo } = clientAnswering(exampleJson('accounts-list.response.json'));
    const [account] = await monzo.accounts.list();
    expect(account?.closed).toBeUndefined();
    expect(account?.type).toBeUndefined();
    expect(account?.owners).toBeUndefined();
  });
});

describe('accounts.findByType', () => {
  it('returns the first open account of the type', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('accounts-list.observed.response.json'));
    const account = await monzo.accounts.findByType('uk_monzo_flex');
    expect(account?.id).toBe('acc_0000AbcFlex0123456789AB');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/accounts');
  });

  it('skips closed accounts of the type and returns undefined when no open one is left', async () => {
    const { monzo } = clientAnswering(exampleJson('accounts-list.observed.response.json'));
    expect(await monzo.accounts.findByType('uk_prepaid')).toBeUndefined();
  });

  it('returns undefined when no account has the type', async () => {
    const { monzo } = clientAnswering(exampleJson('accounts-list.observed.response.json'));
    expect(await monzo.accounts.findByType('uk_business')).toBeUndefined();
  });

  it('prefers an open account listed after a closed one of the same type', async () => {
    const { monzo } = clientAnswering({
      accounts: [
        { id: 'acc_closed', description: '', created: '', type: 'uk_retail', closed: true },
        { id: 'acc_open_1', description: '', created: '', type: 'uk_retail', closed: false },
        { id: 'acc_open_2', description: '', created: '', type: 'uk_retail' },
      ],
    });
    expect((await monzo.accounts.findByType('uk_retail'))?.id).toBe('acc_open_1');
  });
});
