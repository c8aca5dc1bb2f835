/**
 * Marks for the holes of a template's text: control characters, which `JSON.stringify` never leaves raw in
 * the values written around them (it escapes them), so they cannot be mistaken for content.
 */
export const HOLE = {
  /** The id after `tx_0000` (see `writeTail`). */
  tail: '\u0001',
  /** A time as `toISOString` writes it. */
  time: '\u0002',
  /** A Faster Payment's id after `FP`: the tail in capitals, then its first 16 characters again. */
  fpid: '\u0003',
  /** The first 14 characters of that (`trn` is the id's first 16). */
  trn: '\u0004',
} as const;

/** How many bytes each hole takes. */
export const WIDTH = { tail: 18, time: 24, fpid: 34, trn: 14 } as const;

const KINDS = Object.keys(HOLE) as Array<keyof typeof HOLE>;
const MARKS = new RegExp(`([${Object.values(HOLE).join('')}])`);

/**
 * A run of JSON text that is the same for many transactions, as UTF-8 bytes copied in one go, with holes of
 * fixed width at known offsets for what differs (ids and times): a generated transaction is 4 or 5 of these,
 * their holes filled, and its amounts in between (see `TransactionWriter`).
 */
export class Template {
  readonly bytes: Uint8Array;
  /** Byte offsets of the holes of each kind, in order. */
  readonly tail: number[] = [];
  readonly time: number[] = [];
  readonly fpid: number[] = [];
  readonly trn: number[] = [];
  /** Whether every byte is ASCII (no emoji of an expanded merchant). */
  readonly ascii: boolean;

  /** `text` with `HOLE` marks where the holes go. */
  constructor(text: string) {
    const parts: Uint8Array[] = [];
    let length = 0;
    let ascii = true;
    // Odd pieces are the marks (split keeps what the pattern captured).
    text.split(MARKS).forEach((piece, index) => {
      const kind = index % 2 === 1 ? KINDS.find((name) => HOLE[name] === piece) : undefined;
      if (kind !== undefined) this[kind].push(length);
      // A hole is spaces until it is filled in, for each transaction.
      const bytes = Buffer.from(kind === undefined ? piece : ' '.repeat(WIDTH[kind]), 'utf8');
      // More bytes than UTF-16 units: something beyond ASCII.
      if (bytes.length !== piece.length && kind === undefined) ascii = false;
      parts.push(bytes);
      length += bytes.length;
    });
    this.bytes = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      this.bytes.set(part, at);
      at += part.length;
    }
    this.ascii = ascii;
  }
}

/** Templates made on first use, by index (a combination of merchant, owner, state…, see the writer). */
export class Family {
  readonly #made: Array<Template | undefined> = [];
  readonly #text: (index: number) => string;

  /** `text` gives the template's text, marks and all, for an index. */
  constructor(text: (index: number) => string) {
    this.#text = text;
  }

  at(index: number): Template {
    let template = this.#made[index];
    if (template === undefined) {
      template = new Template(this.#text(index));
      this.#made[index] = template;
    }
    return template;
  }
}
