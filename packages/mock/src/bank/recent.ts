import type { JsonSink } from './json-sink.js';

/** Bytes kept: ~800 transactions (~1.2 KB each), the last ~8 pages read. */
const RING_BYTES = 1 << 20;
/** The most bytes kept in one go: a run larger than this is not kept. */
const RUN_BYTES = RING_BYTES / 4;
/** Index entries, direct-mapped by position: more than the ring can hold, so collisions are rare. */
const SLOTS = 4_096;
/** Transactions written in a row that are kept in one copy; a longer row is kept in several. */
const RUN_ENTRIES = 128;
const COMMA = 44;

/**
 * The JSON of the transactions written last, as bytes in one fixed ring, so that a page overlapping the one
 * before (paging by time, a client stepping back and forth) copies what it shares with it instead of writing
 * it again. Transactions are kept as a page shows them, one after the other with a comma between, so that a
 * row of them is kept in one copy and copied out in one copy: a copy per transaction cost more than all the
 * rest of copying. Nothing is allocated per transaction, memory is fixed (1 MB), and older entries are simply
 * overwritten: whatever is not in the ring is written anew. This replaces a map of ~4,000 strings: those lived
 * just long enough to be copied out of V8's young generation, which cost more than writing them again.
 */
export class RecentTransactions {
  /** Made on first use: a bank whose transactions are never read keeps no ring. */
  #ring: Uint8Array | undefined;
  /** Bytes ever put in the ring: an entry is still there while its start is within `RING_BYTES` of this. */
  #head = 0;
  readonly #keys = new Float64Array(SLOTS).fill(-1);
  readonly #starts = new Float64Array(SLOTS);
  readonly #lengths = new Int32Array(SLOTS);
  readonly #ascii = new Uint8Array(SLOTS);
  /** The row written since the last `flush`: where each entry is in the sink, and what it is. */
  #pending = 0;
  readonly #pendingKeys = new Float64Array(RUN_ENTRIES);
  readonly #pendingIndices = new Int32Array(RUN_ENTRIES);
  readonly #pendingStarts = new Int32Array(RUN_ENTRIES);
  readonly #pendingEnds = new Int32Array(RUN_ENTRIES);
  readonly #pendingAscii = new Uint8Array(RUN_ENTRIES);

  /**
   * Appends the transactions kept back to back from `position` on, up to `end` (excluded), with the commas
   * between them, in one copy; returns how many (0 when the one at `position` is not kept).
   */
  copyRun(sink: JsonSink, slot: number, position: number, end: number, expand: boolean): number {
    const first = indexOf(slot, position, expand);
    const start = this.#starts[first] as number;
    if (this.#keys[first] !== keyOf(slot, position, expand) || start < this.#head - RING_BYTES) return 0;
    let stop = start + (this.#lengths[first] as number);
    let ascii = this.#ascii[first] === 1;
    let count = 1;
    // Later entries start after the first: while it is intact, so are they.
    for (; position + count < end; count++) {
      const next = indexOf(slot, position + count, expand);
      if (this.#keys[next] !== keyOf(slot, position + count, expand) || this.#starts[next] !== stop + 1)
        break;
      stop = (this.#starts[next] as number) + (this.#lengths[next] as number);
      if (this.#ascii[next] === 0) ascii = false;
    }
    const at = start % RING_BYTES;
    const length = stop - start;
    sink.room(length);
    sink.bytes.set((this.#ring as Uint8Array).subarray(at, at + length), sink.length);
    sink.length += length;
    if (!ascii) sink.ascii = false;
    return count;
  }

  /**
   * Notes a transaction just written to the sink, from `from` to its end (`ascii`: all of it ASCII), to be
   * kept at the next `flush` with the row it ends. A row is transactions one comma apart.
   */
  add(sink: JsonSink, from: number, ascii: boolean, slot: number, position: number, expand: boolean): void {
    const count = this.#pending;
    const apart =
      count > 0 && (from !== (this.#pendingEnds[count - 1] as number) + 1 || sink.bytes[from - 1] !== COMMA);
    if (count === RUN_ENTRIES || apart) this.flush(sink);
    const k = this.#pending++;
    this.#pendingKeys[k] = keyOf(slot, position, expand);
    this.#pendingIndices[k] = indexOf(slot, position, expand);
    this.#pendingStarts[k] = from;
    this.#pendingEnds[k] = sink.length;
    this.#pendingAscii[k] = ascii ? 1 : 0;
  }

  /** Keeps the row noted since the last flush, in one copy; call it before the sink is reset or lent. */
  flush(sink: JsonSink): void {
    const count = this.#pending;
    this.#pending = 0;
    if (count === 0) return;
    const from = this.#pendingStarts[0] as number;
    const length = (this.#pendingEnds[count - 1] as number) - from;
    if (length > RUN_BYTES) return;
    // A row never wraps around the ring's end: the rest of the lap is skipped.
    let at = this.#head % RING_BYTES;
    if (at + length > RING_BYTES) {
      this.#head += RING_BYTES - at;
      at = 0;
    }
    this.#ring ??= new Uint8Array(RING_BYTES);
    this.#ring.set(sink.bytes.subarray(from, from + length), at);
    for (let k = 0; k < count; k++) {
      const index = this.#pendingIndices[k] as number;
      const start = this.#pendingStarts[k] as number;
      this.#keys[index] = this.#pendingKeys[k] as number;
      this.#starts[index] = this.#head + (start - from);
      this.#lengths[index] = (this.#pendingEnds[k] as number) - start;
      this.#ascii[index] = this.#pendingAscii[k] as number;
    }
    // A gap after each row: the next one never looks like its continuation (one comma apart), wrap or not.
    this.#head += length + 2;
  }

  /** Forgets everything (a transaction changed). */
  clear(): void {
    this.#keys.fill(-1);
    this.#pending = 0;
  }
}

function keyOf(slot: number, position: number, expand: boolean): number {
  return (position * 64 + slot) * 2 + (expand ? 1 : 0);
}

/** Consecutive positions take consecutive entries; accounts and the expanded form are spread apart. */
function indexOf(slot: number, position: number, expand: boolean): number {
  return (position * 2 + (expand ? 1 : 0) + slot * 1_031) & (SLOTS - 1);
}
