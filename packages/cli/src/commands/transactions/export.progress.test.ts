import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import { type CliContext, type StreamKind, xdgPaths } from '../../context.js';
import { run } from '../../run.js';

/**
 * `monzo` in process, with a stderr that says it is a terminal (or not) and a stdout of the given kind: what a
 * person at a terminal sees.
 */
function terminalContext(env: Record<string, string>, stderrIsTTY: boolean, stdoutKind: StreamKind = 'file') {
  const captured = { stdout: '', stderr: '' };
  const context: CliContext = {
    terminal: {
      stdout: { write: (text: string) => (captured.stdout += text) },
      stderr: { write: (text: string) => (captured.stderr += text) },
      stdoutIsTTY: stdoutKind === 'tty',
      stdoutKind,
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

  const BAR = /exporting .+% \| [\d,]+ transactions \| [\d,]+\/s/;

  it('shows the count and the rate on stderr when stderr is a terminal and stdout a file (`> out.ndjson`)', async () => {
    const { context, captured } = terminalContext(cli.env, true);
    const code = await run(['transactions', 'export', '--format', 'ndjson'], context);
    expect(code).toBe(0);
    expect(captured.stderr).toMatch(BAR);
    expect(captured.stderr).toContain('exported 2,000 transactions');
    expect(captured.stdout.trimEnd().split('\n')).toHaveLength(2_000);
    expect(captured.stdout).not.toContain('exporting');
  });

  it('shows none when the data goes to the terminal itself or into a pipe (a pager), but does with --out', async () => {
    for (const kind of ['tty', 'pipe'] as const) {
      const { context, captured } = terminalContext(cli.env, true, kind);
      expect(await run(['transactions', 'export', '--format', 'csv'], context)).toBe(0);
      expect(captured.stderr).toBe('exported 2,000 transactions\n');
    }
    const { context, captured } = terminalContext(cli.env, true, 'tty');
    expect(await run(['transactions', 'export', '--out', 'bar.csv'], context)).toBe(0);
    expect(captured.stderr).toMatch(BAR);
    expect(captured.stdout).toBe('');
    expect(await readFile(join(cli.home, 'bar.csv'), 'utf8')).toContain('\r\n');
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
