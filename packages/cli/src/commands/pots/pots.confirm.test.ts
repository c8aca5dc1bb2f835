import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import { type CliContext, xdgPaths } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import { run } from '../../run.js';

/** The confirmation prompt needs a terminal: run the CLI in process, with one injected that answers. */
describe('monzo pots deposit|withdraw on a terminal', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  beforeEach(async () => {
    cli.mock.control.reset();
    await cli.loggedIn();
    cli.mock.control.resetCounters();
  });
  afterAll(() => cli.close());

  function terminal(answer: boolean | 'ctrl-c') {
    const seen = { stdout: '', stderr: '', questions: [] as string[] };
    const context: CliContext = {
      terminal: {
        stdout: { write: (text: string) => (seen.stdout += text) },
        stderr: { write: (text: string) => (seen.stderr += text) },
        stdoutIsTTY: false,
        stdoutKind: 'pipe',
        stderrIsTTY: false,
        stdinIsTTY: true,
        env: cli.env,
        cwd: cli.home,
      },
      confirm: async (question) => {
        seen.questions.push(question);
        if (answer === 'ctrl-c') throw new InterruptedError('interrupted');
        return answer;
      },
      openBrowser: async () => false,
      paths: xdgPaths(cli.env),
    };
    return { context, seen };
  }

  const moves = () => cli.mock.control.counters().requests['PUT /pots/:pot_id/deposit'] ?? 0;

  it('asks before moving, naming the amount and the pot, and moves once on yes', async () => {
    const { context, seen } = terminal(true);
    expect(await run(['pots', 'deposit', 'Holiday', '12.50'], context)).toBe(0);
    expect(seen.questions).toHaveLength(1);
    expect(seen.questions[0]).toMatch(/^Move £12\.50 from acc_\w+ \(uk_retail\) into the pot "Holiday"\?$/);
    expect(seen.stdout).toContain('Moved £12.50 into "Holiday"');
    expect(moves()).toBe(1);
  });

  it('moves nothing when the answer is no (exit 1)', async () => {
    const { context, seen } = terminal(false);
    expect(await run(['pots', 'withdraw', 'Holiday', '3'], context)).toBe(1);
    expect(seen.questions[0]).toMatch(/^Move £3\.00 from the pot "Holiday" to acc_\w+ \(uk_retail\)\?$/);
    expect(seen.stderr).toContain('cancelled: no money moved');
    expect(cli.mock.control.counters().requests['PUT /pots/:pot_id/withdraw']).toBeUndefined();
  });

  it('stops on Ctrl-C at the question with exit 130, saying that no money moved', async () => {
    const { context, seen } = terminal('ctrl-c');
    expect(await run(['pots', 'deposit', 'Holiday', '2'], context)).toBe(130);
    expect(seen.questions).toHaveLength(1);
    expect(seen.stderr).toBe('error: cancelled: no money moved\n');
    expect(moves()).toBe(0);
  });

  it('does not ask with --yes, nor when the amount is refused', async () => {
    const yes = terminal(false);
    expect(await run(['pots', 'deposit', 'Holiday', '1', '--yes'], yes.context)).toBe(0);
    expect(yes.seen.questions).toEqual([]);
    const refused = terminal(true);
    expect(await run(['pots', 'deposit', 'Holiday', '1.001'], refused.context)).toBe(2);
    expect(refused.seen.questions).toEqual([]);
    expect(moves()).toBe(1);
  });
});
