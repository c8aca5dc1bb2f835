import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/consent.js';
import { createMockMonzo, type MockMonzo } from '../src/index.js';
import { shapeDifferences } from './shape.js';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/monzo-api-examples');
const example = (name: string): unknown => JSON.parse(readFileSync(resolve(EXAMPLES, name), 'utf8'));
const API = 'http://monzo.test';
const REDIRECT = 'http://127.0.0.1:8080/callback';

/** A logged-in, approved session on an in-process emulator, speaking raw HTTP as any client would. */
async function session(mock: MockMonzo) {
  const authorize = new URL(API);
  authorize.search = new URLSearchParams({
    client_id: mock.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    state: 's',
  }).toString();
  const location = await submitConsent(authorize.toString(), 'allow', mock.fetch);
  const code = new URL(location).searchParams.get('code') ?? '';
  const grant = (fields: Record<string, string>) =>
    mock.fetch(`${API}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: mock.clientId, client_secret: mock.clientSecret, ...fields }),
    });
  const tokenResponse = await grant({ grant_type: 'authorization_code', redirect_uri: REDIRECT, code });
  const token = (await tokenResponse.clone().json()) as { access_token: string; refresh_token: string };
  const call = async (method: string, path: string, body?: Record<string, string> | object, json = false) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token.access_token}` };
    let payload: string | URLSearchParams | undefined;
    if (body && json) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    } else if (body) payload = new URLSearchParams(body as Record<string, string>);
    const response = await mock.fetch(`${API}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { token, tokenResponse, grant, call };
}

describe('the emulator answers with the shapes of the documented examples', () => {
  let mock: MockMonzo;
  let api: Awaited<ReturnType<typeof session>>;
  let account: string;
  let pot: string;
  let cardPayment: string;

  beforeAll(async () => {
    mock = createMockMonzo({ autoApprove: true, seed: 7, transactions: 200 });
    api = await session(mock);
    const dataset = mock.control.dataset();
    account =
      dataset.accounts.find((candidate) => candidate.type === 'uk_retail' && !candidate.closed)?.id ?? '';
    pot =
      dataset.pots.find(
        (candidate) => !candidate.deleted && !candidate.locked && candidate.current_account_id === account,
      )?.id ?? '';
    const list = (await api.call('GET', `/transactions?account_id=${account}&limit=100`)).body as {
      transactions: { id: string; merchant: unknown }[];
    };
    cardPayment = list.transactions.find((tx) => typeof tx.merchant === 'string')?.id ?? '';
    expect([account, pot, cardPayment].every(Boolean)).toBe(true);
  });

  const expectShape = (name: string, actual: unknown) =>
    expect(shapeDifferences(example(name), actual), name).toEqual([]);

  it('oauth-token and oauth-refresh', async () => {
    expectShape('oauth-token.response.json', await api.tokenResponse.json());
    const refreshed = await api.grant({
      grant_type: 'refresh_token',
      refresh_token: api.token.refresh_token,
    });
    expectShape('oauth-refresh.response.json', await refreshed.json());
    Object.assign(api, await session(mock)); // the refresh evicted the session's token: log in again
  });

  it('whoami, accounts, balance, pots', async () => {
    expectShape('whoami.response.json', (await api.call('GET', '/ping/whoami')).body);
    for (const name of ['accounts-list.response.json', 'accounts-list.observed.response.json']) {
      expectShape(name, (await api.call('GET', '/accounts')).body);
    }
    for (const name of ['balance.response.json', 'balance.observed.response.json']) {
      expectShape(name, (await api.call('GET', `/balance?account_id=${account}`)).body);
    }
    for (const name of ['pots-list.response.json', 'pots-list.observed.response.json']) {
      expectShape(name, (await api.call('GET', `/pots?current_account_id=${account}`)).body);
    }
  });

  it('pot deposit and withdraw', async () => {
    const deposit = await api.call('PUT', `/pots/${pot}/deposit`, {
      source_account_id: account,
      amount: '100',
      dedupe_id: 'conformance-1',
    });
    expectShape('pot-deposit.response.json', deposit.body);
    const withdraw = await api.call('PUT', `/pots/${pot}/withdraw`, {
      destination_account_id: account,
      amount: '100',
      dedupe_id: 'conformance-2',
    });
    expectShape('pot-withdraw.response.json', withdraw.body);
  });

  it('transactions: list, get expanded, annotate', async () => {
    const list = (await api.call('GET', `/transactions?account_id=${account}&limit=100`)).body as {
      transactions: { merchant: unknown }[];
    };
    // The documented list shows card payments; compare with one of those.
    const payments = { transactions: list.transactions.filter((tx) => typeof tx.merchant === 'string') };
    expectShape('transactions-list.response.json', payments);
    const expanded = await api.call('GET', `/transactions/${cardPayment}?expand%5B%5D=merchant`);
    expectShape('transaction-get-expanded.response.json', expanded.body);
    expectShape('transaction-get-expanded.observed.response.json', expanded.body);
    const annotated = await api.call('PATCH', `/transactions/${cardPayment}`, { 'metadata[foo]': 'bar' });
    expectShape('transaction-annotate.response.json', annotated.body);
  });

  it('feed, attachments, receipts, webhooks', async () => {
    expectShape(
      'feed-create.response.json',
      (
        await api.call('POST', '/feed', {
          account_id: account,
          type: 'basic',
          'params[title]': 'Hi',
          'params[image_url]': 'https://example.com/i.png',
        })
      ).body,
    );
    const upload = await api.call('POST', '/attachment/upload', {
      file_name: 'a.png',
      file_type: 'image/png',
      content_length: '3',
    });
    expectShape('attachment-upload.response.json', upload.body);
    const { file_url } = upload.body as { file_url: string };
    const registered = await api.call('POST', '/attachment/register', {
      external_id: cardPayment,
      file_url,
      file_type: 'image/png',
    });
    expectShape('attachment-register.response.json', registered.body);
    const attachmentId = (registered.body as { attachment: { id: string } }).attachment.id;
    expectShape(
      'attachment-deregister.response.json',
      (await api.call('POST', '/attachment/deregister', { id: attachmentId })).body,
    );

    const receipt = example('receipt-create.request.json') as { items: object[]; external_id: string };
    // The docs' example leaves out the item's `tax`, which the emulator requires (monzo-api.md §5.13, §11): add it.
    const items = receipt.items.map((item) => ({ tax: 0, ...item }));
    const put = await api.call(
      'PUT',
      '/transaction-receipts',
      { ...receipt, items, transaction_id: cardPayment },
      true,
    );
    expect(put).toEqual({ status: 200, body: undefined }); // monzo-api.md §5.13: an empty body
    const externalId = String(receipt.external_id);
    for (const name of ['receipt-get.response.json', 'receipt-get.observed.response.json']) {
      expectShape(name, (await api.call('GET', `/transaction-receipts?external_id=${externalId}`)).body);
    }
    expectShape(
      'receipt-delete.response.json',
      (await api.call('DELETE', `/transaction-receipts?external_id=${externalId}`)).body,
    );

    const created = await api.call('POST', '/webhooks', {
      account_id: account,
      url: 'http://127.0.0.1:9/hook?secret=x',
    });
    expectShape('webhook-create.response.json', created.body);
    expectShape(
      'webhooks-list.response.json',
      (await api.call('GET', `/webhooks?account_id=${account}`)).body,
    );
    const webhookId = (created.body as { webhook: { id: string } }).webhook.id;
    expectShape('webhook-delete.response.json', (await api.call('DELETE', `/webhooks/${webhookId}`)).body);
  });

  it('the transaction.created event delivered to webhooks', async () => {
    const delivered: unknown[] = [];
    let release: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        delivered.push(JSON.parse(text));
        response.end('ok');
        release();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await api.call('POST', '/webhooks', { account_id: account, url: `http://127.0.0.1:${port}/hook` });
      mock.control.createTransaction({
        account_id: account,
        amount: -350,
        description: 'Ozone Coffee Roasters',
      });
      await arrived;
      expectShape('webhook-transaction-created.event.json', delivered[0]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the missing-parameter error', async () => {
    expectShape('error.missing-param-account-id.json', (await api.call('GET', '/balance')).body);
  });
});

describe('the emulator answers with the shapes of the documented error bodies', () => {
  const expectError = (name: string, actual: { status: number; body: unknown }, status: number) => {
    expect(actual.status, name).toBe(status);
    expect(shapeDifferences(example(name), actual.body), name).toEqual([]);
    expect((actual.body as { code: string }).code).toBe((example(name) as { code: string }).code);
  };
  const fresh = async (options = {}) => {
    const mock = createMockMonzo({ autoApprove: true, transactions: 50, ...options });
    return { mock, api: await session(mock) };
  };

  it('covers every error example file', () => {
    const names = readdirSync(EXAMPLES).filter((name) => name.startsWith('error.'));
    expect(names.sort()).toEqual([
      'error.access-token-evicted.json',
      'error.access-token-expired.json',
      'error.bad-refresh-token.json',
      'error.insufficient-permissions.json',
      'error.missing-param-account-id.json',
      'error.refresh-token-evicted.json',
      'error.verification-required.json',
    ]);
  });

  it('an expired and an evicted access token', async () => {
    const { mock, api } = await fresh();
    mock.control.advanceTime(21_600_000);
    expectError('error.access-token-expired.json', await api.call('GET', '/accounts'), 401);
    const second = await fresh();
    const newer = await session(second.mock);
    expect(newer.token.access_token).not.toBe(second.api.token.access_token);
    expectError('error.access-token-evicted.json', await second.api.call('GET', '/accounts'), 401);
  });

  it('a spent and an evicted refresh token', async () => {
    const { api } = await fresh();
    const spend = () => api.grant({ grant_type: 'refresh_token', refresh_token: api.token.refresh_token });
    expect((await spend()).status).toBe(200);
    const replay = await spend();
    expectError('error.bad-refresh-token.json', { status: replay.status, body: await replay.json() }, 401);

    const other = await fresh();
    await session(other.mock); // a new login supersedes the first one's refresh token
    const evicted = await other.api.grant({
      grant_type: 'refresh_token',
      refresh_token: other.api.token.refresh_token,
    });
    expectError(
      'error.refresh-token-evicted.json',
      { status: evicted.status, body: await evicted.json() },
      401,
    );
  });

  it('a login not approved yet, and history outside the SCA window', async () => {
    const { api } = await fresh({ autoApprove: false });
    expectError('error.insufficient-permissions.json', await api.call('GET', '/accounts'), 403);

    const { mock, api: approved } = await fresh();
    const account = mock.control.dataset().accounts.find((candidate) => candidate.type === 'uk_retail')?.id;
    mock.control.advanceTime(6 * 60_000); // past the 5 minutes of full history
    expectError(
      'error.verification-required.json',
      await approved.call('GET', `/transactions?account_id=${account}`),
      403,
    );
  });
});
