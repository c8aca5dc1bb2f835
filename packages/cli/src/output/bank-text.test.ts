import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../test/browser/spawn-cli.js';
import { cliHarness } from '../../test/harness.js';
import { runInTerminal } from '../../test/pty.js';
import { HOSTILE, steering } from './test-bank-text.js';

/**
 * Bank text is written by others (a merchant's name, a transfer's reference, a note): served by the emulator
 * with every way of steering a terminal in it, it reaches the person as text, and programs exactly.
 */
describe('bank text on the terminal', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let hostileId = '';
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 5 });
    await cli.loggedIn();
    hostileId = String(
      cli.mock.control.createTransaction({
        amount: -1_234,
        merchant: false,
        description: HOSTILE,
        category: HOSTILE,
        decline_reason: HOSTILE,
      }).id,
    );
  });
  afterAll(() => cli.close());

  it('monzo transactions: shown as text in the table, exact with --json', async () => {
    const shown = await cli.run(['transactions']);
    expect(shown.code).toBe(0);
    expect(steering(shown.stdout + shown.stderr)).toEqual([]);
    expect(shown.stdout).toContain('EVIL');

    const json = await cli.run(['transactions', '--json']);
    const listed = JSON.parse(json.stdout) as Array<{ id: string; description: string }>;
    expect(listed.find((tx) => tx.id === hostileId)?.description).toBe(HOSTILE);
  });

  it('monzo transactions on a real terminal (a pty): nothing but text reaches the screen', async () => {
    const result = await runInTerminal(cli, ['transactions']);
    expect(result.code).toBe(0);
    expect(result.screen).toContain('EVIL');
    // The pty turns each newline into CR LF: those are the terminal's own.
    expect(steering(result.screen.replaceAll('\r\n', '\n'))).toEqual([]);
  });

  it('monzo transactions annotate: metadata shown as text, exact with --json', async () => {
    // An argument cannot hold NUL; everything else can.
    const note = HOSTILE.replace('\u0000', '');
    const shown = await cli.run(['transactions', 'annotate', hostileId, `note=${note}`]);
    expect(shown.code).toBe(0);
    expect(steering(shown.stdout + shown.stderr)).toEqual([]);
    expect(shown.stdout).toContain('note=Café');

    const json = await cli.run(['transactions', 'annotate', hostileId, `note=${note}`, '--json']);
    expect(JSON.parse(json.stdout).metadata.note).toBe(note);
  });

  it('an error quoting what the server said: shown as text', async () => {
    const remove = cli.mock.control.fault({
      path: '/accounts',
      status: 400,
      body: { code: 'bad_request.bad_param', message: HOSTILE },
    });
    try {
      const result = await cli.run(['accounts']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/^error: Café \[2J.*EVIL/s);
      expect(steering(result.stdout + result.stderr)).toEqual([]);
    } finally {
      remove();
    }
  });

  it('monzo webhooks listen: each event printed as text, exact with --json', async () => {
    for (const json of [false, true]) {
      const listener = spawnCli(['webhooks', 'listen', ...(json ? ['--json'] : [])], cli.env, cli.home);
      try {
        await listener.waitFor('stderr', /Ready: listening/);
        const tx = cli.mock.control.createTransaction({ amount: -99, merchant: false, description: HOSTILE });
        await listener.waitFor('stdout', new RegExp(`${tx.id}[^\n]*\n`));
        const line =
          listener
            .stdout()
            .split('\n')
            .find((text) => text.includes(String(tx.id))) ?? '';
        if (json) expect(JSON.parse(line).data.description).toBe(HOSTILE);
        else {
          expect(line).toContain('EVIL');
          expect(steering(listener.stdout() + listener.stderr())).toEqual([]);
        }
      } finally {
        listener.child.kill('SIGINT');
        await listener.exited;
      }
    }
  });
});
