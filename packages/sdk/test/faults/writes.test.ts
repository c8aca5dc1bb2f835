import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FaultRule, signIn } from '../../../mock/src/index.js';
import { MonzoClient } from '../../src/client.js';
import { MonzoError } from '../../src/core/errors.js';
import { socketWorld } from './emulator.js';
import { type Bank, type Write, writes } from './writes.js';

// Every call that changes something, under every answer that does not say whether it took effect: a 2xx body cut
// short, a 502, 503 or 504, an HTML page (as an error and as a 2xx), a reset after the change was made, and a
// timeout while it is made. Over a real socket. Each call either succeeds, its change made once, or fails saying
// its outcome is unknown, with advice; the emulator's state then holds the change at most once, and exactly
// once after the advice was followed.

/**
 * For the timeout case only: the emulator makes the change this late, the client gives up before. Both timers
 * run in this one process, and the client's starts first and is shorter, so it always fires first, however
 * loaded the machine; the gap only keeps the change being made well after the client gave up. Each of the 13
 * writes waits this out once, so it is no longer than that needs.
 */
const LATE_MS = 300;
const TIMEOUT_MS = 150;
const HTML = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

interface Shape {
  name: string;
  rule: Omit<FaultRule, 'path' | 'method'>;
  /** A body cut in half: an empty success answer stays whole, so the call may succeed. */
  cut?: boolean;
  timeout?: boolean;
}

const SHAPES: Shape[] = [
  { name: 'a 2xx body cut short after the change', rule: { malformed: true }, cut: true },
  { name: 'a 502 after the change', rule: { status: 502, commit: true } },
  { name: 'a 503 before it', rule: { status: 503 } },
  { name: 'a 504 after the change', rule: { status: 504, commit: true } },
  {
    name: 'an HTML error page after the change',
    rule: { status: 500, body: HTML, headers: { 'Content-Type': 'text/html' }, commit: true },
  },
  {
    name: 'an HTML 200 page after the change',
    rule: { status: 200, body: HTML, headers: { 'Content-Type': 'text/html' }, commit: true },
  },
  { name: 'a reset after the change', rule: { reset: 'after' } },
  { name: 'a timeout while the change is made', rule: { latencyMs: LATE_MS }, timeout: true },
];

let bank: Bank;
let settled: () => Promise<void>;
let close: () => Promise<void>;
let table: Write[];

beforeAll(async () => {
  const emulator = await socketWorld({ seed: 7, transactions: 5 });
  ({ settled, close } = emulator);
  const { mock, world } = emulator;
  const tokens = await signIn(mock);
  // One retry, so that the calls safe to repeat are repeated into the fault too.
  const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 1 });
  const pot = mock.control.dataset().pots.find((p) => !p.deleted && !p.locked);
  if (!pot) throw new Error('the seeded dataset has an open pot');
  const account = pot.current_account_id;
  // Money for every deposit, and in the pot for every withdrawal, twice over.
  mock.control.createTransaction({ account_id: account, amount: 1_000_000, merchant: false });
  await monzo.pots.deposit(pot.id, { source_account_id: account, amount: 100_000 });
  const transaction = () =>
    mock.control.createTransaction({ account_id: account, amount: -250, merchant: false }).id as string;
  bank = { mock, world, monzo, account, pot: pot.id, transaction };
  table = writes(bank, (condition, what) => expect(condition, what).toBe(true));
});
afterAll(() => close());
beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff: the retries run at once
  return () => vi.restoreAllMocks();
});

const NAMES = [
  'pots.deposit',
  'pots.withdraw',
  'transactions.annotate',
  'feed.create',
  'webhooks.create',
  'webhooks.delete',
  'attachments.upload',
  'attachments.uploadFile (the bytes)',
  'attachments.register',
  'attachments.deregister',
  'receipts.create',
  'receipts.delete',
  'logout',
];

describe.each(NAMES)('%s', (name) => {
  it.each(SHAPES)(
    'under $name: made at most once, then exactly once by following the advice',
    async (shape) => {
      const write = table.find((candidate) => candidate.name === name) as Write;
      const subject = await write.prepare();
      const remove = bank.mock.control.fault({ path: write.route, ...shape.rule });
      const error = await write.call(subject, shape.timeout ? { timeoutMs: TIMEOUT_MS } : {}).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      remove();
      // A change the client gave up on is still being made: read the state once nothing can change it.
      await settled();

      if (error === undefined) {
        // Only an empty success answer survives being cut in half.
        expect(shape.cut && write.emptyAnswer).toBe(true);
        if (write.applied) expect(await write.applied(subject)).toBe(1);
        return;
      }
      expect(error).toBeInstanceOf(MonzoError);
      const failed = error as MonzoError;
      expect({ name: failed.name, outcomeUnknown: failed.outcomeUnknown }).toEqual({
        name: failed.name,
        outcomeUnknown: true,
      });
      expect(failed.advice).toMatch(/\S/);
      expect(failed.message.endsWith(failed.advice as string)).toBe(true);
      if (write.applied) expect(await write.applied(subject)).toBeLessThanOrEqual(1);

      await write.follow(subject, failed);
      await settled();
      if (write.applied) expect(await write.applied(subject)).toBe(1);
    },
  );
});
