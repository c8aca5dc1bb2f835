import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MockOptions } from '../options.js';
import { type Receiver, type ReceiverAnswer, startReceiver } from './test-receiver.js';
import { codeOf, type Session, signedInWithWorld } from './test-session.js';

const receivers: Receiver[] = [];
const sessions: Session[] = [];

afterEach(async () => {
  // reset() stops pending deliveries, so no retry outlives its test.
  for (const session of sessions.splice(0)) session.mock.control.reset();
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function setup(answer: ReceiverAnswer = () => 200, options: MockOptions = {}) {
  const session = await signedInWithWorld(options);
  sessions.push(session);
  const receiver = await startReceiver(answer);
  receivers.push(receiver);
  const attempts = () => session.mock.control.counters().webhookDeliveries;
  /** Resolves once every delivery has ended (delivered, given up, or cancelled): no sleeping on a guess. */
  const settled = (extras = session.world.extras) =>
    vi.waitFor(() => expect(extras.pendingDeliveries()).toBe(0), { timeout: 5_000, interval: 2 });
  return { ...session, receiver, attempts, settled };
}

describe('webhook registration', () => {
  it('creates, lists and deletes webhooks through the SDK; the same URL twice makes two', async () => {
    const { monzo, account } = await setup();
    const url = 'https://example.com/callback?secret=LONG_RANDOM_STRING';
    const first = await monzo.webhooks.create({ account_id: account, url });
    const second = await monzo.webhooks.create({ account_id: account, url });
    expect(first).toEqual({
      account_id: account,
      id: expect.stringMatching(/^webhook_0000[0-9A-Za-z]{18}$/),
      url,
    });
    expect(second.id).not.toBe(first.id);
    expect(await monzo.webhooks.list(account)).toEqual([first, second]);
    await monzo.webhooks.delete(first.id);
    expect(await monzo.webhooks.list(account)).toEqual([second]);
  });

  it('lists only the webhooks of the account asked for', async () => {
    const { monzo, account, dataset } = await setup();
    const joint =
      dataset.accounts.find((candidate) => candidate.id !== account && !candidate.closed)?.id ?? '';
    await monzo.webhooks.create({ account_id: joint, url: 'http://127.0.0.1:1/joint' });
    expect(await monzo.webhooks.list(account)).toEqual([]);
    expect(await monzo.webhooks.list(joint)).toHaveLength(1);
  });

  it('accepts http and https URLs only', async () => {
    const { call, account } = await setup();
    expect(
      (await call('POST', '/webhooks', { account_id: account, url: 'http://127.0.0.1:9/hook' })).status,
    ).toBe(200);
    for (const url of ['ftp://example.com/hook', 'example.com/hook', 'http://']) {
      const answer = await call('POST', '/webhooks', { account_id: account, url });
      expect([answer.status, codeOf(answer)]).toEqual([400, 'bad_request.bad_param.url']);
    }
  });

  it('needs account_id and url, refuses accounts that are not the user’s, and 404s an unknown id', async () => {
    const { call, account } = await setup();
    const noAccount = await call('POST', '/webhooks', { url: 'https://example.com/' });
    expect([noAccount.status, codeOf(noAccount)]).toEqual([400, 'bad_request.missing_param.account_id']);
    const noUrl = await call('POST', '/webhooks', { account_id: account });
    expect([noUrl.status, codeOf(noUrl)]).toEqual([400, 'bad_request.missing_param.url']);
    const listAll = await call('GET', '/webhooks');
    expect([listAll.status, codeOf(listAll)]).toEqual([400, 'bad_request.missing_param.account_id']);
    const foreign = await call('POST', '/webhooks', {
      account_id: 'acc_0000NotYours',
      url: 'https://example.com/',
    });
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'forbidden.account']);
    const listForeign = await call('GET', '/webhooks?account_id=acc_0000NotYours');
    expect([listForeign.status, codeOf(listForeign)]).toEqual([403, 'forbidden.account']);
    const unknown = await call('DELETE', '/webhooks/webhook_0000Unknown');
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'not_found.webhook']);
  });
});

describe('webhook delivery', () => {
  it('POSTs transaction.created with the transaction to every webhook of its account', async () => {
    const { monzo, mock, account, receiver, attempts } = await setup();
    await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/hook?secret=abc` });
    const tx = mock.control.createTransaction({ account_id: account, amount: -350, merchant: true });
    expect(attempts()).toBe(1); // started before createTransaction returned
    await receiver.received(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook?secret=abc');
    expect(request?.headers['content-type']).toBe('application/json');
    const event = JSON.parse(request?.body ?? '') as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('transaction.created');
    expect(event.data).toEqual(JSON.parse(JSON.stringify(tx)));
    expect(event.data).toMatchObject({ id: tx.id, account_id: account, amount: -350 });
    expect(typeof event.data.merchant).toBe('object'); // expanded, as Monzo sends it
  });

  it('delivers declined transactions too, and nothing for another account', async () => {
    const { monzo, mock, account, dataset, receiver, attempts } = await setup();
    await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/hook` });
    const joint =
      dataset.accounts.find((candidate) => candidate.id !== account && !candidate.closed)?.id ?? '';
    mock.control.createTransaction({ account_id: joint, amount: -100 });
    expect(attempts()).toBe(0);
    mock.control.createTransaction({
      account_id: account,
      amount: -100,
      decline_reason: 'INSUFFICIENT_FUNDS',
    });
    await receiver.received(1);
    expect(JSON.parse(receiver.requests[0]?.body ?? '').data.decline_reason).toBe('INSUFFICIENT_FUNDS');
  });

  it('retries after 500s: exactly 5 attempts in all when the receiver always fails', async () => {
    const { monzo, mock, account, receiver, attempts, settled } = await setup(() => 500);
    await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/hook` });
    mock.control.createTransaction({ account_id: account, amount: -350 });
    await settled();
    expect(receiver.requests).toHaveLength(5);
    expect(attempts()).toBe(5);
    expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
  });

  it('stops at the first success: 2 failures then a 200 is 3 attempts', async () => {
    const { monzo, mock, account, receiver, attempts, settled } = await setup((n) => (n <= 2 ? 500 : 200));
    await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/hook` });
    mock.control.createTransaction({ account_id: account, amount: -350 });
    await settled();
    expect(receiver.requests).toHaveLength(3);
    expect(attempts()).toBe(3);
  });

  it('delivers nothing to a deleted webhook, and stops retrying one deleted meanwhile', async () => {
    // A backoff long enough for the deletion to land between the first attempt and the retry.
    const { monzo, mock, account, receiver, attempts, settled } = await setup(() => 500, {
      webhookRetryDelaysMs: [100],
    });
    const kept = await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/kept` });
    const dropped = await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/dropped` });
    await monzo.webhooks.delete(dropped.id);
    mock.control.createTransaction({ account_id: account, amount: -350 });
    expect(attempts()).toBe(1);
    await receiver.received(1);
    await monzo.webhooks.delete(kept.id);
    await settled();
    expect(receiver.requests.map((request) => request.path)).toEqual(['/kept']);
    expect(attempts()).toBe(1);
  });

  it('never lets a failing delivery reach the code that created the transaction', async () => {
    const { monzo, mock, account } = await setup();
    await monzo.webhooks.create({ account_id: account, url: 'http://127.0.0.1:1/nothing-listens' });
    const before = (await monzo.balance.get(account)).balance;
    expect(() => mock.control.createTransaction({ account_id: account, amount: -350 })).not.toThrow();
    expect((await monzo.balance.get(account)).balance).toBe(before - 350);
  });

  it('reset() cancels retries that are waiting, and counts start again from 0', async () => {
    const { monzo, mock, account, world, receiver, settled } = await setup(() => 500, {
      webhookRetryDelaysMs: [60_000],
    });
    await monzo.webhooks.create({ account_id: account, url: `${receiver.url}/hook` });
    mock.control.createTransaction({ account_id: account, amount: -350 });
    await receiver.received(1);
    const before = world.extras;
    expect(before.pendingDeliveries()).toBe(1);
    mock.control.reset();
    await settled(before); // the minute-long wait was cancelled, not waited out
    expect(receiver.requests).toHaveLength(1);
    expect(mock.control.counters().webhookDeliveries).toBe(0);
  });
});
