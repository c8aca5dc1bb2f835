import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../open.js';
import type { StoreTarget } from './test-support.js';

/** Registers the tests of several logins in one history on `target` (logins.test.ts, logins.postgres.test.ts). */
export function loginsBehaviour(target: StoreTarget): void {
  describe(`one history on ${target.name}, several logins`, () => behaviour(target));
}

function behaviour(target: StoreTarget): void {
  const dir = mkdtempSync(join(tmpdir(), 'monzo-history-logins-'));
  const mocks: MockServer[] = [];
  afterAll(async () => {
    await Promise.all(mocks.map((mock) => mock.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A login of its own: an emulator with another seed is another user, with other accounts. */
  const login = async (seed: number) => {
    const mock = await startMockServer({ seed, transactions: 120, autoApprove: true });
    mocks.push(mock);
    const tokens = await signIn(mock);
    return {
      mock,
      client: new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 0 }),
    };
  };

  it('keeps each login’s accounts as its own, and every row knows its user', async () => {
    const alice = await login(1);
    const bob = await login(2);
    const history = await openHistory(await target.location(dir));
    try {
      const [first, second] = [await history.sync(alice.client), await history.sync(bob.client)];
      const aliceId = alice.mock.control.dataset().user_id;
      const bobId = bob.mock.control.dataset().user_id;
      expect(aliceId).not.toBe(bobId);
      expect(first).toMatchObject({ user_id: aliceId, inserted: 240, held: 240 });
      expect(second).toMatchObject({ user_id: bobId, inserted: 240, held: 240 });

      const ids = (accounts: { id: string }[]) => accounts.map((account) => account.id).sort();
      const aliceAccounts = ids(await history.accounts({ user_id: aliceId }));
      const bobAccounts = ids(await history.accounts({ user_id: bobId }));
      expect(aliceAccounts).toEqual(ids(alice.mock.control.dataset().accounts));
      expect(bobAccounts).toEqual(ids(bob.mock.control.dataset().accounts));
      expect(ids(await history.accounts())).toEqual([...aliceAccounts, ...bobAccounts].sort());
      for (const account of first.accounts)
        expect((await history.syncState(account.id))?.user_id).toBe(aliceId);
      expect(await history.lastSync({ user_id: bobId })).toBeInstanceOf(Date);
      expect(await history.lastSync({ user_id: 'user_nobody' })).toBeUndefined();
    } finally {
      await history.close();
    }
  });
}
