import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { json } from '../../test/support/fake-fetch.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import type { MonzoClient } from '../client.js';
import { MonzoServerError } from '../core/errors.js';
import type { Pot } from '../models/pot.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ACCOUNT = 'acc_00009237aqC8c5umZmrRdh';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('pots.list', () => {
  it('sends GET /pots?current_account_id= and unwraps the documented example into Pot[]', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('pots-list.response.json'));
    const pots: Pot[] = await monzo.pots.list(ACCOUNT);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe(`https://api.monzo.com/pots?current_account_id=${ACCOUNT}`);
    expect(pots).toEqual(exampleJson('pots-list.response.json').pots);
    expect(pots[0]?.goal_amount).toBeUndefined();
    expect(pots[0]?.locked).toBeUndefined();
  });

  it('parses the observed pots, deleted and locked ones included, with null goals kept', async () => {
    const example = exampleJson('pots-list.observed.response.json');
    const { monzo } = clientAnswering(example);
    const pots = await monzo.pots.list(ACCOUNT);
    expect(pots).toEqual(example.pots);
    expect(pots.map((pot) => pot.deleted)).toEqual([false, false, true]);
    expect(pots[1]?.locked_until).toBe('2026-12-31T00:00:00.000Z');
    expect(pots[1]?.goal_amount).toBeNull();
    expect(pots[0]?.locked_until).toBeUndefined();
  });

  it('refuses an empty current_account_id without sending', async () => {
    const { monzo, requests } = clientAnswering({ pots: [] });
    expect((await validationError(monzo.pots.list(''))).field).toBe('current_account_id');
    expect(requests).toHaveLength(0);
  });
});

describe.each([
  {
    direction: 'deposit' as const,
    accountField: 'source_account_id',
    example: 'pot-deposit',
    dedupe: '5d3c0f6e-4a57-4bd7-9a0b-9f1f2a1f7c11',
  },
  {
    direction: 'withdraw' as const,
    accountField: 'destination_account_id',
    example: 'pot-withdraw',
    dedupe: 'a0c1d2e3-0000-4000-8000-000000000001',
  },
])('pots.$direction', ({ direction, accountField, example, dedupe }) => {
  const move = (monzo: MonzoClient, potId: string, fields: Record<string, unknown>) =>
    // biome-ignore lint/suspicious/noExplicitAny: one body for both directions; each field is checked below
    monzo.pots[direction](potId, fields as any);

  it('sends PUT /pots/{id}/{direction} with the example form body byte for byte and returns the Pot', async () => {
    const { monzo, requests } = clientAnswering(exampleJson(`${example}.response.json`));
    const pot: Pot = await move(monzo, 'pot_00009exampleP0tOxWb', {
      [accountField]: ACCOUNT,
      amount: 1000,
      dedupe_id: dedupe,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('PUT');
    expect(requests[0]?.url.href).toBe(`https://api.monzo.com/pots/pot_00009exampleP0tOxWb/${direction}`);
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe(exampleText(`${example}.request.form.txt`));
    expect(pot).toEqual(exampleJson(`${example}.response.json`));
  });

  it('generates a UUID dedupe_id when none is given, and a different one on each call', async () => {
    const { monzo, requests } = clientAnswering(exampleJson(`${example}.response.json`));
    await move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount: 1 });
    await move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount: 1 });
    const ids = requests.map((request) => new URLSearchParams(request.body).get('dedupe_id'));
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('sends the same generated dedupe_id and body again when it retries after a 503', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
    const { monzo, requests } = clientAnswering((_request, index) =>
      index === 0
        ? json({ code: 'internal_service', message: 'unavailable' }, 503)
        : json(exampleJson(`${example}.response.json`)),
    );
    const pot = await move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount: 250 });
    expect(pot.id).toBe('pot_00009exampleP0tOxWb');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toBe(requests[0]?.body);
    expect(new URLSearchParams(requests[0]?.body).get('dedupe_id')).toMatch(UUID);
  });

  it('keeps one dedupe_id across every attempt until the retries run out', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { monzo, requests } = clientAnswering({ code: 'internal_service' }, 503);
    await expect(move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount: 5 })).rejects.toBeInstanceOf(
      MonzoServerError,
    );
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
  });

  it("uses the caller's dedupe_id when given", async () => {
    const { monzo, requests } = clientAnswering(exampleJson(`${example}.response.json`));
    await move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount: 1, dedupe_id: 'my-key-1' });
    expect(new URLSearchParams(requests[0]?.body).get('dedupe_id')).toBe('my-key-1');
  });

  it('percent-encodes the pot id so it cannot change the path', async () => {
    const { monzo, requests } = clientAnswering(exampleJson(`${example}.response.json`));
    await move(monzo, '../accounts?x=1', { [accountField]: ACCOUNT, amount: 1 });
    expect(requests[0]?.url.pathname).toBe(`/pots/..%2Faccounts%3Fx%3D1/${direction}`);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['unsafe', 2 ** 60],
    ['a string', '1000'],
  ])('refuses a %s amount naming amount, sending nothing', async (_name, amount) => {
    const { monzo, requests } = clientAnswering({});
    const error = await validationError(move(monzo, 'pot_1', { [accountField]: ACCOUNT, amount }));
    expect(error.field).toBe('amount');
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['pot_id', { pot: '', fields: { [accountField]: ACCOUNT, amount: 1 } }],
    [accountField, { pot: 'pot_1', fields: { [accountField]: '', amount: 1 } }],
    [accountField, { pot: 'pot_1', fields: { amount: 1 } }],
    ['dedupe_id', { pot: 'pot_1', fields: { [accountField]: ACCOUNT, amount: 1, dedupe_id: '' } }],
  ])('refuses an empty %s without sending', async (field, { pot, fields }) => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(move(monzo, pot, fields))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});
