/**
 * `monzo` itself, as data: commander defines the root command from it (`rootProgram`), and its help is written
 * from it (`formatRootHelp`), so that `--help` and `--version` need neither commander nor any command's code.
 */
export const ROOT = {
  name: 'monzo',
  version: '0.1.0',
  description: 'Your Monzo account from the terminal: log in, see your money, move it safely, export it.',
  /** The options every command takes, in the order the help lists them. */
  options: [
    {
      flags: '--account <id|type>',
      description:
        'the account to use: an id (acc_…) or a type (uk_retail, uk_retail_joint); `all` for transactions export and sync',
    },
    { flags: '--json', description: 'print JSON for scripts instead of tables' },
    { flags: '--api-url <url>', description: 'the API to talk to (default: MONZO_API_URL or Monzo)' },
    { flags: '--auth-url <url>', description: 'the login page origin (default: MONZO_AUTH_URL or Monzo)' },
    { flags: '--verbose', description: 'print each HTTP request (never a token)' },
  ],
  /** What the root's help ends with, after the commands. */
  afterHelp: `
Examples:
  $ monzo login
  $ monzo balance
  $ monzo pots deposit Holiday 25.00
  $ monzo transactions export --format csv --out history.csv
  $ monzo demo

Exit codes: 0 success, 1 an API or runtime error, 2 a usage error, 130 stopped by Ctrl-C.
With --json, a failure is one JSON line on stderr: {"error": {"type", "message", "next_step", "exit_code"}}.`,
} as const;
