import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import type { CliContext } from '../../context.js';
import { explain } from '../../errors.js';
import { runDemo } from './demo.js';

describe('monzo demo', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(() => cli.close());

  it('runs the whole flow against its own emulator, every check passing', async () => {
    const result = await cli.run(['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1. Send the user to Monzo');
    expect(result.stdout).toContain('11. Log out');
    expect(result.stdout).toContain('✔ demo complete');
    expect(result.stdout).toContain('code=<code>&state=<state>');
    expect(result.stdout).not.toMatch(/code=(?!<code>)/);
  });

  it('prints the checks as JSON with --json, the steps going to stderr', async () => {
    const result = await cli.run(['demo', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { ok: boolean; checks: string[] };
    expect(summary.ok).toBe(true);
    expect(summary.checks).toContain('exactly one refresh');
    expect(summary.checks).toHaveLength(8);
    expect(result.stderr).toContain('demo complete');
  });

  it('fails, naming the check, when the emulator does not behave (exit 1 through the CLI)', async () => {
    const lines: string[] = [];
    const context = { terminal: { env: {}, stdoutIsTTY: false } } as unknown as CliContext;
    // Tokens that live 30 days do not expire six hours later: "exactly one refresh" cannot hold.
    const failing = runDemo(context, (line) => lines.push(line), { tokenTtlSeconds: 30 * 86_400 });
    await expect(failing).rejects.toThrow('demo check failed: exactly one refresh');
    expect(explain(await failing.catch((error: unknown) => error)).exitCode).toBe(1);
    expect(lines.join('\n')).toContain('10. Six hours later');
    expect(lines.join('\n')).not.toContain('demo complete');
  });
});
