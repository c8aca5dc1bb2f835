import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { createProgram } from '../src/program.js';
import { capturedContext } from './context.js';

/** One `$ …` line of a command's help, read as bash reads it. */
export interface HelpExample {
  /** The line as the help prints it, after `$ `. */
  line: string;
  /** The words of `monzo …` (without `monzo`), or undefined for another program (`sqlite3 …`). */
  argv: string[] | undefined;
  /** What its output is piped into (`jq .balance`), run by bash. */
  consumer: string | undefined;
  /** How it runs: at once, or until Ctrl-C (then when it is ready, and how). */
  kind: 'once' | 'listen' | 'mock' | 'against-mock' | 'logout';
}

/** Placeholders the help writes for ids only a real account has (`tx_00009…`), filled in when it runs. */
export const PLACEHOLDERS = { transaction: 'tx_00009…', webhook: 'webhook_00009…' } as const;

/**
 * Every `$ …` example of every command's help (`monzo --help`, `monzo pots --help`, …), once each, in the
 * order the help shows them. `$(…)` is expanded and comments dropped, by bash itself.
 */
export function collectHelpExamples(env: Record<string, string>): HelpExample[] {
  const { context, captured } = capturedContext(env);
  const program = createProgram(context);
  const texts: string[] = [];
  const visit = (command: Command) => {
    captured.stdout = '';
    command.outputHelp();
    texts.push(captured.stdout);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  const seen = new Set<string>();
  const examples: HelpExample[] = [];
  for (const line of texts.flatMap((text) => text.split('\n'))) {
    const match = /^\s*\$ (.+)$/.exec(line);
    if (!match?.[1]) continue;
    const example = readExample(match[1].trim());
    const key = JSON.stringify([example.argv ?? example.line, example.consumer]);
    if (seen.has(key)) continue;
    seen.add(key);
    examples.push(example);
  }
  return examples;
}

/** The order they can all run in against one emulator: money moves before any webhook, logout near the end. */
export function runOrder(examples: HelpExample[]): HelpExample[] {
  const rank = (example: HelpExample) => {
    if (example.kind === 'logout') return 4;
    if (example.kind === 'mock' || example.kind === 'against-mock') return 5;
    if (example.kind === 'listen') return 3;
    return example.argv?.[0] === 'webhooks' ? 2 : 1;
  };
  return examples
    .map((example, index) => ({ example, index }))
    .sort((a, b) => rank(a.example) - rank(b.example) || a.index - b.index)
    .map(({ example }) => example);
}

function readExample(line: string): HelpExample {
  const [head, consumer] = splitPipe(line);
  if (!head.startsWith('monzo ')) return { line, argv: undefined, consumer: undefined, kind: 'once' };
  const argv = words(head.slice('monzo '.length));
  const kind =
    argv[0] === 'mock'
      ? 'mock'
      : argv.includes('--api-url')
        ? 'against-mock'
        : argv[0] === 'logout'
          ? 'logout'
          : argv[0] === 'webhooks' && argv[1] === 'listen'
            ? 'listen'
            : 'once';
  return { line, argv, consumer, kind };
}

/** `a | b | c` → [`a`, `b | c`], at the first `|` outside quotes; `a > file` → [`a`, `cat > file`]. */
function splitPipe(line: string): [string, string | undefined] {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#') return [line, undefined];
    else if (char === '|') return [line.slice(0, index).trim(), line.slice(index + 1).trim()];
    else if (char === '>') return [line.slice(0, index).trim(), `cat ${line.slice(index).trim()}`];
  }
  return [line, undefined];
}

/** The words bash makes of `text`: quotes, `$(…)` and comments handled by bash itself. */
function words(text: string): string[] {
  const printed = spawnSync('bash', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  if (printed.status !== 0) throw new Error(`bash could not read ${text}: ${printed.stderr}`);
  return printed.stdout.split('\0').slice(0, -1);
}
