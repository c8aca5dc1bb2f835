import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../test/harness.js';
import { runInTerminal } from '../test/pty.js';

/** The real process context, on a real pseudo-terminal (util-linux `script`). */
describe('monzo on a terminal', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 2_000 });
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('asks its confirmation on stderr: `pots deposit … --json > out.json` holds the JSON alone', async () => {
    const result = await runInTerminal(cli, ['pots', 'deposit', 'Holiday', '1', '--json'], '> out.json', {
      when: /Move £1\.00 from acc_\w+ \(uk_retail\) into the pot/,
      text: 'y',
    });
    expect(result.code).toBe(0);
    const saved = JSON.parse(await readFile(join(cli.home, 'out.json'), 'utf8')) as { name: string };
    expect(saved.name).toBe('Holiday');
    expect(cli.mock.control.counters().requests['PUT /pots/:pot_id/deposit']).toBe(1);
  });

  it('answers no when Enter alone is pressed: nothing moves (exit 1)', async () => {
    const moves = cli.mock.control.counters().requests['PUT /pots/:pot_id/deposit'] ?? 0;
    const result = await runInTerminal(cli, ['pots', 'deposit', 'Holiday', '1'], '', {
      when: /Move £1\.00 from acc_\w+ \(uk_retail\) into the pot/,
      text: '\r',
    });
    expect(result.code).toBe(1);
    expect(result.screen).toContain('cancelled: no money moved');
    expect(cli.mock.control.counters().requests['PUT /pots/:pot_id/deposit'] ?? 0).toBe(moves);
  });

  it('stops on Ctrl-C at the question with exit 130, showing no "Yes" and moving nothing', async () => {
    const moves = cli.mock.control.counters().requests['PUT /pots/:pot_id/withdraw'] ?? 0;
    const result = await runInTerminal(cli, ['pots', 'withdraw', 'Holiday', '1'], '', {
      when: /Move £1\.00 from the pot "Holiday"/,
      text: '\x03',
    });
    expect(result.code).toBe(130);
    // What the prompt shows once it has ended: the text after its last redraw.
    const after = result.screen.slice(result.screen.lastIndexOf('Move £1.00'));
    expect(after).toMatch(/No/);
    expect(after).not.toMatch(/Yes/);
    expect(after).toContain('cancelled: no money moved');
    expect(cli.mock.control.counters().requests['PUT /pots/:pot_id/withdraw'] ?? 0).toBe(moves);
  });

  it('draws the progress bar of an export that goes to a file, and none when the export goes to a pipe', async () => {
    const bar = /exporting .+% \| [\d,]+ transactions \| [\d,]+\/s/;
    const toFile = await runInTerminal(cli, ['transactions', 'export', '--format', 'ndjson'], '> out.ndjson');
    expect(toFile.code).toBe(0);
    expect(toFile.screen).toMatch(bar);
    expect(toFile.screen).toMatch(/exported 2,00\d transactions/);

    const toPipe = await runInTerminal(
      cli,
      ['transactions', 'export', '--format', 'ndjson'],
      '| cat > piped.ndjson',
    );
    expect(toPipe.code).toBe(0);
    expect(toPipe.screen).not.toMatch(bar);
    expect(toPipe.screen).toMatch(/exported 2,00\d transactions/);
    expect(await readFile(join(cli.home, 'piped.ndjson'), 'utf8')).toBe(
      await readFile(join(cli.home, 'out.ndjson'), 'utf8'),
    );
  });
});
