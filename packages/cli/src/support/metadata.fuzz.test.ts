import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../../sdk/test/support/fuzz.js';
import { UsageError } from '../errors.js';
import { parseMetadataPairs } from './metadata.js';

/**
 * `KEY=VALUE` pairs typed on a command line: a metadata change holding exactly the keys typed (an empty value
 * deleting its key), or a UsageError; never a key lost or a change made to something else.
 */

const RUNS = 3000;

/** Keys a person may type: no whitespace, brackets or `=`, including names objects already have. */
const key = fc.oneof(
  fc.stringMatching(/^[^\s[\]=]{1,12}$/),
  fc.constantFrom('notes', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
);

describe('parseMetadataPairs, whatever is typed', () => {
  it('keeps exactly the keys typed, an empty value as a deletion', () => {
    const pairs = fc.uniqueArray(fc.tuple(key, fc.string({ maxLength: 12 })), {
      minLength: 1,
      maxLength: 6,
      selector: ([name]) => name,
    });
    fc.assert(
      fc.property(pairs, (typed) => {
        const change = parseMetadataPairs(typed.map(([name, value]) => `${name}=${value}`));
        expect(Object.getPrototypeOf(change)).toBe(Object.prototype);
        // As maps: an object lists integer-like keys first, whatever order they were typed in.
        expect(new Map(Object.entries(change))).toEqual(
          new Map(typed.map(([name, value]) => [name, value === '' ? null : value])),
        );
      }),
      fuzz(RUNS),
    );
  });

  it('gives a change or a UsageError for any arguments', () => {
    const argument = fc.oneof(
      fc.string({ maxLength: 15 }),
      fc.tuple(key, fc.constantFrom('=', '=='), fc.string({ maxLength: 5 })).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 5 }), (typed) => {
        try {
          const change = parseMetadataPairs(typed);
          expect(Object.keys(change).length).toBe(typed.length);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
      fuzz(RUNS),
    );
  });
});
