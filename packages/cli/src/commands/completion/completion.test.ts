import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { run } from '../../run.js';
import { POT_NAMES_FILE, rememberPotNames } from '../../support/pot-names.js';

/** The script `monzo completion SHELL` prints, run in process. */
async function script(shell: string): Promise<string> {
  const { context, captured } = capturedContext({ HOME: '/nonexistent', NO_COLOR: '1' });
  expect(await run(['completion', shell], context)).toBe(0);
  return captured.stdout;
}

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

let home: string;
let bashScript: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'monzo-completion-'));
  bashScript = join(home, 'monzo.bash');
  await writeFile(bashScript, await script('bash'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/**
 * What bash's own completion offers for `line` (the cursor at its end), as a person pressing Tab gets it: the
 * script sourced, COMP_WORDS and COMP_CWORD set as bash sets them, the completion function called, COMPREPLY read.
 */
function bashComplete(line: string, env: Record<string, string> = {}): string[] {
  const words = line.split(' ');
  const program = `
source "$1"
COMP_WORDS=(${words.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ')})
COMP_CWORD=${words.length - 1}
COMPREPLY=()
_monzo
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const stdout = execFileSync('bash', ['--norc', '-c', program, 'bash', bashScript], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
  });
  return stdout.split('\n').filter(Boolean);
}

describe('monzo completion bash, run by bash', () => {
  it('completes the commands, then a command’s subcommands', () => {
    expect(bashComplete('monzo ')).toEqual(
      expect.arrayContaining(['login', 'balance', 'pots', 'completion']),
    );
    expect(bashComplete('monzo tr')).toEqual(['transactions']);
    expect(bashComplete('monzo pots ')).toEqual(['list', 'deposit', 'withdraw', 'help']);
    expect(bashComplete('monzo help po')).toEqual(['pots']);
  });

  it('completes options, the global ones after a command too', () => {
    expect(bashComplete('monzo pots deposit --')).toEqual(
      expect.arrayContaining(['--yes', '--dedupe-id', '--account', '--json', '--help']),
    );
    expect(bashComplete('monzo login --no-')).toEqual(['--no-browser', '--no-sync']);
  });

  it('completes the accounts --account takes, wherever it is', () => {
    expect(bashComplete('monzo --account jo')).toEqual(['joint']);
    expect(bashComplete('monzo balance --account uk_retail')).toEqual(['uk_retail', 'uk_retail_joint']);
    // The value is skipped: `joint` is not taken for a command.
    expect(bashComplete('monzo --account joint bal')).toEqual(['balance']);
  });

  it('completes --format with its formats, after a space or an =', () => {
    expect(bashComplete('monzo transactions export --format ')).toEqual([
      'csv',
      'json',
      'ndjson',
      'ofx',
      'qif',
    ]);
    // bash splits `--format=o` at the = into three words.
    expect(bashComplete('monzo transactions export --format = o')).toEqual(['ofx']);
  });

  it('completes the shells of `monzo completion`', () => {
    expect(bashComplete('monzo completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers no pot names before any listing', () => {
    expect(bashComplete('monzo pots deposit ')).toEqual([]);
  });
});

describe('pot names in completion', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('offers the pots `monzo pots` last listed, escaped for the shell, and keeps nothing but their names', async () => {
    const { context } = capturedContext(cli.env);
    expect(await run(['pots'], context)).toBe(0);
    const kept = await readFile(join(cli.home, '.cache', 'monzo', POT_NAMES_FILE), 'utf8');
    const listed = cli.mock.control
      .dataset()
      .pots.filter((pot) => !pot.deleted && pot.current_account_id === personalAccount(cli))
      .map((pot) => pot.name);
    expect(listed.length).toBeGreaterThan(0);
    expect(kept.split('\n').filter(Boolean).sort()).toEqual([...listed].sort());
    expect(kept).not.toMatch(/token|acc_|pot_/);

    const env = { HOME: cli.home };
    expect(bashComplete('monzo pots deposit ', env).sort()).toEqual(
      listed.map((name) => name.replaceAll(' ', '\\ ')).sort(),
    );
    const spaced = listed.find((name) => name.includes(' '));
    expect(spaced).toBeDefined();
    if (spaced) {
      const [first] = spaced.split(' ');
      expect(bashComplete(`monzo pots withdraw ${first}`, env)).toContain(spaced.replaceAll(' ', '\\ '));
      // Typed with an opening quote, it is completed inside the quotes.
      expect(bashComplete(`monzo pots withdraw "${first}`, env)).toContain(`"${spaced}"`);
    }
  });
});

function personalAccount(cli: Awaited<ReturnType<typeof cliHarness>>): string | undefined {
  return cli.mock.control
    .dataset()
    .accounts.find((account) => account.type === 'uk_retail' && !account.closed)?.id;
}

describe('a pot name is data, never code', () => {
  it('is offered escaped and never run, whatever it holds; a name with a line break is not kept', async () => {
    const marker = join(home, 'ran');
    const hostile = `$(touch ${marker}) \`touch ${marker}\``;
    // As `monzo pots` keeps them, under XDG_CACHE_HOME/monzo.
    await rememberPotNames(
      { paths: { config: home, data: home, cache: join(home, 'monzo') } } as Parameters<
        typeof rememberPotNames
      >[0],
      [{ name: hostile }, { name: "Bob's; rm -rf ~" }, { name: 'two\nlines' }],
    );
    expect(await readFile(join(home, 'monzo', POT_NAMES_FILE), 'utf8')).toBe(`${hostile}\nBob's; rm -rf ~\n`);
    const offered = bashComplete('monzo pots deposit ', { XDG_CACHE_HOME: home });
    expect(offered).toHaveLength(2);
    // Completed, then read by bash as the typed line: the very names, nothing run.
    const typed = execFileSync('bash', ['--norc', '-c', `printf '%s\\n' ${offered.join(' ')}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(typed).toBe(`${hostile}\nBob's; rm -rf ~\n`);
    await expect(readFile(marker)).rejects.toThrow();
  });
});

describe('monzo completion zsh and fish', () => {
  it.runIf(hasShell('zsh'))('zsh reads the script, and completes as bash does', async () => {
    const file = join(home, '_monzo');
    await writeFile(file, await script('zsh'));
    const stdout = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        `compdef() { :; }; source "$1"; _monzo_resolve 2 monzo --account jo; print -r -- "$_monzo_words"`,
        'zsh',
        file,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } },
    );
    expect(stdout.split('\n')).toContain('joint');
  });

  it.runIf(hasShell('fish'))('fish completes commands and --account values', async () => {
    const file = join(home, 'monzo.fish');
    await writeFile(file, await script('fish'));
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C '${line}'`, file], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: home },
      })
        .split('\n')
        .filter(Boolean);
    expect(complete('monzo pots ')).toEqual(expect.arrayContaining(['deposit', 'withdraw']));
    expect(complete('monzo --account jo')).toEqual(['joint']);
    expect(complete('monzo transactions export --format=o')).toEqual(['--format=ofx']);
  });

  it('every script at least parses in the shells here (bash always)', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      if (!hasShell(shell)) continue;
      const file = join(home, `syntax.${shell}`);
      await writeFile(file, await script(shell));
      expect(spawnSync(shell, ['-n', file]).status, shell).toBe(0);
    }
  });
});
