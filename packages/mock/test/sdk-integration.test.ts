import {
  createAuthorizationRequest,
  exchangeCode,
  MemoryTokenStore,
  MonzoAuthenticationError,
  MonzoClient,
  MonzoScaWindowError,
  MonzoValidationError,
  refreshTokens,
} from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/consent.js';
import { type MockServer, startMockServer } from '../src/index.js';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const DAY = 24 * 3_600_000;

/**
 * The SDK against the emulator over real sockets, end to end: every endpoint, the token life cycle, the SCA
 * window and retries through injected faults.
 */
describe('monzo-ts against @monzo-ts/mock over a socket', () => {
  let mock: MockServer;
  let monzo: MonzoClient;
  let store: MemoryTokenStore;
  let account: string;

  beforeAll(async () => {
    mock = await startMockServer({ seed: 11, transactions: 2_000, redirectUris: [REDIRECT] });
    const login = createAuthorizationRequest({
      clientId: mock.clientId,
      redirectUri: REDIRECT,
      authUrl: mock.url,
    });
    const callback = new URL(await submitConsent(login.url, 'allow'));
    const tokens = await exchangeCode({
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      apiUrl: mock.url,
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      state: callback.searchParams.get('state') ?? '',
      expectedState: login.state,
    });
    expect(mock.control.approve(tokens.access_token)).toBe(1);
    store = new MemoryTokenStore(tokens);
    monzo = new MonzoClient({
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      apiUrl: mock.url,
      tokenStore: store,
    });
    account = (await monzo.accounts.findByType('uk_retail'))?.id ?? '';
  });
  afterAll(() => mock.close());

  it('reads accounts, balance and pots, and moves money in and out of a pot exactly', async () => {
    expect((await monzo.whoami()).authenticated).toBe(true);
    expect((await monzo.accounts.list({ account_type: 'uk_retail_joint' })).map((a) => a.type)).toEqual([
      'uk_retail_joint',
    ]);
    const before = await monzo.balance.get(account);
    const pot = (await monzo.pots.list(account)).find((candidate) => !candidate.deleted && !candidate.locked);
    if (!pot) throw new Error('no open pot');
    const deposited = await monzo.pots.deposit(pot.id, { source_account_id: account, amount: 1_234 });
    expect(deposited.balance).toBe(pot.balance + 1_234);
    const withdrawn = await monzo.pots.withdraw(pot.id, { destination_account_id: account, amount: 234 });
    expect(withdrawn.balance).toBe(pot.balance + 1_000);
    const after = await monzo.balance.get(account);
    expect(after.balance).toBe(before.balance - 1_000);
    expect(after.total_balance).toBe(before.total_balance);
  });

  it('pages through transactions, gets one with its merchant, and annotates it', async () => {
    const since = new Date(mock.control.now() - 60 * DAY);
    const seen: string[] = [];
    for await (const tx of monzo.transactions.iterate({ account_id: account, since })) seen.push(tx.id);
    expect(seen.length).toBeGreaterThan(100);
    expect(new Set(seen).size).toBe(seen.length);
    const page = await monzo.transactions.list({ account_id: account, since, limit: 100 });
    expect(page.map((tx) => tx.id)).toEqual(seen.slice(0, 100));
    const payment = page.find((tx) => typeof tx.merchant === 'string');
    if (!payment) throw new Error('no card payment');
    const expanded = await monzo.transactions.get(payment.id, { expand: ['merchant'] });
    expect(expanded.merchant?.id).toBe(payment.merchant);
    const annotated = await monzo.transactions.annotate(payment.id, { notes: 'Team lunch', project: 'x' });
    expect(annotated.notes).toBe('Team lunch');
    expect(annotated.metadata.project).toBe('x');
    const cleared = await monzo.transactions.annotate(payment.id, { project: null });
    expect(cleared.metadata.project).toBeUndefined();
  });

  it('posts a feed item, attaches a file, keeps a receipt and manages webhooks', async () => {
    await monzo.feed.create({
      account_id: account,
      params: { title: 'Saved', image_url: 'https://example.com/i.png' },
    });
    const [tx] = await monzo.transactions.list({
      account_id: account,
      since: new Date(mock.control.now() - 10 * DAY),
      limit: 1,
    });
    if (!tx) throw new Error('no recent transaction');
    const data = new TextEncoder().encode('PNG bytes');
    const attachment = await monzo.attachments.uploadFile({
      transaction_id: tx.id,
      file_name: 'r.png',
      file_type: 'image/png',
      data,
    });
    expect(new Uint8Array(await (await fetch(attachment.file_url)).arrayBuffer())).toEqual(data);
    expect((await monzo.transactions.get(tx.id)).attachments?.map((a) => a.id)).toContain(attachment.id);
    await monzo.attachments.deregister(attachment.id);

    const receipt = {
      transaction_id: tx.id,
      external_id: `r-${tx.id}`,
      total: 500,
      currency: 'GBP',
      items: [{ description: 'Tea', amount: 500, currency: 'GBP' }],
    };
    await monzo.receipts.create(receipt);
    expect((await monzo.receipts.get(receipt.external_id)).items[0]?.tax).toBe(0);
    await monzo.receipts.delete(receipt.external_id);

    const webhook = await monzo.webhooks.create({
      account_id: account,
      url: 'http://127.0.0.1:9/hook?secret=s',
    });
    expect((await monzo.webhooks.list(account)).map((w) => w.id)).toContain(webhook.id);
    await monzo.webhooks.delete(webhook.id);
    expect(await monzo.webhooks.list(account)).toEqual([]);
  });

  it('retries through injected faults and moves money once when the line drops after the commit', async () => {
    const before = (await monzo.balance.get(account)).balance;
    mock.control.resetCounters();
    const removeUnavailable = mock.control.fault({ path: '/balance', status: 503, times: 2 });
    expect((await monzo.balance.get(account)).balance).toBe(before);
    expect(mock.control.counters().requests['GET /balance']).toBe(3);
    removeUnavailable();

    const pot = (await monzo.pots.list(account)).find((candidate) => !candidate.deleted && !candidate.locked);
    if (!pot) throw new Error('no open pot');
    mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', reset: 'after', times: 1 });
    await monzo.pots.deposit(pot.id, { source_account_id: account, amount: 700 });
    expect((await monzo.balance.get(account)).balance).toBe(before - 700);
    expect(mock.control.counters().requests['PUT /pots/:pot_id/deposit']).toBe(2);
  });

  it('refuses old history outside the SCA window, and pages within 90 days', async () => {
    mock.control.advanceTime(6 * 60_000);
    await expect(monzo.transactions.list({ account_id: account })).rejects.toBeInstanceOf(
      MonzoScaWindowError,
    );
    await expect(
      monzo.transactions.list({ account_id: account, since: new Date(mock.control.now() - 120 * DAY) }),
    ).rejects.toBeInstanceOf(MonzoScaWindowError);
    const recent = await monzo.transactions.list({
      account_id: account,
      since: new Date(mock.control.now() - 89 * DAY),
      limit: 5,
    });
    expect(recent).toHaveLength(5);
    await expect(monzo.transactions.list({ account_id: account, limit: 101 })).rejects.toBeInstanceOf(
      MonzoValidationError,
    );
  });

  it('refreshes an expired token once, rotates the refresh token, and refuses the spent one', async () => {
    mock.control.resetCounters();
    const spent = (await store.get())?.refresh_token ?? '';
    mock.control.advanceTime(6 * 3_600_000);
    await Promise.all(Array.from({ length: 20 }, () => monzo.balance.get(account)));
    expect(mock.control.counters().grants.refresh_token).toBe(1);
    expect((await store.get())?.refresh_token).not.toBe(spent);
    const replay = refreshTokens({
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      apiUrl: mock.url,
      refreshToken: spent,
    });
    await expect(replay).rejects.toMatchObject({ name: 'MonzoAuthenticationError', loginRequired: true });
  });

  it('logs out: the token stops working', async () => {
    await monzo.logout();
    await expect(monzo.whoami()).rejects.toBeInstanceOf(MonzoAuthenticationError);
  });
});
