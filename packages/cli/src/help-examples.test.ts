import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/browser/spawn-cli.js';
import { capturedContext } from '../test/context.js';
import { cliHarness, monzoCommand, shellQuote } from '../test/harness.js';
import { collectHelpExamples, type HelpExample, PLACEHOLDERS, runOrder } from '../test/help-examples.js';
import { run } from './run.js';

/**
 * Every `$ …` example in every command's help, run as written against the emulator, in one home directory, one
 * after the other: each must exit 0 (and so must what its output is piped into). `monzo` runs in process; bash
 * reads the line and runs the rest (`jq`, `xargs`, `sqlite3`). The commands that run until Ctrl-C get it once
 * they are ready. The emulator approves logins at once, and the browser is played by fetching the login URL.
 */
const examples = runOrder(collectHelpExamples({ HOME: '/nonexistent', PATH: process.env.PATH ?? '' }));

describe.sequential('every example in the help runs against the emulator', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let env: Record<string, string>;
  let work: string;
  const realFetch = globalThis.fetch;
  beforeAll(async () => {
    const redirect = `http://127.0.0.1:${await freePort()}/callback`;
    cli = await cliHarness({ autoApprove: true, redirectUris: [redirect], transactions: 60 });
    // The help's paths are the default ones (`~/.local/share/monzo/history.sqlite`): no XDG_* here.
    const { XDG_CONFIG_HOME: _config, XDG_DATA_HOME: _data, ...rest } = cli.env;
    work = await mkdtemp(join(tmpdir(), 'monzo-examples-'));
    const bin = join(work, 'bin');
    await mkdir(bin);
    // For the examples that pipe into another `monzo` (`… | xargs -n 1 monzo webhooks remove`).
    const shim = `#!/bin/sh\nexec ${monzoCommand().map(shellQuote).join(' ')} "$@"\n`;
    await writeFile(join(bin, 'monzo'), shim);
    await chmod(join(bin, 'monzo'), 0o755);
    env = { ...rest, HOME: cli.home, MONZO_REDIRECT_URI: redirect, PATH: `${bin}:${rest.PATH}` };
    // Webhooks the examples register point off this machine: the emulator must never deliver there.
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
        return Promise.reject(new TypeError(`the test reaches loopback only, not ${url.host}`));
      return realFetch(input, init);
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await cli?.close();
    await rm(work, { recursive: true, force: true });
  });

  const LOGIN = /http:\/\/127\.0\.0\.1:\d+\/\?client_id=\S+/;

  /** `monzo …argv` in process, as a person at a terminal who answers yes and whose browser logs in. */
  const start = (argv: string[]) => {
    const { context, captured } = capturedContext(env, { stdinIsTTY: true, cwd: work });
    const browsing: Promise<unknown>[] = [];
    const browse = (url: string) => browsing.push(realFetch(url).then((page) => page.text()));
    context.confirm = async () => true;
    context.openBrowser = async (url) => {
      browse(url);
      return true;
    };
    let printedUrl = false;
    context.terminal.stderr = {
      write: (text: string) => {
        captured.stderr += text;
        const url = LOGIN.exec(text)?.[0];
        // `--no-browser`: the person opens the printed URL.
        if (url && !printedUrl && argv.includes('--no-browser')) {
          printedUrl = true;
          browse(url);
        }
      },
    };
    const exited = run(argv, context).then(async (code) => {
      await Promise.all(browsing);
      return code;
    });
    return { exited, captured };
  };

  /** The placeholders filled in with ids of this emulator's account. */
  const fillIn = async (argv: string[]) => {
    const ids: Record<string, () => Promise<string>> = {
      [PLACEHOLDERS.transaction]: () => firstId(['transactions', '--json', '--limit', '1']),
      [PLACEHOLDERS.webhook]: () => firstId(['webhooks', 'list', '--json']),
    };
    return Promise.all(argv.map((word) => ids[word]?.() ?? word));
  };
  const firstId = async (argv: string[]) => {
    const { exited, captured } = start(argv);
    expect(await exited).toBe(0);
    const id = (JSON.parse(captured.stdout) as { id: string }[])[0]?.id;
    if (!id) throw new Error(`no id from monzo ${argv.join(' ')}`);
    return id;
  };

  /** Sends Ctrl-C to what `monzo` started listening for once `ready` is true: its own handlers only. */
  const untilReady = async (ready: () => boolean, listenersBefore: Set<unknown>) => {
    for (let waited = 0; !ready(); waited += 20) {
      if (waited > 15_000) throw new Error('not ready within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return () => {
      for (const listener of process.listeners('SIGINT')) {
        if (!listenersBefore.has(listener)) (listener as (signal: string) => void)('SIGINT');
      }
    };
  };

  /** bash runs `command` (fed `input`); not spawnSync, which would stop the emulator in this process answering. */
  const shell = (command: string, input = '') =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn('bash', ['-c', command], { env, cwd: work });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.resume();
      child.stdin.end(input);
      child.on('close', (code) => done({ code, stderr }));
    });

  const check = async (example: HelpExample, code: number, captured: { stdout: string; stderr: string }) => {
    expect(code, `${example.line}\n${captured.stderr}`).toBe(0);
    if (example.consumer) {
      const piped = await shell(example.consumer, captured.stdout);
      expect(piped.code, `${example.consumer}: ${piped.stderr}`).toBe(0);
    }
  };

  let mockStop: (() => void) | undefined;
  let mockExited: Promise<number> | undefined;

  it('finds the examples of every command', () => {
    const commands = new Set(examples.map((example) => example.argv?.[0] ?? example.line.split(' ')[0]));
    for (const name of [
      'login',
      'logout',
      'pots',
      'transactions',
      'sync',
      'feed',
      'webhooks',
      'mock',
      'demo',
    ])
      expect(commands).toContain(name);
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples.map((example) => [example.line, example] as const))('$ %s', async (_, example) => {
    if (!example.argv) {
      const result = await shell(example.line);
      expect(result.code, result.stderr).toBe(0);
      return;
    }
    const argv = await fillIn(example.argv);
    const listenersBefore = new Set(process.listeners('SIGINT'));
    const { exited, captured } = start(argv);
    if (example.kind === 'listen' || example.kind === 'mock') {
      const ready =
        example.kind === 'listen'
          ? () => captured.stderr.includes('Ready: listening')
          : () => captured.stdout.length > 0;
      const stop = await untilReady(ready, listenersBefore);
      // `monzo mock --auto-approve` stays up for the examples that use it (`monzo --api-url … login`).
      if (example.kind === 'mock' && !argv.includes('--port')) {
        mockStop = stop;
        mockExited = exited;
        return;
      }
      stop();
    }
    await check(example, await exited, captured);
  });

  it('stops the emulator `monzo mock` started, with exit 0', async () => {
    if (!mockStop) return;
    mockStop();
    expect(await mockExited).toBe(0);
  });
});
