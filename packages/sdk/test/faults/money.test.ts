import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../mock/src/index.js';
import { MonzoClient } from '../../src/client.js';
import { MonzoConnectionError, MonzoError } from '../../src/core/errors.js';
import { seededRandom, socketEmulator, tallyingLogger } from './emulator.js';

// 1,000 pot deposits and withdrawals through the SDK while the emulator, at random from a fixed seed, answers
// 429s, 500s and 503s, drops connections before and after the money moved, and stalls past the client's timeout.
// Afterwards: what succeeded moved once, what failed moved nothing or says its outcome is unknown, and once
// the unknown ones are re-sent with their own dedupe_id every balance is exactly what the moves add up to.

// Own process: 100 calls in flight against a 200 ms timeout; in a worker thread beside another file's sockets,
// ordinary answers went past it and the test ran out of time (twice in two runs; 15 s in a process of its own).
const SEED = 20_240_607;
const MOVES = 1_000;
/** Calls in flight at once: the backoff (up to 0.5 s, then 1 s) cannot be shortened, so the waits overlap. */
const LANES = 100;
/** Far above a normal answer on a loaded 2-core machine: only the injected stalls time out. */
const TIMEOUT_MS = 200;

type Direction = 'deposit' | 'withdraw';
interface Move {
  direction: Direction;
  pot_id: string;
  amount: number;
  dedupe_id: string;
}
type Result = 'moved' | 'failed' | 'unknown';

/** The seeded plan: directions, pots and amounts (1p to £20). */
function plan(pots: string[]): Move[] {
  const random = seededRandom(SEED);
  return Array.from({ length: MOVES }, (_, index) => ({
    direction: random() < 0.5 ? 'deposit' : 'withdraw',
    pot_id: pots[Math.floor(random() * pots.length)] as string,
    amount: 1 + Math.floor(random() * 2_000),
    dedupe_id: `faults-${SEED}-${index}`,
  }));
}

/** How a move changes the current account's balance. */
const signed = (move: Move) => (move.direction === 'deposit' ? -move.amount : move.amount);

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

describe('money moves exactly once through faults', () => {
  it('1,000 pot moves under 429, 500, 503, resets and timeouts: none lost, none doubled', async ({
    annotate,
  }) => {
    const { mock, settled, close } = await socketEmulator({ seed: SEED, transactions: 20 });
    cleanup.push(close);
    const tokens = await signIn(mock);
    const { logger, tally } = tallyingLogger();
    const monzo = new MonzoClient({
      apiUrl: mock.url,
      authUrl: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      tokens,
      timeoutMs: TIMEOUT_MS,
      maxRetries: 2,
      // `Retry-After: 0` is waited out; `Retry-After: 1` is beyond this and surfaces as the 429.
      maxRetryAfterMs: 50,
      logger,
    });
    const dataset = mock.control.dataset();
    const pots = dataset.pots.filter((pot) => !pot.deleted && !pot.locked);
    const account = pots[0]?.current_account_id as string;
    const potIds = pots.filter((pot) => pot.current_account_id === account).map((pot) => pot.id);
    expect(potIds.length).toBeGreaterThanOrEqual(3);
    const moves = plan(potIds);

    // Funds for any order and any subset of the moves: the account covers every deposit, each pot every
    // withdrawal from it, so that no move can meet insufficient funds.
    mock.control.createTransaction({ account_id: account, amount: 3_000_000, merchant: false });
    for (const pot_id of potIds) {
      const out = sum(moves, (m) => (m.pot_id === pot_id && m.direction === 'withdraw' ? m.amount : 0));
      await monzo.pots.deposit(pot_id, { source_account_id: account, amount: out });
    }
    // A second on, so that the ledger read from `since` holds the run's moves and not the funding.
    mock.control.advanceTime(1_000);
    const since = new Date(mock.control.now());
    const start = {
      account: (await monzo.balance.get(account)).balance,
      pots: new Map((await monzo.pots.list(account)).map((pot) => [pot.id, pot.balance])),
    };
    expect(start.account).toBeGreaterThanOrEqual(
      sum(moves, (m) => (m.direction === 'deposit' ? m.amount : 0)),
    );

    const faults = [
      { status: 429, headers: { 'Retry-After': '0' }, probability: 0.06 },
      { status: 429, headers: { 'Retry-After': '1' }, probability: 0.02 },
      { status: 500, probability: 0.05 },
      { status: 503, probability: 0.05 },
      { reset: 'before' as const, probability: 0.05 },
      { reset: 'after' as const, probability: 0.05 },
      { latencyMs: TIMEOUT_MS * 3, probability: 0.04 },
    ];
    for (const fault of faults) mock.control.fault({ method: 'PUT', path: '/pots/*', ...fault });
    tally.attempts = 0;
    tally.retries = 0;
    mock.control.resetCounters();

    const results: Result[] = new Array(MOVES);
    const errors = new Map<string, number>();
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < MOVES; index = next++) {
        const move = moves[index] as Move;
        try {
          await send(monzo, account, move);
          results[index] = 'moved';
        } catch (error) {
          expect(error).toBeInstanceOf(MonzoError);
          const result = error instanceof MonzoConnectionError && error.outcomeUnknown ? 'unknown' : 'failed';
          const key = `${result} ${(error as Error).name}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
          results[index] = result;
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    // Requests the client timed out on still finish inside the emulator; only then is the ledger final.
    await settled();
    mock.control.clearFaults();
    const attempts = sum(
      ['deposit', 'withdraw'],
      (d) => mock.control.counters().requests[`PUT /pots/:pot_id/${d}`] ?? 0,
    );

    const ledger = await potLedger(monzo, account, since);
    const entries = (move: Move) => ledger.get(move.dedupe_id) ?? [];
    const count = (result: Result) => results.filter((r) => r === result).length;

    // Nothing moved twice, whatever happened to the call.
    expect([...ledger.values()].filter((found) => found.length > 1)).toEqual([]);
    // Every success moved exactly once, by the amount asked, in the pot asked.
    const succeeded = moves.filter((_, index) => results[index] === 'moved');
    expect(succeeded.filter((m) => !sameMove(entries(m), m))).toEqual([]);
    // Every reported failure that does not say "unknown" really moved nothing.
    const failed = moves.filter((_, index) => results[index] === 'failed');
    expect(failed.filter((m) => entries(m).length > 0)).toEqual([]);
    // The unknown ones, re-sent with their dedupe_id, end up moved exactly once: the retry is harmless.
    const unknown = moves.filter((_, index) => results[index] === 'unknown');
    for (const move of unknown) await send(monzo, account, move);
    const reconciled = await potLedger(monzo, account, since);
    expect([...reconciled.values()].filter((found) => found.length > 1)).toEqual([]);
    expect(unknown.filter((m) => !sameMove(reconciled.get(m.dedupe_id) ?? [], m))).toEqual([]);
    expect(reconciled.size).toBe(succeeded.length + unknown.length);

    // Every balance is exactly the sum of the moves that happened.
    const moved = [...succeeded, ...unknown];
    expect((await monzo.balance.get(account)).balance).toBe(start.account + sum(moved, signed));
    const after = new Map((await monzo.pots.list(account)).map((pot) => [pot.id, pot.balance]));
    for (const pot_id of potIds) {
      const change = sum(moved, (m) => (m.pot_id === pot_id ? -signed(m) : 0));
      expect({ pot_id, balance: after.get(pot_id) }).toEqual({
        pot_id,
        balance: (start.pots.get(pot_id) ?? 0) + change,
      });
    }

    // The run met every kind of fault, and some calls ended in each way.
    const outcomes = Object.fromEntries(tally.byOutcome);
    expect(outcomes).toMatchObject({
      '429': expect.any(Number),
      '500': expect.any(Number),
      '503': expect.any(Number),
      MonzoConnectionError: expect.any(Number),
      MonzoTimeoutError: expect.any(Number),
    });
    expect(count('moved') + count('failed') + count('unknown')).toBe(MOVES);
    expect(count('failed')).toBeGreaterThan(0);
    expect(count('unknown')).toBeGreaterThan(0);
    const faulted = sum([...tally.byOutcome.values()], (n) => n);
    await annotate(
      `${attempts} attempts, ${faulted} faulted (${JSON.stringify(outcomes)}), ${tally.retries} retries; ` +
        `${count('moved')} moved, ${count('failed')} failed, ${count('unknown')} unknown then reconciled ` +
        `(${JSON.stringify(Object.fromEntries(errors))})`,
    );
  });
});

function send(monzo: MonzoClient, account: string, move: Move) {
  const { pot_id, amount, dedupe_id } = move;
  return move.direction === 'deposit'
    ? monzo.pots.deposit(pot_id, { source_account_id: account, amount, dedupe_id })
    : monzo.pots.withdraw(pot_id, { destination_account_id: account, amount, dedupe_id });
}

interface LedgerEntry {
  amount: number;
  pot_id: string | undefined;
}

/** The account's pot transfers since `since`, by dedupe_id (Monzo's `metadata.external_id`). */
async function potLedger(monzo: MonzoClient, account_id: string, since: Date) {
  const ledger = new Map<string, LedgerEntry[]>();
  for await (const transaction of monzo.transactions.iterate({ account_id, since })) {
    const externalId = transaction.metadata.external_id;
    if (transaction.scheme !== 'uk_retail_pot' || externalId === undefined) continue;
    const found = ledger.get(externalId) ?? [];
    found.push({ amount: transaction.amount, pot_id: transaction.metadata.pot_id });
    ledger.set(externalId, found);
  }
  return ledger;
}

/** One ledger entry, for this move's amount, direction and pot. */
function sameMove(found: LedgerEntry[], move: Move): boolean {
  return found.length === 1 && found[0]?.amount === signed(move) && found[0]?.pot_id === move.pot_id;
}
