import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../test/support/fake-fetch.js';
import { exampleJson } from '../test/support/fixtures.js';
import { MonzoClient } from './client.js';
import { MonzoValidationError } from './core/errors.js';

describe('MonzoClient', () => {
  it('sends the bearer token and unwraps the accounts list', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('accounts-list.response.json')));
    const monzo = new MonzoClient({ accessToken: 'playground-token-123', fetch });
    const accounts = await monzo.accounts.list();
    expect(accounts[0]?.id).toBe('acc_00009237aqC8c5umZmrRdh');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer playground-token-123');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/accounts');
  });

  it('refuses per-call timeouts and retries a timer cannot honour, before sending anything', async () => {
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    const monzo = new MonzoClient({ accessToken: 'playground-token-123', fetch });
    for (const options of [
      { timeoutMs: 2 ** 31 },
      { timeoutMs: 0 },
      { timeoutMs: Number.NaN },
      { maxRetries: -1 },
    ]) {
      await expect(monzo.accounts.list({}, options)).rejects.toBeInstanceOf(MonzoValidationError);
    }
    expect(requests).toHaveLength(0);
  });
});
