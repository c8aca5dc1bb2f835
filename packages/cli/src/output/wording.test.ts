import { describe, expect, it } from 'vitest';
import { count, counted } from './wording.js';

describe('counts for people', () => {
  it('groups thousands and uses the singular for one only', () => {
    expect(count(1488)).toBe('1,488');
    expect(count(1_000_000)).toBe('1,000,000');
    expect(counted(0, 'transaction')).toBe('0 transactions');
    expect(counted(1, 'transaction')).toBe('1 transaction');
    expect(counted(1488, 'transaction')).toBe('1,488 transactions');
    expect(counted(2, 'entry', 'entries')).toBe('2 entries');
  });
});
