import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { type Account, MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE, walkInOrder } from './pages.js';

let mock: MockServer;
let client: MonzoClient;
let account: Account;

beforeAll(async () => {
  mock = await startMockServer({ transactions: 250, autoApprove: true });
  const tokens = await signIn(mock);
  client = new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 0 });
  const accounts = await client.accounts.list();
  account = accounts.find((item) => item.type === 'uk_retail') as Account;
});
afterAll(() => mock.close());

const pageRequests = () => mock.control.counters().requests['GET /transactions'] ?? 0;

/** Waits, letting the emulator answer, until `done` holds or a second has passed; whether it held. */
async function eventually(done: () => boolean): Promise<boolean> {
  const until = Date.now() + 1_000;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  return done();
}

describe('walkInOrder', () => {
  it('hands over every transaction once, oldest first, a page of 100 at a time with its cursor', async () => {
    const ids: string[] = [];
    for await (const tx of client.transactions.iterate({ account_id: account.id })) ids.push(tx.id);
    const pages = [];
    for await (const page of walkInOrder({ client, account, state: undefined, since: undefined })) {
      pages.push(page);
    }
    expect(pages.map((page) => page.transactions.length)).toEqual(
      [...ids.keys()]
        .filter((index) => index % PAGE === 0)
        .map((index) => Math.min(PAGE, ids.length - index)),
    );
    expect(pages.flatMap((page) => page.transactions.map((tx) => tx.id))).toEqual(ids);
    for (const page of pages) {
      const last = page.transactions.at(-1);
      expect(page.cursor?.last_id).toBe(last?.id);
      expect(page.cursor?.last_created).toBe(new Date(last?.created as string).toISOString());
    }
  });

  it('asks for the next page before handing over this one, so that it travels while this one is written', async () => {
    mock.control.resetCounters();
    const walk = walkInOrder({ client, account, state: undefined, since: undefined })[Symbol.asyncIterator]();
    const first = await walk.next();
    expect(first.value?.transactions).toHaveLength(PAGE);
    // The caller has not asked for the second page yet, and its request has reached the emulator.
    expect(await eventually(() => pageRequests() === 2)).toBe(true);
    const second = await walk.next();
    expect(second.value?.transactions[0]?.id).not.toBe(first.value?.transactions[0]?.id);
    await walk.return?.();
  });

  it('lets a caller stop after any page, at once, and the emulator answers the next walk as before', async () => {
    mock.control.resetCounters();
    for await (const page of walkInOrder({ client, account, state: undefined, since: undefined })) {
      expect(page.transactions).toHaveLength(PAGE);
      break;
    }
    let count = 0;
    for await (const page of walkInOrder({ client, account, state: undefined, since: undefined })) {
      count += page.transactions.length;
    }
    expect(count).toBe(250);
  });
});
