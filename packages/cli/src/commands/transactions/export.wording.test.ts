import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';

/** The summary an export prints for a person: counts grouped by thousands, the noun singular for one. */
describe('monzo transactions export: its summary line', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 20 });
  });
  beforeEach(async () => {
    cli.mock.control.reset();
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  async function exportLastMinute(format: string) {
    const { context, captured } = capturedContext(cli.env);
    const code = await run(['transactions', 'export', '--since', '1h', '--format', format], context);
    return { code, ...captured };
  }

  it('says "1 transaction", not "1 transactions"', async () => {
    cli.mock.control.createTransaction({ amount: -450 });
    const result = await exportLastMinute('csv');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('exported 1 transaction\n');
  });

  it('groups the thousands of the declined ones left out of an OFX export', async () => {
    cli.mock.control.createTransaction({ amount: -450 });
    for (let i = 0; i < 1_200; i++)
      cli.mock.control.createTransaction({
        amount: -100,
        merchant: false,
        decline_reason: 'INSUFFICIENT_FUNDS',
      });
    const result = await exportLastMinute('ofx');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('exported 1 transaction (1,200 declined left out)\n');
  });
});
