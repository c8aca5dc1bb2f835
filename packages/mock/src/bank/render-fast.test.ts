import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { World } from '../world.js';
import type { Ledger } from './ledger.js';

/**
 * The JSON text of generated transactions is written straight from their derivation (`json-writer.ts`), not by
 * building an object and calling `JSON.stringify`. These tests hold it to the object path, byte for byte, and
 * hold the object path itself to the digests it had before the text path existed, so that neither can drift.
 */

const NOW = Date.UTC(2026, 0, 15, 12);

interface Scenario {
  seed: number;
  transactions: number;
  /** Half-open ranges of positions to compare. */
  ranges: Array<[number, number]>;
  /**
   * sha256 of every expected text, in order, recorded from the object path before the text path was written
   * (again when the history gained its opening salary and pot deposits, and pot transfers came in pairs).
   */
  digest: string;
}

const SCENARIOS: Scenario[] = [
  {
    seed: 1,
    transactions: 5_000,
    ranges: [[0, 5_000]],
    digest: '9727550ae2e820343cf4ab8cebc3c8e7019a6b823ac615221dbf2e22fc551b40',
  },
  {
    seed: 7,
    transactions: 5_000,
    ranges: [[0, 5_000]],
    digest: 'bb8d87f9fd81ea6b9e0a1fc11af10212e7bde0535dc827e07834431732ed44c7',
  },
  {
    seed: 42,
    transactions: 5_000,
    ranges: [[0, 5_000]],
    digest: '3485dc08d7cb238dfc4b283323c0efe7ba28a25883e3eaba03373fab72659112',
  },
  // Fewer than a block: the balancing transfer sums from 0, the pending ones overlap the first block.
  {
    seed: 5,
    transactions: 40,
    ranges: [[0, 40]],
    digest: '78e887af9e777b9b6370c13816ef120eaba7eddca9d9d8e45eba845814748de9',
  },
  {
    seed: 3,
    transactions: 1_000_000,
    ranges: [
      [0, 1_500],
      [499_000, 500_500],
      [998_500, 1_000_000],
    ],
    digest: '3bf01624e3cfc990cc286a15f7ff5318c99b9050b465e34e2917295475274843',
  },
];

/** What the corpus must hold, told from the expected text. */
const KINDS: Array<[string, (text: string) => boolean]> = [
  ['card', (t) => t.includes('"scheme":"mastercard"') && t.includes('"settled":"2')],
  ['pending', (t) => t.includes('"amount_is_pending":true')],
  ['declined', (t) => t.includes('"decline_reason"')],
  ['custom category', (t) => t.includes('"category":"category_0000')],
  ['top-up', (t) => t.includes('"scheme":"topup"')],
  ['fps in', (t) => t.includes('"scheme":"payport_faster_payments"') && t.includes(':INBOUND"')],
  ['fps out', (t) => t.includes('"scheme":"payport_faster_payments"') && t.includes(':OUTBOUND"')],
  ['salary', (t) => t.includes('"description":"SALARY ')],
  ['rent', (t) => t.includes('"description":"RENT"')],
  ['pot', (t) => t.includes('"scheme":"uk_retail_pot"')],
  ['expanded merchant', (t) => t.includes('"merchant":{"id":"merch_')],
  ['annotated', (t) => t.includes('Zoë')],
  ['key deleted', (t) => t.includes('"mastercard_lifecycle_id"') && !t.includes('"mcc"')],
  ['attachments', (t) => t.includes('"attachments":[{')],
];

/** Annotations (with characters JSON escapes), deleted metadata keys and attachments, on some positions. */
function overlay(world: World, ledger: Ledger, [start, end]: [number, number]): void {
  const { bank } = world;
  const now = world.clock.now();
  for (let position = start; position < end; position++) {
    const id = ledger.at(position, now).id;
    if (position % 97 === 5) {
      bank.annotate(id, [
        ['notes', `Lunch "with" Zoë ☕ \\ ${position}\u2028`],
        ['tag', 'work'],
      ]);
    }
    if (position % 89 === 3)
      bank.annotate(id, [
        ['mcc', ''],
        ['pot_id', ''],
        ['notes', ''],
      ]);
    if (position % 211 === 7 || position % 211 === 8) {
      const attachment = (k: number) => ({
        id: `attach_0000${position}x${k}`,
        user_id: bank.userId,
        external_id: id,
        file_url: `http://mock.test/file/${position}/${k}.png`,
        file_type: 'image/png',
        created: new Date(NOW - position).toISOString(),
      });
      bank.addAttachment(id, attachment(1));
      bank.addAttachment(id, attachment(2));
      // Every attachment removed again: `attachments: null`, not an empty list.
      if (position % 211 === 8) {
        bank.removeAttachment(`attach_0000${position}x1`);
        bank.removeAttachment(`attach_0000${position}x2`);
      }
    }
  }
}

/** The reference: the transaction as an object (`Ledger.at`, `Bank.present`), then `JSON.stringify`. */
function objectText(world: World, ledger: Ledger, position: number, expand: boolean): string {
  return JSON.stringify(world.bank.present(ledger.at(position, world.clock.now()), expand));
}

function setUp(scenario: Scenario) {
  const world = new World({ seed: scenario.seed, transactions: scenario.transactions, now: NOW });
  const ledgers = world.bank
    .summary()
    .accounts.map((account) => world.bank.ledger(account.id) as Ledger)
    .filter((ledger) => ledger.generated > 0);
  for (const ledger of ledgers) for (const range of scenario.ranges) overlay(world, ledger, range);
  return { world, ledgers };
}

describe('the JSON text of generated transactions', () => {
  for (const scenario of SCENARIOS) {
    it(`is the object path's, byte for byte (seed ${scenario.seed}, ${scenario.transactions} transactions)`, () => {
      const { world, ledgers } = setUp(scenario);
      const digest = createHash('sha256');
      let compared = 0;
      const seen = new Set<string>();
      for (const ledger of ledgers) {
        for (const [start, end] of scenario.ranges) {
          for (const expand of [false, true]) {
            for (let position = start; position < end; position++) {
              const expected = objectText(world, ledger, position, expand);
              digest.update(expected);
              for (const [name, test] of KINDS) if (test(expected)) seen.add(name);
              const actual = world.bank.render(ledger, position, expand);
              if (actual !== expected)
                expect({ position, expand, actual }).toEqual({ position, expand, actual: expected });
              compared++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
      // Every kind and every overlay is in the corpus (the tiny history has no pot transfer and no annotation).
      if (scenario.transactions >= 5_000)
        expect([...seen].sort()).toEqual(KINDS.map(([name]) => name).sort());
      expect(digest.digest('hex')).toBe(scenario.digest);
    });
  }

  it('pages as the object path does, over generated positions and those made later', () => {
    const { world, ledgers } = setUp(SCENARIOS[0] as Scenario);
    const [personal] = ledgers as [Ledger];
    world.bank.createTransaction({ amount: -1234, description: 'Later "one"' });
    world.bank.createTransaction({ amount: 500, merchant: false });
    const now = world.clock.now();
    for (const expand of [false, true]) {
      for (const [start, end] of [
        [0, 100],
        [4_950, personal.total],
        [1_234, 1_334],
      ] as Array<[number, number]>) {
        const texts: string[] = [];
        for (let p = start; p < end; p++)
          texts.push(JSON.stringify(world.bank.present(personal.at(p, now), expand)));
        const expected = `{"transactions":[${texts.join(',')}]}`;
        expect(utf8(world.bank.renderPage(personal, start, end, expand))).toBe(expected);
      }
    }
  });
});

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
