import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import { type CliContext, xdgPaths } from '../../context.js';
import { run } from '../../run.js';

/** `monzo` in process, with a terminal that says it is one: what a person at a terminal sees. */
function terminalContext(env: Record<string, string>, stderrIsTTY: boolean) {
  const captured = { stdout: '', stderr: '' };
  const context: CliContext = {
    terminal: {
      stdout: { write: (text: string) => (captured.stdout += text) },
      stderr: { write: (text: string) => (captured.stderr += text) },
      stdoutIsTTY: false,
      stderrIsTTY,
      stdinIsTTY: false,
      env,
      cwd: env.HOME ?? '/',
    },
    confirm: async () => false,
    openBrowser: async () => false,
    paths: xdgPaths(env),
  };
  return { context, captured };
}

describe('monzo transactions export: the progress bar', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let secrets: string[];
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 2_000 });
    const tokens = await cli.loggedIn();
    secrets = [tokens.access_token, tokens.refresh_token ?? '', cli.mock.clientSecret].filter(Boolean);
  });
  afterAll(() => cli.close());

  it('shows the count and the rate on stderr when stderr is a terminal; the data stays on stdout', async () => {
    const { context, captured } = terminalContext(cli.env, true);
    const code = await run(['transactions', 'export', '--format', 'ndjson'], context);
    expect(code).toBe(0);
    expect(captured.stderr).toMatch(/exporting .+% \| [\d,]+ transactions \| [\d,]+\/s/);
    expect(captured.stderr).toContain('exported 2,000 transactions');
    expect(captured.stdout.trimEnd().split('\n')).toHaveLength(2_000);
    expect(captured.stdout).not.toContain('exporting');
  });

  it('shows no progress with --json, nor when stderr is not a terminal', async () => {
    const json = terminalContext(cli.env, true);
    expect(await run(['transactions', 'export', '--format', 'csv', '--json'], json.context)).toBe(0);
    expect(json.captured.stderr).toBe('');

    const piped = terminalContext(cli.env, false);
    expect(await run(['transactions', 'export', '--format', 'csv'], piped.context)).toBe(0);
    expect(piped.captured.stderr).toBe('exported 2,000 transactions\n');
    expect(piped.captured.stdout).toBe(json.captured.stdout);
  });

  it('never prints a token or the client secret, even with --verbose', async () => {
    const { context, captured } = terminalContext(cli.env, true);
    expect(await run(['transactions', 'export', '--format', 'json', '--verbose'], context)).toBe(0);
    expect(captured.stderr).toContain('GET');
    for (const secret of secrets) {
      expect(captured.stderr).not.toContain(secret);
      expect(captured.stdout).not.toContain(secret);
    }
  });
});
