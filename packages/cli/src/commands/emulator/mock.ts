import type { MockCliConfig, MockServer } from '@monzo-ts/mock';
import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { output } from '../../output/output.js';
import { counted } from '../../output/wording.js';
import { globalsOf } from '../../support/globals.js';
import { untilSignal } from '../../support/signals.js';
import { DEFAULT_PORT } from './default-port.js';

/** The emulator's code, loaded when `monzo mock` runs: every other command (and `--help`) starts without it. */
type Emulator = typeof import('@monzo-ts/mock');

const EXAMPLES = `
The same emulator and flags as \`monzo-mock\` (see the @monzo-ts/mock README). Client credentials and the
redirect URI default to MONZO_CLIENT_ID, MONZO_CLIENT_SECRET and MONZO_REDIRECT_URI (environment or .env); a
client secret you give is never printed. Ctrl-C stops it.

Examples:
  $ monzo mock --auto-approve
  $ monzo mock --port 0 --json              # one line: {"url": …, "client_id": …}, and "client_secret" if generated
  $ monzo --api-url http://127.0.0.1:${DEFAULT_PORT} --auth-url http://127.0.0.1:${DEFAULT_PORT} login`;

interface MockFlags {
  port?: string;
  host?: string;
  seed?: string;
  transactions?: string;
  autoApprove?: boolean;
  tokenTtl?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string[];
}

/** `monzo mock`: the Monzo emulator on a socket until Ctrl-C, as `monzo-mock` runs it. */
export function registerMock(program: Command, context: CliContext): void {
  program
    .command('mock')
    .description('run the Monzo API emulator on loopback, for trying the CLI and for tests')
    .option('--port <n>', `port to listen on; 0 picks a free one (default ${DEFAULT_PORT})`)
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--seed <n>', 'seeds the dataset: same seed, same accounts, pots and transactions (default 1)')
    .option('--transactions <n>', 'transactions per open account (default 300)')
    .option('--auto-approve', 'approve every login at once: no consent page, no approval in the app')
    .option('--token-ttl <seconds>', 'access token lifetime (default 21600)')
    .option('--client-id <id>', 'the OAuth client (default: MONZO_CLIENT_ID, else generated)')
    .option('--client-secret <secret>', 'its secret (default: MONZO_CLIENT_SECRET, else generated)')
    .option(
      '--redirect-uri <uri>',
      'an allowed redirect URI; repeatable',
      (uri: string, all: string[] = []) => [...all, uri],
    )
    .addHelpText('after', EXAMPLES)
    .action(async (flags: MockFlags, command: Command) => {
      const globals = globalsOf(command);
      const emulator: Emulator = await import('@monzo-ts/mock');
      const config = readConfig(flags, context, emulator);
      // Listening for signals before anything is printed: a script may send one as soon as it reads the URL.
      const stop = untilSignal();
      const mock = await listen(config, emulator).catch((error: unknown) => {
        stop.release();
        throw error;
      });
      const out = output(context);
      // A secret that came from the flags or the environment may be a real one: only a generated one is shown.
      const secret = config.generatedCredentials ? { client_secret: mock.clientSecret } : {};
      if (globals.json) {
        out.data(JSON.stringify({ url: mock.url, client_id: mock.clientId, ...secret }));
      } else {
        out.data(describe(mock, config));
      }
      out.message(`monzo mock: ${await stop.signal}, stopping`);
      await mock.close();
      stop.release();
    });
}

/** The flags, as `monzo-mock` reads them, so both commands accept and refuse the same things. */
function readConfig(flags: MockFlags, context: CliContext, { parseMockCli }: Emulator): MockCliConfig {
  const argv: string[] = [];
  // `--name=value`: a value that starts with a dash (`--transactions -1`) is still that option's value.
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) argv.push(`--${name}=${value}`);
  };
  add('port', flags.port);
  add('host', flags.host);
  add('seed', flags.seed);
  add('transactions', flags.transactions);
  add('token-ttl', flags.tokenTtl);
  add('client-id', flags.clientId);
  add('client-secret', flags.clientSecret);
  for (const uri of flags.redirectUri ?? []) add('redirect-uri', uri);
  if (flags.autoApprove) argv.push('--auto-approve');
  try {
    return parseMockCli(argv, context.terminal.env);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function listen(config: MockCliConfig, { startMockServer }: Emulator): Promise<MockServer> {
  try {
    return await startMockServer(config.server);
  } catch (error) {
    const where = `${config.server.host}:${config.server.port}`;
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `${where} is already in use`,
        'pick another port with --port, or --port 0 for a free one',
      );
    }
    throw new CliError(`cannot listen on ${where}: ${(error as Error).message}`);
  }
}

function describe(mock: MockServer, config: MockCliConfig): string {
  const { server } = config;
  const generated = config.generatedCredentials;
  const secret = generated ? mock.clientSecret : '(yours, from the flags or MONZO_CLIENT_SECRET)';
  const approve = server.autoApprove
    ? 'approved at once (--auto-approve)'
    : `approve each in the "app": curl -X POST ${mock.url}/_mock/approve`;
  return `Monzo API emulator at ${mock.url}

  client id      ${mock.clientId}
  client secret  ${secret}
  redirect URIs  ${server.redirectUris?.join(', ') ?? 'any loopback http URI'}
  dataset        seed ${server.seed ?? 1}, ${counted(server.transactions ?? 300, 'transaction')} per open account
  logins         ${approve}

Point monzo (or any client) at it:
  export MONZO_API_URL=${mock.url} MONZO_AUTH_URL=${mock.url} MONZO_CLIENT_ID=${mock.clientId}${generated ? ` MONZO_CLIENT_SECRET=${mock.clientSecret}` : ''}

Ctrl-C stops it.`;
}
