import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

const DAY = 86_400_000;

/** The export that outlives Monzo's 90 days: synced while the whole history was open, read back long after. */
describe('monzo transactions export --offline, once Monzo shows only 90 days', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 400 });
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('covers years where the online export covers 90 days, and the same rows where both reach', async () => {
    expect((await cli.run(['sync'])).code).toBe(0);
    // The 5 minutes after the login are over: Monzo now shows the last 90 days only.
    cli.mock.control.advanceTime(6 * 60_000);
    const args = ['transactions', 'export', '--format', 'ndjson'];
    const [online, offline] = await Promise.all([cli.run(args), cli.run([...args, '--offline'])]);
    expect(online.code).toBe(0);
    expect(offline.code).toBe(0);
    expect(online.stderr).toMatch(/90 days/);
    const rows = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { created: string });
    const recent = rows(online.stdout);
    const all = rows(offline.stdout);
    expect(all).toHaveLength(400);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    const now = cli.mock.control.now();
    expect(now - Date.parse(all[0]?.created ?? '')).toBeGreaterThan(365 * DAY);
    expect(now - Date.parse(recent[0]?.created ?? '')).toBeLessThanOrEqual(90 * DAY);
    // Where both reach, the local history gives exactly what Monzo gives.
    expect(all.slice(-recent.length)).toEqual(recent);
  });
});
