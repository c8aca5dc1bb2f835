import { DEFAULT_RECHECK_DAYS, MAX_CONCURRENCY } from '@monzo-ts/history';
import { describe, expect, it } from 'vitest';
import * as command from './run.js';

describe('monzo sync registered without the history package', () => {
  it('prints the defaults the package applies', () => {
    expect(command.DEFAULT_RECHECK_DAYS).toBe(DEFAULT_RECHECK_DAYS);
    expect(command.MAX_CONCURRENCY).toBe(MAX_CONCURRENCY);
  });
});
