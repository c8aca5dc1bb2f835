/**
 * Shapes: a JSON value split into its structure (keys in order, and the values that are the same in most
 * objects of its kind: `null`, `true`, `false`, `""`) and the rest of its values, in order. Transactions of one
 * kind share a shape, so a store keeps each shape once and, per transaction, only the values: the keys and the
 * constants, over half of a transaction's JSON, are not repeated on every row.
 *
 * A shape is kept as JSON text: an object is an object of its keys' shapes, `0` a value taken from the row's
 * values, `1` a value from the row's columns (top level only; see `transaction.ts`), `2` the merchant (idem),
 * and `[c]` the constant `c`.
 */

export const VALUE = 0;
export const COLUMN = 1;
export const MERCHANT = 2;

/** What a key's value is, as the tree of shapes records it. */
export const Step = {
  Open: 0,
  Close: 1,
  Value: 2,
  Column: 3,
  Merchant: 4,
  Null: 5,
  True: 6,
  False: 7,
  Empty: 8,
} as const;
export type Step = (typeof Step)[keyof typeof Step];

/**
 * A node of the tree of every shape seen: a path from the root spells a shape step by step (a key, then what
 * its value is), so that finding an object's shape costs a map look-up per key and builds no text. A node
 * where a whole object ends carries that shape.
 */
export class ShapeNode {
  // Most nodes lead on by one key, or one step, only (shapes part where kinds of transaction differ, and
  // rarely): that one is compared first, which is cheaper than a look-up among several.
  #onlyKey: string | undefined;
  #onlyNext: ShapeNode | undefined;
  #keys: Map<string, ShapeNode> | undefined;
  #onlyStep = -1;
  #onlyStepNext: ShapeNode | undefined;
  #steps: (ShapeNode | undefined)[] | undefined;
  /** The shape that ends here (its text is made the first time it is met). */
  shape: Shape | undefined;

  /** The node after `key`; with `grow` false, `NOWHERE` if no shape seen so far goes there. */
  key(key: string, grow: boolean): ShapeNode {
    if (key === this.#onlyKey) return this.#onlyNext as ShapeNode;
    const next = this.#keys?.get(key);
    if (next) return next;
    if (!grow) return NOWHERE;
    const made = new ShapeNode();
    if (this.#onlyKey === undefined) {
      this.#onlyKey = key;
      this.#onlyNext = made;
    } else {
      this.#keys ??= new Map();
      this.#keys.set(key, made);
    }
    return made;
  }

  step(step: Step, grow: boolean): ShapeNode {
    if (step === this.#onlyStep) return this.#onlyStepNext as ShapeNode;
    const next = this.#steps?.[step];
    if (next) return next;
    if (!grow) return NOWHERE;
    const made = new ShapeNode();
    if (this.#onlyStep === -1) {
      this.#onlyStep = step;
      this.#onlyStepNext = made;
    } else {
      this.#steps ??= [];
      this.#steps[step] = made;
    }
    return made;
  }
}

/** Where a walk that may not grow the tree goes when it leaves it: nothing leads out, and no shape ends here. */
const NOWHERE = new ShapeNode();

/** A shape, and its number in the store that holds it (`undefined` until the store has written it). */
export class Shape {
  id: number | undefined;
  constructor(readonly text: string) {}
}

/** A plain object, as `JSON.parse` makes them (a `Date` or a class instance is a value, as JSON.stringify has it). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What a top-level key's value becomes: kept in a column, the merchant, or split like any value. */
export type TopLevel = typeof VALUE | typeof COLUMN | typeof MERCHANT;

/** A value JSON.stringify leaves out of an object (and so a key that is not there). */
export function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Splits objects into their shape and values, remembering every shape it has met. One per store: the shapes'
 * numbers are that store's. The caller walks an object's own keys (it knows which of them columns hold):
 * from `root`, `node.key(key)`, then `Step.Column`, `Step.Merchant` or `walk(value)`, and `end`.
 */
export class ShapeSplitter {
  readonly root = new ShapeNode();
  #count = 0;

  /** How many shapes it has met. */
  get size(): number {
    return this.#count;
  }

  /** From `node`, the steps of `value` (nested objects all the way down); its values go into `values`. */
  walk(node: ShapeNode, value: unknown, values: unknown[], grow: boolean): ShapeNode {
    if (value === null) return node.step(Step.Null, grow);
    if (value === true) return node.step(Step.True, grow);
    if (value === false) return node.step(Step.False, grow);
    if (value === '') return node.step(Step.Empty, grow);
    if (!isPlainObject(value)) {
      values.push(value);
      return node.step(Step.Value, grow);
    }
    let inner = node.step(Step.Open, grow);
    for (const key in value) {
      const item = value[key];
      if (skipped(item)) continue;
      inner = this.walk(inner.key(key, grow), item, values, grow);
    }
    return inner.step(Step.Close, grow);
  }

  /**
   * The shape whose walk ended at `node`: known, or new (its text is `describe()`), or with `grow` false and
   * not met before, `null`.
   */
  end(node: ShapeNode, grow: boolean, describe: () => string): Shape | null {
    if (node.shape) return node.shape;
    if (!grow || node === NOWHERE) return null;
    node.shape = new Shape(describe());
    this.#count++;
    return node.shape;
  }
}

/**
 * The text of the shape of `object`, whose own keys' values are what `topLevel` says: made once per shape,
 * by the same walk as `ShapeSplitter`'s.
 */
export function describeShape(object: Record<string, unknown>, topLevel: (key: string) => TopLevel): string {
  const shapeOf = (value: unknown): unknown => {
    if (value === null || value === true || value === false || value === '') return [value];
    if (isPlainObject(value)) {
      const shape: Record<string, unknown> = {};
      for (const key in value) {
        if (!skipped(value[key])) define(shape, key, shapeOf(value[key]));
      }
      return shape;
    }
    return VALUE;
  };
  const shape: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (skipped(value)) continue;
    const kind = topLevel(key);
    define(shape, key, kind === VALUE ? shapeOf(value) : kind);
  }
  return JSON.stringify(shape);
}

/** Sets an own property, `__proto__` included (which a plain assignment would take as the prototype). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** A shape read back: how to rebuild an object from its values (and, at the top, its row). */
export type Plan = readonly PlanEntry[];

type PlanEntry =
  | { key: string; kind: 'value' }
  | { key: string; kind: 'column' }
  | { key: string; kind: 'merchant' }
  | { key: string; kind: 'constant'; value: unknown }
  | { key: string; kind: 'object'; plan: Plan };

/** Turns a shape's text into its plan; `undefined` when the text is not a shape (a damaged row). */
export function planOf(text: string): Plan | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isPlainObject(parsed) ? planOfObject(parsed, true) : undefined;
}

function planOfObject(shape: Record<string, unknown>, top: boolean): Plan | undefined {
  const plan: PlanEntry[] = [];
  for (const key in shape) {
    const entry = shape[key];
    if (entry === VALUE) plan.push({ key, kind: 'value' });
    else if (top && entry === COLUMN) plan.push({ key, kind: 'column' });
    else if (top && entry === MERCHANT) plan.push({ key, kind: 'merchant' });
    else if (Array.isArray(entry) && entry.length === 1)
      plan.push({ key, kind: 'constant', value: entry[0] });
    else if (isPlainObject(entry)) {
      const inner = planOfObject(entry, false);
      if (!inner) return undefined;
      plan.push({ key, kind: 'object', plan: inner });
    } else return undefined;
  }
  return plan;
}

/** Where a rebuild takes its values from. */
export interface Source {
  values: readonly unknown[];
  /** The next value to take. */
  next: number;
  column(key: string): unknown;
  merchant(): unknown;
}

/** Rebuilds the object a plan describes, taking its values in order from `source`. */
export function rebuild(plan: Plan, source: Source): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const entry of plan) {
    let value: unknown;
    switch (entry.kind) {
      case 'value':
        value = source.values[source.next++];
        break;
      case 'column':
        value = source.column(entry.key);
        break;
      case 'merchant':
        value = source.merchant();
        break;
      case 'constant':
        value = entry.value;
        break;
      case 'object':
        value = rebuild(entry.plan, source);
        break;
    }
    define(object, entry.key, value);
  }
  return object;
}
