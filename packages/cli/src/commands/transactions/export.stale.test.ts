import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, monzoCommand } from '../../../test/harness.js';
import { parseCsv } from '../../export/test-parsers.js';

/** `kill -9` gives an export no chance to clean up: the next export to the same target does it. */
describe('monzo transactions export --out: temporary files left by a killed export', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let out: string;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 3_000 });
    out = join(cli.home, 'out');
    await mkdir(out);
  });
  afterAll(() => cli.close());

  const temps = async () => (await readdir(out)).filter((name) => name.endsWith('.tmp')).sort();

  /** An export to `h.csv` in the background, once its temporary file exists and a few pages are read. */
  async function exportMidway(): Promise<{ child: ChildProcess; temp: string; ended: Promise<unknown> }> {
    const before = await temps();
    const pagesBefore = cli.mock.control.counters().requests['GET /transactions'] ?? 0;
    const [node, monzo] = monzoCommand();
    const child = spawn(node, [monzo, 'transactions', 'export', '--out', 'h.csv'], {
      cwd: out,
      env: cli.env,
      stdio: 'ignore',
    });
    const ended = new Promise((done) => child.on('close', done));
    for (let tries = 0; tries < 400; tries++) {
      const pages = (cli.mock.control.counters().requests['GET /transactions'] ?? 0) - pagesBefore;
      const fresh = (await temps()).filter((name) => !before.includes(name));
      if (pages >= 3 && fresh[0]) return { child, temp: fresh[0], ended };
      await new Promise((wait) => setTimeout(wait, 25));
    }
    child.kill('SIGKILL');
    throw new Error('the export never got under way');
  }

  it('removes the temporary file of a killed export, not a live one’s, and writes the export whole', async () => {
    await cli.loggedIn();
    cli.mock.control.fault({ path: '/transactions', latencyMs: 50 });

    const killed = await exportMidway();
    killed.child.kill('SIGKILL');
    await killed.ended;
    expect(await temps()).toEqual([killed.temp]);

    // A live export to the same target, paused (as Ctrl-Z would) so that it is still writing when the next runs.
    const live = await exportMidway();
    live.child.kill('SIGSTOP');
    try {
      cli.mock.control.clearFaults();
      const result = await cli.run(['transactions', 'export', '--out', 'h.csv', '--json'], { cwd: out });
      expect(result.code).toBe(0);
      expect(await temps()).toEqual([live.temp]);
      const rows = parseCsv(await readFile(join(out, 'h.csv'), 'utf8'));
      expect(rows.length).toBe(JSON.parse(result.stdout).transactions);
      expect(rows.length).toBeGreaterThan(1_000);
    } finally {
      live.child.kill('SIGCONT');
      live.child.kill('SIGINT');
      await live.ended;
    }
    // The live export cleaned up after itself on Ctrl-C, as before.
    expect(await temps()).toEqual([]);
  });
});
