import type { JsonSink } from './json-sink.js';

/** Bytes kept: ~800 transactions (~1.2 KB each), the last ~8 pages read. */
const RING_BYTES = 1 << 20;
/** Index entries, direct-mapped by position: more than the ring can hold, so collisions are rare. */
const SLOTS = 4_096;

/**
 * The JSON of the transactions written last, as bytes in one fixed ring, so that a page overlapping the one
 * before (paging by time, a client stepping back and forth) copies what it shares with it instead of writing
 * it again. This replaces a map of ~4,000 strings: those lived just long enough to be copied out of V8's young
 * generation, which cost more than writing them again. Here nothing is allocated per transaction, memory is
 * fixed (1 MB), and older entries are simply overwritten: whatever is not in the ring is written anew.
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

  /** Appends the transaction's bytes to the sink if they are still kept; false when not. */
  copyTo(sink: JsonSink, slot: number, position: number, expand: boolean): boolean {
    const index = indexOf(slot, position, expand);
    const start = this.#starts[index] as number;
    if (this.#keys[index] !== keyOf(slot, position, expand) || start < this.#head - RING_BYTES) return false;
    const at = start % RING_BYTES;
    const length = this.#lengths[index] as number;
    sink.room(length);
    sink.bytes.set((this.#ring as Uint8Array).subarray(at, at + length), sink.length);
    sink.length += length;
    if (this.#ascii[index] === 0) sink.ascii = false;
    return true;
  }

  /** Keeps the bytes from `from` to the end of the sink as the transaction's (`ascii`: all of them ASCII). */
  keep(sink: JsonSink, from: number, ascii: boolean, slot: number, position: number, expand: boolean): void {
    const length = sink.length - from;
    if (length > RING_BYTES / 16) return;
    // An entry never wraps around the ring's end: the rest of the lap is skipped.
    let at = this.#head % RING_BYTES;
    if (at + length > RING_BYTES) {
      this.#head += RING_BYTES - at;
      at = 0;
    }
    this.#ring ??= new Uint8Array(RING_BYTES);
    this.#ring.set(sink.bytes.subarray(from, sink.length), at);
    const index = indexOf(slot, position, expand);
    this.#keys[index] = keyOf(slot, position, expand);
    this.#starts[index] = this.#head;
    this.#lengths[index] = length;
    this.#ascii[index] = ascii ? 1 : 0;
    this.#head += length;
  }

  /** Forgets everything (a transaction changed). */
  clear(): void {
    this.#keys.fill(-1);
  }
}

function keyOf(slot: number, position: number, expand: boolean): number {
  return (position * 64 + slot) * 2 + (expand ? 1 : 0);
}

/** Consecutive positions take consecutive entries; accounts and the expanded form are spread apart. */
function indexOf(slot: number, position: number, expand: boolean): number {
  return (position * 2 + (expand ? 1 : 0) + slot * 1_031) & (SLOTS - 1);
}
