import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Monzo's example payloads, documented and observed; docs/monzo-api.md says where they come from. */
export const EXAMPLES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/monzo-api-examples',
);

/** The text of an example file, e.g. `pot-deposit.request.form.txt`, without a trailing newline. */
export function exampleText(name: string): string {
  return readFileSync(resolve(EXAMPLES_DIR, name), 'utf8').replace(/\n$/, '');
}

/** An example JSON file, parsed. */
// biome-ignore lint/suspicious/noExplicitAny: tests read fixtures loosely and compare them whole
export function exampleJson<T = any>(name: string): T {
  return JSON.parse(exampleText(name)) as T;
}
