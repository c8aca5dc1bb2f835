/**
 * Compares the shape of two JSON values: every field of `expected` must be in `actual` with the same JSON type,
 * recursively (arrays by their first element). Fields whose keys are data, not schema (metadata maps), are
 * compared by type only. Returns the differences as readable paths.
 */
const MAPS = new Set(['metadata', 'categories', 'params', 'fees']);

export function shapeDifferences(expected: unknown, actual: unknown, path = '$'): string[] {
  const want = kind(expected);
  const got = kind(actual);
  // null in an example says "may be absent"; a value there is as good.
  if (want === 'null') return [];
  if (want !== got) return [`${path}: expected ${want}, got ${got}`];
  if (want === 'array') {
    const [first] = expected as unknown[];
    const [other] = actual as unknown[];
    return first === undefined || other === undefined ? [] : shapeDifferences(first, other, `${path}[0]`);
  }
  if (want !== 'object') return [];
  const key = path.split('.').at(-1) ?? '';
  if (MAPS.has(key)) return [];
  const differences: string[] = [];
  for (const [name, value] of Object.entries(expected as Record<string, unknown>)) {
    const child = `${path}.${name}`;
    if (!(name in (actual as Record<string, unknown>))) differences.push(`${child}: missing`);
    else differences.push(...shapeDifferences(value, (actual as Record<string, unknown>)[name], child));
  }
  return differences;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
