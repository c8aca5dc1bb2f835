/**
 * A name the model does not type. A name the model does type is refused (it resolves to `never`), so the escape
 * hatch is never used where the typed field would do, and a misspelt one is still caught by the typed access.
 */
export type ExtraFieldName<Model, Name extends string> = Name extends keyof Model ? never : Name;

/**
 * Reads a field that Monzo sends but the SDK does not type yet (a field added after this release, or an
 * undocumented one). Every object the SDK returns keeps every field of Monzo's answer; its type names only the
 * known ones, so `tx.amout` does not compile. The value is `unknown`: check it before use. A field the model
 * types is refused at compile time (read it directly).
 *
 * @example
 * const split = extraField(tx, 'can_split_the_bill'); // unknown
 * if (typeof split === 'boolean') console.log(split);
 */
export function extraField<Model extends object, Name extends string>(
  model: Model,
  name: ExtraFieldName<Model, Name>,
): unknown {
  // Own fields only: a name such as `constructor` or `__proto__` reads nothing inherited.
  return Object.hasOwn(model, name) ? (model as Record<string, unknown>)[name] : undefined;
}
