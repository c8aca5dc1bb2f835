import type { Template } from './json-template.js';

/** Room made before each generated transaction: several times the largest one (~2.5 KB, merchant expanded). */
export const TRANSACTION_ROOM = 16_384;

const DAY = 86_400_000;
const ZERO = 48;
/** Days whose date is kept, direct-mapped by day number. */
const DAYS_KEPT = 64;
/** The two digits of 0–99 as one little-endian 16-bit number, to write both with one store. */
const PAIRS = Uint16Array.from(
  { length: 100 },
  (_, n) => (ZERO + Math.floor(n / 10)) | ((ZERO + (n % 10)) << 8),
);
/** The times `toISOString` writes as `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 characters): years 0 to 9999. */
const FIRST_ISO = -62_167_219_200_000;
const LAST_ISO = 253_402_300_799_999;

/** Whether `isoAt` can write a time: a whole number of ms in years 0–9999. */
export function isoWritable(ms: number): boolean {
  return Number.isInteger(ms) && ms >= FIRST_ISO && ms <= LAST_ISO;
}

/** Buffers kept for reuse once given back (see `lend`): one per connection a page can be on its way to. */
const SPARE_BUFFERS = 16;

/** `-`, `:`, `.`, `T`, `Z`. */
const [DASH, COLON, DOT, T, Z] = [45, 58, 46, 84, 90];

/**
 * JSON text written as UTF-8 bytes into one reused buffer, then read back as a single string. A page of 100
 * transactions is ~3,000 pieces: joined as JS strings, they make a tree that V8 has to flatten before the
 * socket can have it (~50 µs a page), and Node counts the bytes of such a string the slow way; copied into a
 * buffer (`Uint8Array.set`, a `memcpy`) and read back once, they make a flat string for one copy. The bytes
 * are a plain `Uint8Array` (and a `DataView` for two bytes at a time), which V8 writes to faster than to a
 * `Buffer`; the buffer grows as needed and is kept, so its size is that of the largest page read. A page is
 * not read back at all: its bytes are lent to the socket as they are (`lend`), and the sink goes on in another
 * buffer until they are given back.
 */
export class JsonSink {
  bytes = new Uint8Array(0);
  length = 0;
  /** Whether every byte so far is ASCII: the text is then read back as Latin-1, a plain copy. */
  ascii = true;
  #view = new DataView(this.bytes.buffer);
  #buffer = Buffer.alloc(0);
  readonly #dayKeys = new Float64Array(DAYS_KEPT).fill(Number.NaN);
  /** Each kept day's `YYYY-MM-DD`: bytes 0–3, 4–7 and 8–9, little-endian, as `#view` writes them. */
  readonly #dateHeads = new Uint32Array(DAYS_KEPT);
  readonly #dateMiddles = new Uint32Array(DAYS_KEPT);
  readonly #dateTails = new Uint16Array(DAYS_KEPT);
  /** The buffers lent and not yet given back, so that nothing else is ever taken as a spare. */
  readonly #lent = new WeakSet<ArrayBuffer>();
  readonly #spare: Array<Uint8Array<ArrayBuffer>> = [];

  reset(): void {
    this.length = 0;
    this.ascii = true;
  }

  /** Makes room for `extra` more bytes. */
  room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra, 64 * 1024));
    bytes.set(this.bytes.subarray(0, this.length));
    this.#use(bytes);
  }

  #use(bytes: Uint8Array<ArrayBuffer>): void {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer);
    this.#buffer = Buffer.from(bytes.buffer, 0, bytes.length);
  }

  /** A template's bytes (see `json-template.ts`), holes and all; returns where they start. */
  template(template: Template): number {
    if (!template.ascii) this.ascii = false;
    const at = this.length;
    this.bytes.set(template.bytes, at);
    this.length = at + template.bytes.length;
    return at;
  }

  byte(code: number): void {
    if (this.length === this.bytes.length) this.room(1);
    this.bytes[this.length++] = code;
  }

  /** Copies `count` bytes from `from` to `to`, four at a time (the ranges do not overlap). */
  copy(to: number, from: number, count: number): void {
    const view = this.#view;
    let k = 0;
    for (; k + 4 <= count; k += 4) view.setUint32(to + k, view.getUint32(from + k));
    for (; k < count; k++) view.setUint8(to + k, view.getUint8(from + k));
  }

  /** The same, ASCII letters in capitals. */
  upper(to: number, from: number, count: number): void {
    const { bytes } = this;
    for (let k = 0; k < count; k++) {
      const code = bytes[from + k] as number;
      bytes[to + k] = code >= 97 && code <= 122 ? code - 32 : code;
    }
  }

  /** Any string, as UTF-8. */
  text(text: string): void {
    this.room(text.length * 3);
    const written = this.#buffer.write(text, this.length, 'utf8');
    // More bytes than UTF-16 units: something beyond ASCII.
    if (written !== text.length) this.ascii = false;
    this.length += written;
  }

  /** An integer as `JSON.stringify` writes it (`-0` as `0`); the caller has made room. */
  int(value: number): void {
    let n = value < 0 ? -value : value;
    if (n > 0x7fff_ffff || !Number.isInteger(n)) {
      this.text(JSON.stringify(value));
      return;
    }
    const { bytes } = this;
    if (value < 0) bytes[this.length++] = DASH;
    n |= 0;
    let digits = 1;
    for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      const next = (n / 10) | 0;
      bytes[--at] = ZERO + (n - next * 10);
      n = next;
    } while (n > 0);
  }

  /**
   * `new Date(ms).toISOString()` at `at`, without a `Date` (a page holds 300 timestamps), for a time that
   * `isoWritable` accepts. The date comes from a small cache by day number (a transaction's three times fall on
   * a day or two; see `#day`), the time of day from int32 arithmetic and a table of digit pairs.
   */
  isoAt(at: number, ms: number): void {
    const days = Math.floor(ms / DAY);
    const slot = days & (DAYS_KEPT - 1);
    if (this.#dayKeys[slot] !== days) this.#day(days, slot);
    const view = this.#view;
    view.setUint32(at, this.#dateHeads[slot] as number, true);
    view.setUint32(at + 4, this.#dateMiddles[slot] as number, true);
    view.setUint16(at + 8, this.#dateTails[slot] as number, true);
    let t = (ms - days * DAY) | 0; // below 86,400,000
    const hour = (t / 3_600_000) | 0;
    t -= hour * 3_600_000;
    const minute = (t / 60_000) | 0;
    t -= minute * 60_000;
    const second = (t / 1_000) | 0;
    const milli = t - second * 1_000;
    const hundreds = (milli / 100) | 0;
    view.setUint8(at + 10, T);
    view.setUint16(at + 11, PAIRS[hour] as number, true);
    view.setUint8(at + 13, COLON);
    view.setUint16(at + 14, PAIRS[minute] as number, true);
    view.setUint8(at + 16, COLON);
    view.setUint16(at + 17, PAIRS[second] as number, true);
    view.setUint8(at + 19, DOT);
    view.setUint8(at + 20, ZERO + hundreds);
    view.setUint16(at + 21, PAIRS[milli - hundreds * 100] as number, true);
    view.setUint8(at + 23, Z);
  }

  /**
   * Keeps `YYYY-MM-DD` of a day, from the day number (H. Hinnant's `civil_from_days`).
   */
  #day(days: number, slot: number): void {
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const pair = (n: number) => PAIRS[n] as number;
    this.#dateHeads[slot] = (pair(Math.floor(year / 100)) | (pair(year % 100) << 16)) >>> 0;
    this.#dateMiddles[slot] = (DASH | (pair(month) << 8) | (DASH << 24)) >>> 0;
    this.#dateTails[slot] = pair(day);
    this.#dayKeys[slot] = days;
  }

  /**
   * Everything written since `reset`, handed over without a copy (copying a page into a new buffer took ~10 µs,
   * most of it the allocation): the sink goes on in a spare buffer, or a new one. The bytes must not change
   * until they are no longer read; `giveBack` them then (after the socket has sent them), or never.
   */
  lend(): Uint8Array<ArrayBuffer> {
    const bytes = this.bytes.subarray(0, this.length);
    this.#lent.add(this.bytes.buffer);
    this.#use(this.#spare.pop() ?? new Uint8Array(0));
    this.reset();
    return bytes;
  }

  /** Takes back bytes from `lend`, for their buffer to be reused; anything else is ignored. */
  giveBack(bytes: Uint8Array): void {
    const { buffer } = bytes;
    if (!(buffer instanceof ArrayBuffer) || !this.#lent.delete(buffer)) return;
    if (this.#spare.length < SPARE_BUFFERS) this.#spare.push(new Uint8Array(buffer));
  }

  /** Everything written since `reset`, as one flat string. */
  toString(): string {
    return this.#buffer.toString(this.ascii ? 'latin1' : 'utf8', 0, this.length);
  }
}
