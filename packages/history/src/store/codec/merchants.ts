import { isPlainObject } from './shape.js';

/**
 * A version of a merchant: its JSON as one transaction carried it. A merchant is stored once per version rather
 * than once per transaction (a shop visited every week is one row, not fifty copies), and per version rather
 * than per id, so that a transaction reads back with its merchant exactly as the API returned it then, even
 * after Monzo changed that merchant's logo or address.
 */
export class MerchantVersion {
  /** Its number in the store's `merchants` table, once the store has found or written it. */
  n: number | undefined;
  readonly json: string;
  // Parsed from `json`, a copy of its own (the caller may change the object it passed), with each object's
  // keys listed once, so that comparing a transaction's merchant with it allocates nothing.
  readonly #template: Template;

  constructor(
    readonly id: string,
    merchant: Record<string, unknown>,
  ) {
    this.json = JSON.stringify(merchant);
    this.#template = templateOf(JSON.parse(this.json));
  }

  /** Whether `merchant` is this version: the same JSON, keys in the same order. */
  is(merchant: unknown): boolean {
    return matches(this.#template, merchant);
  }
}

/** A JSON value with each object's keys in order beside it. */
type Template = { kind: 'object'; keys: string[]; values: Template[] } | { kind: 'other'; value: unknown };

function templateOf(value: unknown): Template {
  if (!isPlainObject(value)) return { kind: 'other', value };
  const keys = Object.keys(value);
  return { kind: 'object', keys, values: keys.map((key) => templateOf(value[key])) };
}

function matches(template: Template, value: unknown): boolean {
  if (template.kind === 'other') return sameJson(template.value, value);
  if (!isPlainObject(value)) return false;
  let index = 0;
  for (const key in value) {
    if (value[key] === undefined) continue;
    if (key !== template.keys[index] || !matches(template.values[index] as Template, value[key]))
      return false;
    index++;
  }
  return index === template.keys.length;
}

/** The last version seen of each merchant, so that a transaction's merchant costs a comparison, not a write. */
export class MerchantVersions {
  readonly #latest = new Map<string, MerchantVersion>();

  /** The version `merchant` is: the one last seen of its id if it is the same, else a new one. */
  versionOf(merchant: Record<string, unknown> & { id: string }): MerchantVersion {
    const known = this.#latest.get(merchant.id);
    if (known?.is(merchant)) return known;
    const version = new MerchantVersion(merchant.id, merchant);
    this.#latest.set(merchant.id, version);
    return version;
  }
}

/** Deep equality as JSON text would have it: same keys in the same order, same values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (key !== others[index] || !sameJson(a[key], b[key])) return false;
  }
  return true;
}
