/**
 * What the SDK's own code reads of a success body, checked before it reads it: a body without it is a
 * `MonzoResponseParseError`, never a `TypeError` thrown later from the SDK or the caller's code. Only that much
 * is checked: the fields within pass through untouched, since Monzo adds fields and enum values (monzo-api.md §2).
 *
 * A shape returns what is wrong with a body, or `undefined` when the body has it.
 */
export type BodyShape = (body: unknown) => string | undefined;

/** A JSON object (a pot, a balance, whoami). */
export const anObject: BodyShape = (body) => (isRecord(body) ? undefined : 'it is not a JSON object');

/** `{ [key]: { … } }` (a transaction, a webhook, a receipt). */
export function objectIn(key: string): BodyShape {
  return (body) => (isRecord(body) && isRecord(body[key]) ? undefined : `it has no "${key}" object`);
}

/** `{ [key]: [{ id: "…", … }, …] }`: a list of objects with ids, as every Monzo list is; pages follow the ids. */
export function listIn(key: string): BodyShape {
  return (body) => {
    const list = isRecord(body) ? body[key] : undefined;
    if (!Array.isArray(list)) return `it has no "${key}" list`;
    const index = list.findIndex(
      (item) => !(isRecord(item) && typeof item.id === 'string' && item.id !== ''),
    );
    return index === -1 ? undefined : `${key}[${index}] is not an object with an "id" string`;
  };
}

/** An object whose `keys` are absolute URLs (the attachment upload target). */
export function urlsIn(...keys: string[]): BodyShape {
  return (body) => {
    if (!isRecord(body)) return 'it is not a JSON object';
    const bad = keys.find((key) => {
      const value = body[key];
      return typeof value !== 'string' || !URL.canParse(value);
    });
    return bad === undefined ? undefined : `its "${bad}" is not an absolute URL`;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
