import { Command, Option } from 'commander';
import type { CliContext } from './context.js';

/** The `monzo` command itself: its options, version and help, without any subcommand. */
export function rootProgram(context: CliContext): Command {
  const program = new Command('monzo')
    .description('Your Monzo account from the terminal: log in, see your money, move it safely, export it.')
    .version('0.1.0')
    .option(
      '--account <id|type>',
      'the account to use: an id (acc_…) or a type (uk_retail, uk_retail_joint); `all` for transactions export and sync',
    )
    .option('--json', 'print JSON for scripts instead of tables')
    .addOption(new Option('--api-url <url>', 'the API to talk to (default: MONZO_API_URL or Monzo)'))
    .addOption(new Option('--auth-url <url>', 'the login page origin (default: MONZO_AUTH_URL or Monzo)'))
    .option('--verbose', 'print each HTTP request (never a token)')
    // Each command's help lists these too: its examples use them (`monzo mock --json`, `--account joint`).
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.terminal.stdout.write(text),
      writeErr: (text) => context.terminal.stderr.write(text),
    });
  program.addHelpText(
    'after',
    `
Examples:
  $ monzo login
  $ monzo balance
  $ monzo pots deposit Holiday 25.00
  $ monzo transactions export --format csv --out history.csv
  $ monzo demo

Exit codes: 0 success, 1 an API or runtime error, 2 a usage error, 130 stopped by Ctrl-C.
With --json, a failure is one JSON line on stderr: {"error": {"type", "message", "next_step", "exit_code"}}.`,
  );
  return program;
}

/** A mistake commander finds itself (an unknown option, a missing argument) points to the command's own help. */
export function pointToHelpAfterErrors(program: Command): Command {
  for (const command of [program, ...descendants(program)])
    command.showHelpAfterError(`→ see \`${helpOf(command)}\``);
  return program;
}

/** `monzo pots deposit --help`: how to get the help of `command`. */
export function helpOf(command: Command): string {
  const words: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) words.unshift(at.name());
  return `${words.join(' ')} --help`;
}

function descendants(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...descendants(sub)]);
}
