import { describe, expect, it } from 'vitest';
import { base62, hash } from '../core/random.js';
import { World } from '../world.js';
import { checkHalf, checkState, SALT, transactionId, transactionTail, writeTail } from './ids.js';
import { isoWritable, JsonSink } from './json-sink.js';
import { HOLE, Template } from './json-template.js';
import type { Ledger } from './ledger.js';
import { draw, HASH_START, mix, remainder } from './mix.js';

/** The pieces the JSON writer is made of, each against what it replaces. */

/** A seeded stream of numbers, so that a failure can be reproduced. */
function numbers(seed: number) {
  let state = seed;
  return () => {
    state = hash(state, 0x2545f491);
    return state;
  };
}

describe('the hash rounds', () => {
  it('give `hash` of the parts so far, one part at a time', () => {
    const next = numbers(1);
    for (let n = 0; n < 2_000; n++) {
      const parts = [next(), next() % 64, next(), next() % 200, -next(), next() / 7];
      const state = parts.slice(0, -1).reduce(mix, HASH_START);
      expect(draw(state, parts.at(-1) as number)).toBe(hash(...parts));
    }
  });

  it('are divided by `remainder` exactly as by `%`, for hashes, positions and wider whole numbers', () => {
    const next = numbers(5);
    const values = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 - 2];
    const divisors = [1, 2, 3, 5, 22, 32, 40, 10_000, 30_000, 62 ** 5, 2 ** 31 - 1, 2 ** 32 - 1];
    for (let n = 0; n < 20_000; n++) values.push(next(), next() * 2 ** 21 + next(), next() % 1_000_000);
    for (let n = 0; n < 200; n++) divisors.push(1 + (next() % 1_000), 1 + next());
    for (const divisor of divisors) {
      for (let k = 0; k < values.length; k += 37) {
        const value = values[(k + divisor) % values.length] as number;
        if (remainder(value, divisor) !== value % divisor)
          expect({ value, divisor, remainder: remainder(value, divisor) }).toEqual({
            value,
            divisor,
            remainder: value % divisor,
          });
      }
    }
  });
});

describe('the id written from its parts', () => {
  it('is the one `base62` writes, as text and as bytes, for usual and wide ids', () => {
    const next = numbers(2);
    const bytes = new Uint8Array(64);
    const indices = [0, 1, 61, 62, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 62 ** 7 - 1, 62 ** 7, 62 ** 8 + 3];
    for (let n = 0; n < 2_000; n++) indices.push(next() % 2_000_000, next() * 700);
    for (const index of indices) {
      const slot = index % 3;
      const seed = 1 + (index % 5);
      const check = checkState(index, mix(mix(mix(HASH_START, seed), slot), index));
      const [a, b] = [checkHalf(check, 0), checkHalf(check, 1)];
      const high = Math.floor(index / 4_294_967_296);
      expect(a).toBe(hash(seed, slot, index, high, SALT.check) % 62 ** 5);
      const expected = base62(slot, 1) + base62(index, 7) + base62(a, 5) + base62(b, 5);
      expect(transactionTail(slot, index, a, b)).toBe(expected);
      expect(transactionId(seed, slot, index)).toBe(`tx_0000${expected}`);
      const end = writeTail(bytes, 3, slot, index, a, b);
      expect(Buffer.from(bytes.subarray(3, end)).toString('latin1')).toBe(expected);
    }
  });
});

describe('the sink', () => {
  it('writes times as `toISOString`, for every time it accepts', () => {
    const sink = new JsonSink();
    const next = numbers(3);
    const times = [
      0, -1, 1, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, -62_167_219_200_000, 253_402_300_799_999,
    ];
    for (let n = 0; n < 20_000; n++)
      times.push(Date.UTC(2024, 0, 1) + (next() % 1_000) * 86_400_000 + (next() % 86_400_000));
    for (let n = 0; n < 5_000; n++) times.push((next() - 2_147_483_648) * 50_000 + (next() % 50_000));
    for (const ms of times) {
      // Years before 0 have a sign and six digits: those are left to the object path.
      if (!isoWritable(ms)) {
        expect(new Date(ms).toISOString()).toMatch(/^[-+]\d{6}-/);
        continue;
      }
      sink.reset();
      sink.room(24);
      sink.length = 24;
      sink.isoAt(0, ms);
      expect(sink.toString()).toBe(new Date(ms).toISOString());
    }
    // Outside years 0–9999, or not a whole number of ms, the writer leaves it to the object path.
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 1.5, Number.NaN])
      expect(isoWritable(ms)).toBe(false);
  });

  it('writes integers as `JSON.stringify`', () => {
    const sink = new JsonSink();
    const next = numbers(4);
    const values = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      -10,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      -(2 ** 40),
      2 ** 53 - 1,
      1e21,
    ];
    for (let n = 0; n < 5_000; n++)
      values.push((next() % 100_000) - 50_000, next() - 2_147_483_648, next() * 1_000);
    for (const value of values) {
      sink.reset();
      sink.room(32);
      sink.int(value);
      expect(sink.toString()).toBe(JSON.stringify(value));
    }
  });

  it('lends its bytes: they stay as written while lent, and only a buffer it lent is taken back', () => {
    const sink = new JsonSink();
    const lend = (text: string) => {
      sink.text(text);
      return sink.lend();
    };
    const first = lend('{"first":1}');
    const second = lend('{"second":2}');
    expect(second.buffer).not.toBe(first.buffer);
    sink.giveBack(first);
    // The sink moved on to a buffer of its own when it lent the second; the first is its next.
    const third = lend('{"third":3}');
    const fourth = lend('{"fourth":4}');
    expect(fourth.buffer).toBe(first.buffer);
    expect([second, third, fourth].map((bytes) => Buffer.from(bytes).toString())).toEqual([
      '{"second":2}',
      '{"third":3}',
      '{"fourth":4}',
    ]);
    // Bytes it never lent (a page kept is a copy) are never reused, nor a buffer given back twice.
    const copy = third.slice();
    sink.giveBack(copy);
    sink.giveBack(second);
    sink.giveBack(second);
    const buffers = [lend('a'), lend('b'), lend('c')].map((bytes) => bytes.buffer);
    expect(buffers).not.toContain(copy.buffer);
    expect(buffers.filter((buffer) => buffer === second.buffer)).toHaveLength(1);
  });

  it('reads back text beyond ASCII, and places holes after it at their byte offsets', () => {
    const template = new Template(`{"emoji":"☕🍛","id":"${HOLE.tail}","at":"${HOLE.time}"}`);
    expect(template.ascii).toBe(false);
    const sink = new JsonSink();
    sink.room(256);
    const at = sink.template(template);
    sink.bytes.set(Buffer.from('0123456789abcdefgh'), at + (template.tail[0] as number));
    sink.isoAt(at + (template.time[0] as number), 86_400_000);
    sink.text(' — ok');
    expect(sink.toString()).toBe(
      '{"emoji":"☕🍛","id":"0123456789abcdefgh","at":"1970-01-02T00:00:00.000Z"} — ok',
    );
  });
});

describe('transactions kept for overlapping pages', () => {
  function setUp() {
    const world = new World({ seed: 9, transactions: 3_000, now: Date.UTC(2026, 0, 15, 12) });
    const { bank } = world;
    const ledger = bank.ledger(bank.summary().accounts[0]?.id as string) as Ledger;
    const expected = (start: number, end: number, expand: boolean) => {
      const texts: string[] = [];
      for (let p = start; p < end; p++) {
        texts.push(JSON.stringify(bank.present(ledger.at(p, world.clock.now()), expand)));
      }
      return `{"transactions":[${texts.join(',')}]}`;
    };
    const page = (start: number, end: number, expand: boolean) =>
      new TextDecoder().decode(bank.renderPage(ledger, start, end, expand));
    return { world, bank, ledger, expected, page };
  }

  it('are shown as the object path shows them, through expansion, annotation and time', () => {
    const { world, bank, ledger, expected } = setUp();
    for (let step = 0; step < 60; step++) {
      const start = (step * 37) % 2_900;
      const expand = step % 3 === 0;
      if (step % 10 === 5)
        bank.annotate(ledger.at(start + 20, world.clock.now()).id, [['notes', `note ${step} ☕`]]);
      expect(new TextDecoder().decode(bank.renderPage(ledger, start, start + 100, expand))).toBe(
        expected(start, start + 100, expand),
      );
      expect(bank.render(ledger, start + 50, !expand)).toBe(
        JSON.stringify(bank.present(ledger.at(start + 50, world.clock.now()), !expand)),
      );
    }
  });

  it('are copied in rows as pages show them, however pages overlap, and as the ring wraps', () => {
    const { expected, page } = setUp();
    const next = numbers(6);
    let start = 1_000;
    // Several MB of pages: the 1 MB ring wraps many times. Steps forward and back, short and long pages, the
    // two forms mixed, so that kept rows meet, overlap, break where the other form or another row was kept.
    for (let step = 0; step < 400; step++) {
      const length = 1 + (next() % 100);
      start = Math.min(2_990, Math.max(0, start + (next() % 140) - 60));
      const end = Math.min(3_000, start + length);
      const expand = next() % 4 === 0;
      const text = page(start, end, expand);
      if (text !== expected(start, end, expand))
        expect({ step, text }).toEqual({ step, text: expected(start, end, expand) });
    }
  });
});
