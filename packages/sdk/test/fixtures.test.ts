import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from './support/fixtures.js';

const SHARED = resolve(EXAMPLES_DIR, '../../../shared/monzo-api/examples');

describe('the repository copy of the spec examples', () => {
  it.runIf(existsSync(SHARED))('equals shared/monzo-api/examples, file for file', () => {
    const names = readdirSync(SHARED).sort();
    expect(readdirSync(EXAMPLES_DIR).sort()).toEqual(names);
    for (const name of names) {
      expect(readFileSync(resolve(EXAMPLES_DIR, name), 'utf8'), name).toBe(
        readFileSync(resolve(SHARED, name), 'utf8'),
      );
    }
  });
});
