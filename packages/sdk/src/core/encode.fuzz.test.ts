import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../../mock/src/index.js';
import { fuzz, fuzzTimeout } from '../../test/support/fuzz.js';
import { MonzoClient } from '../client.js';
import { MonzoValidationError } from './errors.js';

/**
 * Metadata, form-encoded by the SDK and decoded by the emulator (monzo-api.md §2 "Bracketed keys", §5.8), round trip
 * exactly: whatever keys and values a program annotates with, reading the transaction back gives them as set,
 * an empty value (or null) deletes the key, and what cannot be sent is a MonzoValidationError saying what to fix.
 */

let mock: MockServer;
let monzo: MonzoClient;

beforeAll(async () => {
  mock = await startMockServer({ transactions: 5 });
  const tokens = await signIn(mock);
  monzo = new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 0 });
});

afterAll(async () => {
  await mock.close();
});

/** Characters that mean something to a form body, to brackets or to a line-based reader. */
const SPECIAL = [
  '=',
  '&',
  '[',
  ']',
  '%',
  '+',
  ' ',
  '\n',
  '\r',
  '\t',
  '%5B',
  '%5D',
  '%2',
  '\u0000',
  '#',
  '?',
  ';',
];

const awkward = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3, unit: 'grapheme' })), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
  { weight: 3, arbitrary: awkward },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  // UTF-16 code units one by one: lone surrogates too, as text cut in the middle of an emoji has them.
  {
    weight: 1,
    arbitrary: fc.string({
      maxLength: 6,
      unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    }),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 2000 }) },
);

const key = fc.oneof(
  { weight: 6, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'notes',
      '__proto__',
      'constructor',
      'toString',
      'metadata[x]',
      'mcc',
      'a]b[c',
    ),
  },
);

/** A value, or null: both `''` and null delete the key (monzo-api.md §5.8). */
const value = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.constant(null) });

/** A metadata change, built with defineProperty so that a `__proto__` key is a key like any other. */
const change = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 6 }).map((entries) => {
  const metadata: Record<string, string | null> = {};
  for (const [name, entry] of entries) {
    Object.defineProperty(metadata, name, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return metadata;
});

/** The metadata a transaction should have after `changes` are merged into `before`. */
function merged(before: Record<string, string>, changes: Record<string, string | null>): Map<string, string> {
  const after = new Map(Object.entries(before));
  for (const [name, entry] of Object.entries(changes)) {
    if (entry === null || entry === '') after.delete(name);
    else after.set(name, entry);
  }
  return after;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('transactions.annotate over a socket to the emulator', () => {
  const RUNS = 600;
  it(
    'sets and deletes any metadata exactly as given, or refuses it with a MonzoValidationError naming the fix',
    async () => {
      await fc.assert(
        fc.asyncProperty(change, async (metadata) => {
          // A new transaction each time, so that what earlier cases set cannot hide what this one does.
          const { id, metadata: before } = mock.control.createTransaction({ amount: -100 }) as {
            id: string;
            metadata: Record<string, string>;
          };
          const outcome = await monzo.transactions.annotate(id, metadata).then(
            (transaction) => ({ ok: true as const, transaction }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          const entries = Object.entries(metadata);
          const unsendable = entries.some(
            ([name, entry]) => name === '' || LONE_SURROGATE.test(name) || LONE_SURROGATE.test(entry ?? ''),
          );
          if (!outcome.ok) {
            expect(outcome.error).toBeInstanceOf(MonzoValidationError);
            expect((outcome.error as Error).message).toMatch(/keys must not be empty|pass whole characters/);
            expect(unsendable).toBe(true);
            return;
          }
          expect(unsendable).toBe(false);
          const expected = merged(before, metadata);
          const returned = new Map(Object.entries(outcome.transaction.metadata ?? {}));
          const readBack = (await monzo.transactions.get(id)).metadata ?? {};
          expect(returned).toEqual(expected);
          expect(new Map(Object.entries(readBack))).toEqual(expected);
          // Setting metadata[notes] sets the transaction's notes too (monzo-api.md §5.8).
          if (Object.hasOwn(metadata, 'notes'))
            expect(outcome.transaction.notes).toBe(expected.get('notes') ?? '');
        }),
        fuzz(RUNS),
      );
    },
    fuzzTimeout(RUNS, 60),
  );
});
