/** A count as people read it: `1,488`. */
export function count(value: number): string {
  return value.toLocaleString('en-GB');
}

/** A count with its noun, singular for one: `1 transaction`, `1,488 transactions`. */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : plural}`;
}
