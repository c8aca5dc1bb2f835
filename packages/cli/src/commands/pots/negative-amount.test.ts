import { describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { run } from '../../run.js';
import { isNegativeAmount } from './negative-amount.js';

/** `monzo …args` in process, logged in by environment, with a fetch that records any request it is asked for. */
async function monzo(...args: string[]) {
  const { context, captured } = capturedContext({
    HOME: '/nonexistent',
    MONZO_ACCESS_TOKEN: 'test-token',
    MONZO_API_URL: 'http://127.0.0.1:9',
  });
  const requests: string[] = [];
  context.fetch = async (input) => {
    requests.push(String(input));
    throw new Error('no request may be sent');
  };
  const code = await run(args, context);
  return { code, requests, ...captured };
}

describe('negative amounts in pots deposit and withdraw', () => {
  it.each([
    ['deposit', '-£5', 'withdraw', '£5'],
    ['deposit', '-5', 'withdraw', '5'],
    ['withdraw', '-£12.34', 'deposit', '£12.34'],
    ['withdraw', '-5 GBP', 'deposit', '5 GBP'],
  ])(
    '%s %s says amounts are positive and names %s, sending nothing',
    async (verb, amount, other, positive) => {
      for (const args of [
        ['pots', verb, 'Holiday', amount, '--yes'],
        // Before the pot too, where commander also reads `-£5` as an option.
        ['pots', verb, amount, 'Holiday', '--yes'],
      ]) {
        const result = await monzo(...args);
        expect(result.code).toBe(2);
        expect(result.stderr).not.toContain('unknown option');
        expect(result.stderr).toContain('is negative, and amounts are positive');
        expect(result.stderr).toContain(`use \`monzo pots ${other} POT ${positive}\``);
        expect(result.stderr).toContain(`monzo pots ${verb} --help`);
        expect(result.requests).toEqual([]);
      }
    },
  );

  it('still reports a real unknown option as one', async () => {
    const result = await monzo('pots', 'deposit', 'Holiday', '5', '--bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
  });

  it('tells a negative amount from an option', () => {
    for (const text of ['-5', '-£5', '- 12.34', '-5 GBP', '-GBP 5', '-€1'])
      expect(isNegativeAmount(text)).toBe(true);
    for (const text of ['-y', '--yes', '--dedupe-id', '5', '£5', '-x5'])
      expect(isNegativeAmount(text)).toBe(false);
  });
});
