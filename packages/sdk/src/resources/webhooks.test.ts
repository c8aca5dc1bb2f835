import { describe, expect, it } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { MonzoServerError } from '../core/errors.js';
import type { Webhook } from '../models/webhook.js';

describe('webhooks.create', () => {
  it('sends POST /webhooks with the example form body byte for byte and returns the Webhook', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('webhook-create.response.json'));
    const webhook: Webhook = await monzo.webhooks.create({
      account_id: 'acc_000091yf79yMwNaZHhHGzp',
      url: 'https://example.com/callback?secret=LONG_RANDOM_STRING',
    });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/webhooks');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe(exampleText('webhook-create.request.form.txt'));
    expect(webhook).toEqual({ account_id: 'account_id', id: 'webhook_id', url: 'http://example.com' });
  });

  it('is not retried after a 503, since the webhook may have been registered', async () => {
    const { monzo, requests } = clientAnswering({ code: 'internal_service' }, 503);
    await expect(
      monzo.webhooks.create({ account_id: 'acc_1', url: 'https://example.com/hook' }),
    ).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests).toHaveLength(1);
  });

  it.each([['ftp://example.com/hook'], ['example.com/hook'], ['javascript:alert(1)'], ['https://'], ['']])(
    'refuses the url %j without sending',
    async (url) => {
      const { monzo, requests } = clientAnswering({});
      expect((await validationError(monzo.webhooks.create({ account_id: 'acc_1', url }))).field).toBe('url');
      expect(requests).toHaveLength(0);
    },
  );

  it('refuses an empty account_id without sending', async () => {
    const { monzo, requests } = clientAnswering({});
    expect(
      (await validationError(monzo.webhooks.create({ account_id: '', url: 'https://example.com/hook' })))
        .field,
    ).toBe('account_id');
    expect(requests).toHaveLength(0);
  });
});

describe('webhooks.list', () => {
  it('sends GET /webhooks?account_id= and unwraps the example into Webhook[]', async () => {
    const example = exampleJson('webhooks-list.response.json');
    const { monzo, requests } = clientAnswering(example);
    const webhooks: Webhook[] = await monzo.webhooks.list('acc_000091yf79yMwNaZHhHGzp');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe(
      'https://api.monzo.com/webhooks?account_id=acc_000091yf79yMwNaZHhHGzp',
    );
    expect(webhooks).toEqual(example.webhooks);
    expect(webhooks.map((webhook) => webhook.id)).toEqual([
      'webhook_000091yhhOmrXQaVZ1Irsv',
      'webhook_000091yhhzvJSxLYGAceC9',
    ]);
  });

  it('refuses an empty account_id without sending', async () => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.webhooks.list(''))).field).toBe('account_id');
    expect(requests).toHaveLength(0);
  });
});

describe('webhooks.delete', () => {
  it('sends DELETE /webhooks/{id} with no body and resolves on {}', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('webhook-delete.response.json'));
    expect(await monzo.webhooks.delete('webhook_000091yhhOmrXQaVZ1Irsv')).toBeUndefined();
    expect(requests[0]?.method).toBe('DELETE');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/webhooks/webhook_000091yhhOmrXQaVZ1Irsv');
    expect(requests[0]?.body).toBe('');
  });

  it('percent-encodes the id so it cannot change the path', async () => {
    const { monzo, requests } = clientAnswering({});
    await monzo.webhooks.delete('../accounts');
    expect(requests[0]?.url.pathname).toBe('/webhooks/..%2Faccounts');
  });

  it.each([[''], ['..'], ['.']])('refuses the id %j without sending', async (id) => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.webhooks.delete(id))).field).toBe('webhook_id');
    expect(requests).toHaveLength(0);
  });
});
