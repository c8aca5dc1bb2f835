import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { example, type Session, session } from './test-support.js';

interface Tx {
  id: string;
  created: string;
  merchant: unknown;
  metadata: Record<string, string>;
  notes: string;
}

describe('listing transactions', () => {
  let s: Session;
  let all: Tx[];
  const list = async (query: string) => s.get(`/transactions?account_id=${s.personal}${query}`);
  beforeAll(async () => {
    s = await session({ transactions: 250 });
    const first = await list('&limit=100');
    const second = await list(`&limit=100&since=${first.body.transactions.at(-1).id}`);
    const third = await list(`&limit=100&since=${second.body.transactions.at(-1).id}`);
    all = [...first.body.transactions, ...second.body.transactions, ...third.body.transactions];
  });

  it('pages oldest first, 30 by default and 100 at most, each transaction once', async () => {
    expect(all).toHaveLength(250);
    expect(new Set(all.map((tx) => tx.id)).size).toBe(250);
    const times = all.map((tx) => Date.parse(tx.created));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const page = await list('');
    expect(page.body.transactions.map((tx: Tx) => tx.id)).toEqual(all.slice(0, 30).map((tx) => tx.id));
  });

  it('refuses a limit outside 1..100 or not a whole number', async () => {
    for (const limit of ['0', '101', '-1', '1.5', 'abc', '']) {
      const answer = await list(`&limit=${limit}`);
      expect([answer.status, answer.body.code], limit).toEqual([400, 'bad_request.bad_param.limit']);
    }
    expect((await list('&limit=1')).body.transactions).toHaveLength(1);
    expect((await list('&limit=100')).body.transactions).toHaveLength(100);
  });

  it('takes since as a time (inclusive) or an id (exclusive), and before as a time (exclusive)', async () => {
    const ids = (answer: { body: { transactions: Tx[] } }) => answer.body.transactions.map((tx) => tx.id);
    const at = (k: number) => all[k] as Tx;
    expect(ids(await list(`&limit=3&since=${at(40).created}`))).toEqual([at(40).id, at(41).id, at(42).id]);
    expect(ids(await list(`&limit=3&since=${at(40).id}`))).toEqual([at(41).id, at(42).id, at(43).id]);
    expect(ids(await list(`&since=${at(40).created}&before=${at(43).created}`))).toEqual([
      at(40).id,
      at(41).id,
      at(42).id,
    ]);
    // With only `before`, the oldest of the window come first.
    expect(ids(await list(`&limit=2&before=${at(100).created}`))).toEqual([at(0).id, at(1).id]);
    // The last page is short, and past the end there is nothing.
    expect(ids(await list(`&since=${at(248).id}`))).toEqual([at(249).id]);
    expect(ids(await list(`&since=${at(249).id}`))).toEqual([]);
  });

  it('reads RFC 3339 times with offsets, even a + sent unencoded', async () => {
    const target = all[60] as Tx;
    const shifted = new Date(Date.parse(target.created) + 3_600_000).toISOString().replace('Z', '');
    const offset = `${shifted.slice(0, 19)}.${shifted.slice(20, 23)}+01:00`;
    for (const since of [encodeURIComponent(offset), offset]) {
      const answer = await list(`&limit=1&since=${since}`);
      expect(answer.body.transactions[0]?.id).toBe(target.id);
    }
  });

  it('refuses a since or before it cannot read', async () => {
    const other = await s.get(`/transactions?account_id=${s.joint}&limit=1`);
    for (const [query, code] of [
      ['&since=yesterday', 'bad_request.bad_param.since'],
      ['&since=2026-02-30T00:00:00Z', 'bad_request.bad_param.since'],
      ['&since=tx_00008zjky19HyFLAzlUk7t', 'bad_request.bad_param.since'],
      [`&since=${other.body.transactions[0].id}`, 'bad_request.bad_param.since'],
      ['&before=tx_00008zjky19HyFLAzlUk7t', 'bad_request.bad_param.before'],
      ['&before=2026-01-01', 'bad_request.bad_param.before'],
    ]) {
      const answer = await list(query as string);
      expect([answer.status, answer.body.code], query).toEqual([400, code]);
    }
  });

  it('needs an account_id, and one of the caller’s', async () => {
    const missing = await s.get('/transactions');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(example('error.missing-param-account-id.json'));
    const foreign = await s.get('/transactions?account_id=acc_0000NotYoursAtAll0000000');
    expect([foreign.status, foreign.body.code]).toEqual([403, 'forbidden.account']);
  });

  it('expands merchants on the list with expand[]=merchant; transfers keep merchant null', async () => {
    const plain = (await list('&limit=60')).body.transactions as Tx[];
    const expanded = (await list('&limit=60&expand[]=merchant')).body.transactions as Tx[];
    expanded.forEach((tx, index) => {
      const id = plain[index]?.merchant;
      if (id === null) expect(tx.merchant).toBeNull();
      else expect(tx.merchant).toMatchObject({ id, name: expect.any(String), address: expect.any(Object) });
    });
    expect(plain.some((tx) => tx.merchant === null)).toBe(true);
    const bracketsEncoded = (await list('&limit=60&expand%5B%5D=merchant')).body.transactions;
    expect(bracketsEncoded).toEqual(expanded);
  });
});

describe('one transaction', () => {
  let s: Session;
  let card: Tx;
  beforeAll(async () => {
    s = await session();
    const page = await s.get(`/transactions?account_id=${s.personal}&limit=100`);
    card = page.body.transactions.find((tx: Tx) => typeof tx.merchant === 'string');
  });

  it('is read by id, its merchant an id unless expanded', async () => {
    const plain = await s.get(`/transactions/${card.id}`);
    expect(plain.body.transaction).toEqual(card);
    const expanded = await s.get(`/transactions/${card.id}?expand[]=merchant`);
    expect(expanded.body.transaction.merchant.id).toBe(card.merchant);
    expect(await s.monzo.transactions.get(card.id, { expand: ['merchant'] })).toEqual(
      expanded.body.transaction,
    );
    const unknown = await s.get('/transactions/tx_00008zjky19HyFLAzlUk7t');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found.transaction']);
  });

  it('is annotated with the documented form body: keys merge, an empty value deletes', async () => {
    const body = readFileSync(
      new URL(
        '../../../../fixtures/monzo-api-examples/transaction-annotate.request.form.txt',
        import.meta.url,
      ),
      'utf8',
    ).trim();
    await s.send('PATCH', `/transactions/${card.id}`, 'metadata%5Bstale_key%5D=old&metadata%5Bkeep%5D=1');
    const answer = await s.send('PATCH', `/transactions/${card.id}`, body);
    expect(answer.status).toBe(200);
    expect(answer.body.transaction.metadata).toEqual({ ...card.metadata, foo: 'bar', keep: '1' });
    expect((await s.get(`/transactions/${card.id}`)).body.transaction.metadata.foo).toBe('bar');
  });

  it('takes literal brackets too, may delete a key Monzo set, and mirrors metadata[notes] to notes', async () => {
    const answer = await s.send(
      'PATCH',
      `/transactions/${card.id}`,
      'metadata[notes]=Lunch+with+Sam&metadata[mcc]=',
    );
    expect(answer.body.transaction.notes).toBe('Lunch with Sam');
    expect(answer.body.transaction.metadata.notes).toBe('Lunch with Sam');
    expect(answer.body.transaction.metadata).not.toHaveProperty('mcc');
    // The list shows it too, and the SDK's annotate clears it.
    const listed = await s.get(`/transactions?account_id=${s.personal}&since=${card.created}&limit=1`);
    expect(listed.body.transactions[0].notes).toBe('Lunch with Sam');
    const cleared = await s.monzo.transactions.annotate(card.id, { notes: null });
    expect(cleared.notes).toBe('');
    expect(cleared.metadata).not.toHaveProperty('notes');
  });

  // Found by encode.fuzz.test.ts: the first key was dropped (`.` stops at a line break), the second set no key
  // (`metadata.__proto__ = value` sets none on a plain object).
  it('keeps any key, one with a line break or named __proto__ included', async () => {
    const answer = await s.send(
      'PATCH',
      `/transactions/${card.id}`,
      'metadata%5Bline%0Abreak%5D=1&metadata%5B__proto__%5D=2&metadata%5Ba%5Db%5D=3',
    );
    expect(answer.status).toBe(200);
    const metadata = answer.body.transaction.metadata;
    expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('2');
    expect(metadata['line\nbreak']).toBe('1');
    expect(metadata['a]b']).toBe('3');
    const deleted = await s.send('PATCH', `/transactions/${card.id}`, 'metadata%5B__proto__%5D=');
    expect(Object.hasOwn(deleted.body.transaction.metadata, '__proto__')).toBe(false);
  });

  it('refuses an unknown transaction and a malformed body', async () => {
    const unknown = await s.send('PATCH', '/transactions/tx_00008zjky19HyFLAzlUk7t', 'metadata%5Bfoo%5D=bar');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found.transaction']);
    const malformed = await s.send('PATCH', `/transactions/${card.id}`, 'metadata%5Bfoo%5D=%zz');
    expect(malformed.status).toBe(400);
  });
});
