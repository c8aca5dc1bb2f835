import { MonzoClient } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import type { MockTransaction } from './bank-types.js';
import { API, type Session, session, sessionWithWorld } from './test-support.js';

function potNamed(s: Session, name: string): string {
  const pot = s.dataset.pots.find((candidate) => candidate.name === name);
  if (!pot) throw new Error(`no pot named ${name}`);
  return pot.id;
}

async function balanceOf(s: Session, account: string): Promise<number> {
  return (await s.get(`/balance?account_id=${account}`)).body.balance;
}

async function potBalance(s: Session, account: string, pot: string): Promise<number> {
  const { body } = await s.get(`/pots?current_account_id=${account}`);
  return body.pots.find((candidate: { id: string }) => candidate.id === pot).balance;
}

describe('pots', () => {
  it('lists the pots of an account, deleted and locked ones included; the joint account has its own', async () => {
    const s = await session();
    const personal = (await s.get(`/pots?current_account_id=${s.personal}`)).body.pots;
    expect(personal.length).toBeGreaterThanOrEqual(5);
    expect(personal.filter((pot: { deleted: boolean }) => pot.deleted)).toHaveLength(1);
    expect(personal.filter((pot: { locked: boolean }) => pot.locked)).toHaveLength(1);
    expect(
      personal.every((pot: { current_account_id: string }) => pot.current_account_id === s.personal),
    ).toBe(true);
    const joint = (await s.get(`/pots?current_account_id=${s.joint}`)).body.pots;
    expect(joint.length).toBeGreaterThanOrEqual(1);
    expect(joint[0].current_account_id).toBe(s.joint);
    const missing = await s.get('/pots');
    expect([missing.status, missing.body.code]).toEqual([
      400,
      'bad_request.missing_param.current_account_id',
    ]);
    const foreign = await s.get('/pots?current_account_id=acc_0000NotYoursAtAll0000000');
    expect([foreign.status, foreign.body.code]).toEqual([403, 'forbidden.account']);
  });

  it('a deposit moves money from the account to the pot and creates the matching transaction', async () => {
    const s = await sessionWithWorld();
    const created: MockTransaction[] = [];
    s.world.bank.onTransactionCreated((tx) => created.push(tx));
    const pot = potNamed(s, 'Savings');
    const [balance, inPot] = [await balanceOf(s, s.personal), await potBalance(s, s.personal, pot)];
    const before = s.mock.control.now();
    const answer = await s.monzo.pots.deposit(pot, { source_account_id: s.personal, amount: 2_500 });
    expect(answer).toMatchObject({ id: pot, balance: inPot + 2_500, deleted: false });
    expect(Date.parse(answer.updated)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(answer.updated)).toBeLessThanOrEqual(s.mock.control.now());
    expect(await balanceOf(s, s.personal)).toBe(balance - 2_500);
    expect(await potBalance(s, s.personal, pot)).toBe(inPot + 2_500);

    const { body } = await s.get(
      `/transactions?account_id=${s.personal}&since=${new Date(before).toISOString()}`,
    );
    expect(body.transactions).toHaveLength(1);
    expect(body.transactions[0]).toMatchObject({
      amount: -2_500,
      merchant: null,
      description: pot,
      category: 'savings',
    });
    expect(created).toEqual([expect.objectContaining({ id: body.transactions[0].id, amount: -2_500 })]);
  });

  it('a withdrawal moves money back, with its own transaction', async () => {
    const s = await session();
    const pot = potNamed(s, 'Bills');
    const [balance, inPot] = [await balanceOf(s, s.personal), await potBalance(s, s.personal, pot)];
    const before = s.mock.control.now();
    const answer = await s.monzo.pots.withdraw(pot, { destination_account_id: s.personal, amount: 700 });
    expect(answer.balance).toBe(inPot - 700);
    expect(await balanceOf(s, s.personal)).toBe(balance + 700);
    const { body } = await s.get(
      `/transactions?account_id=${s.personal}&since=${new Date(before).toISOString()}`,
    );
    expect(body.transactions.map((tx: { amount: number }) => tx.amount)).toEqual([700]);
  });

  it('moves money once per dedupe_id through the SDK: a repeat answers with the pot as it is', async () => {
    const s = await session();
    const pot = potNamed(s, 'Holiday');
    const [balance, inPot] = [await balanceOf(s, s.personal), await potBalance(s, s.personal, pot)];
    const move = { source_account_id: s.personal, amount: 1_000, dedupe_id: 'holiday-2026-01' };
    const before = s.mock.control.now();
    const first = await s.monzo.pots.deposit(pot, move);
    const second = await s.monzo.pots.deposit(pot, move);
    expect(second).toEqual(first);
    expect(await balanceOf(s, s.personal)).toBe(balance - 1_000);
    expect(await potBalance(s, s.personal, pot)).toBe(inPot + 1_000);
    const { body } = await s.get(
      `/transactions?account_id=${s.personal}&since=${new Date(before).toISOString()}`,
    );
    expect(body.transactions).toHaveLength(1);
  });

  it('a retry after the connection dropped past the commit moves nothing more', async () => {
    const s = await session();
    const pot = potNamed(s, 'Holiday');
    const balance = await balanceOf(s, s.personal);
    const monzo = new MonzoClient({
      apiUrl: API,
      fetch: s.mock.fetch,
      accessToken: s.tokens.access_token,
      maxRetries: 2,
    });
    s.mock.control.fault({ method: 'PUT', path: `/pots/${pot}/deposit`, reset: 'after', times: 1 });
    // The SDK sends the same generated dedupe_id again after the reset.
    await monzo.pots.deposit(pot, { source_account_id: s.personal, amount: 400 });
    expect(s.mock.control.counters().requests['PUT /pots/:pot_id/deposit']).toBe(2);
    expect(await balanceOf(s, s.personal)).toBe(balance - 400);
  });

  it('refuses a dedupe_id reused for another amount, pot or direction', async () => {
    const s = await session();
    const [savings, holiday] = [potNamed(s, 'Savings'), potNamed(s, 'Holiday')];
    const form = { source_account_id: s.personal, amount: '500', dedupe_id: 'once' };
    expect((await s.send('PUT', `/pots/${savings}/deposit`, form)).status).toBe(200);
    const balance = await balanceOf(s, s.personal);
    for (const [path, fields] of [
      [`/pots/${savings}/deposit`, { ...form, amount: '501' }],
      [`/pots/${holiday}/deposit`, form],
      [`/pots/${savings}/withdraw`, { destination_account_id: s.personal, amount: '500', dedupe_id: 'once' }],
    ] as const) {
      const answer = await s.send('PUT', path, fields);
      expect([answer.status, answer.body.code]).toEqual([400, 'bad_request.bad_param.dedupe_id']);
    }
    expect(await balanceOf(s, s.personal)).toBe(balance);
  });

  it('refuses bad amounts, missing fields, unknown pots and the wrong account', async () => {
    const s = await session();
    const pot = potNamed(s, 'Savings');
    const deposit = (fields: Record<string, string>, id = pot) =>
      s.send('PUT', `/pots/${id}/deposit`, fields);
    const full = { source_account_id: s.personal, amount: '100', dedupe_id: 'd1' };
    for (const amount of ['0', '-5', '1.5', 'abc', '1e3']) {
      const answer = await deposit({ ...full, amount });
      expect([answer.status, answer.body.code], amount).toEqual([400, 'bad_request.bad_param.amount']);
    }
    for (const field of ['source_account_id', 'amount', 'dedupe_id'] as const) {
      const { [field]: _, ...rest } = full;
      const answer = await deposit(rest);
      expect([answer.status, answer.body.code]).toEqual([400, `bad_request.missing_param.${field}`]);
    }
    const withdraw = await s.send('PUT', `/pots/${pot}/withdraw`, { amount: '1', dedupe_id: 'w1' });
    expect(withdraw.body.code).toBe('bad_request.missing_param.destination_account_id');
    const unknown = await deposit(full, 'pot_0000NoSuchPot0000000000');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found.pot']);
    const other = await deposit({ ...full, source_account_id: s.joint });
    expect([other.status, other.body.code]).toEqual([400, 'bad_request.bad_param.source_account_id']);
    const foreign = await deposit({ ...full, source_account_id: 'acc_0000NotYoursAtAll0000000' });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'forbidden.account']);
  });

  it('refuses more than the account or the pot holds', async () => {
    const s = await session();
    const pot = potNamed(s, 'Savings');
    const balance = await balanceOf(s, s.personal);
    const inPot = await potBalance(s, s.personal, pot);
    const deposit = await s.send('PUT', `/pots/${pot}/deposit`, {
      source_account_id: s.personal,
      amount: String(balance + 1),
      dedupe_id: 'too-much-in',
    });
    expect([deposit.status, deposit.body.code]).toEqual([400, 'bad_request.insufficient_funds']);
    const withdraw = await s.send('PUT', `/pots/${pot}/withdraw`, {
      destination_account_id: s.personal,
      amount: String(inPot + 1),
      dedupe_id: 'too-much-out',
    });
    expect([withdraw.status, withdraw.body.code]).toEqual([400, 'bad_request.insufficient_funds']);
    // Exactly all of it is fine.
    const all = await s.send('PUT', `/pots/${pot}/withdraw`, {
      destination_account_id: s.personal,
      amount: String(inPot),
      dedupe_id: 'all-out',
    });
    expect([all.status, all.body.balance]).toEqual([200, 0]);
  });

  it('refuses a deleted pot (400 bad_request.pot_deleted), whichever way', async () => {
    const s = await session();
    const pot = s.dataset.pots.find((candidate) => candidate.deleted)?.id as string;
    const deposit = await s.send('PUT', `/pots/${pot}/deposit`, {
      source_account_id: s.personal,
      amount: '1',
      dedupe_id: 'x',
    });
    expect([deposit.status, deposit.body.code]).toEqual([400, 'bad_request.pot_deleted']);
    const withdraw = await s.send('PUT', `/pots/${pot}/withdraw`, {
      destination_account_id: s.personal,
      amount: '1',
      dedupe_id: 'y',
    });
    expect([withdraw.status, withdraw.body.code]).toEqual([400, 'bad_request.pot_deleted']);
  });

  it('takes deposits into a locked pot but no withdrawal until it unlocks', async () => {
    const s = await session({ tokenTtlSeconds: 365 * 86_400 });
    const pot = s.dataset.pots.find((candidate) => candidate.locked)?.id as string;
    const into = await s.monzo.pots.deposit(pot, { source_account_id: s.personal, amount: 300 });
    expect(into).toMatchObject({ locked: true, locked_until: expect.any(String) });
    const out = await s.send('PUT', `/pots/${pot}/withdraw`, {
      destination_account_id: s.personal,
      amount: '300',
      dedupe_id: 'early',
    });
    expect([out.status, out.body.code]).toEqual([403, 'forbidden.pot_locked']);

    s.mock.control.setTime(Date.parse(into.locked_until as string));
    const later = await s.monzo.pots.withdraw(pot, { destination_account_id: s.personal, amount: 300 });
    expect(later.locked).toBe(false);
    expect(later).not.toHaveProperty('locked_until');
    expect(s.mock.control.dataset().pots.find((candidate) => candidate.id === pot)?.locked).toBe(false);
  });
});
