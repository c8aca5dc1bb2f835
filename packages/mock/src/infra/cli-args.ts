import { parseArgs } from 'node:util';
import { OPTION_RANGES } from '../options.js';
import type { StartMockServerOptions } from './server.js';

/** The CLI's default port: clear of 8080, where login callbacks usually listen, and of common dev servers. */
export const DEFAULT_PORT = 7310;

export const USAGE = `monzo-mock: a Monzo API emulator on loopback, for tests and demos

Usage: monzo-mock [options]

Options:
  --port N              port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS        address to bind (default 127.0.0.1)
  --seed N              seeds the dataset: same seed, same accounts, pots and transactions (default 1)
  --transactions N      transactions per open account (default 300; 1000000 works)
  --auto-approve        approve every login at once: no consent page, no approval in the app
  --token-ttl SECONDS   access token lifetime (default 21600)
  --client-id ID        the OAuth client (default: MONZO_CLIENT_ID, else generated)
  --client-secret S     its secret (default: MONZO_CLIENT_SECRET, else generated); one you give is never
                        printed, a generated one is
  --redirect-uri URI    an allowed redirect URI, repeatable (default: MONZO_REDIRECT_URI, else any
                        loopback http URI)
  --json                print one JSON line {"url","client_id"} on stdout, with "client_secret" when it was
                        generated; logs go to stderr
  -h, --help            show this help

The environment (or .env in the working directory) supplies MONZO_CLIENT_ID, MONZO_CLIENT_SECRET and
MONZO_REDIRECT_URI. Steer it over HTTP under /_mock/ (e.g. POST /_mock/approve); see the package README.

Examples:
  monzo-mock
  monzo-mock --auto-approve --transactions 1000000
  monzo-mock --port 0 --json
  MONZO_API_URL=http://127.0.0.1:${DEFAULT_PORT} MONZO_AUTH_URL=http://127.0.0.1:${DEFAULT_PORT} node my-app.js`;

/** A command line the CLI refuses: printed as one line, exit status 2. */
export class UsageError extends Error {}

export interface CliConfig {
  help: boolean;
  json: boolean;
  server: StartMockServerOptions & { port: number; host: string };
  /** True when the client credentials were made up, so the CLI says so. */
  generatedCredentials: boolean;
}

/** Reads the command line and the environment into server options; throws `UsageError` on anything wrong. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliConfig {
  const { values } = parse(argv);
  if (values.help)
    return {
      help: true,
      json: false,
      server: { port: DEFAULT_PORT, host: '127.0.0.1' },
      generatedCredentials: false,
    };

  const server: CliConfig['server'] = {
    port: values.port === undefined ? DEFAULT_PORT : integer('--port', values.port, 0, 65_535),
    host: values.host ?? '127.0.0.1',
  };
  if (server.host.trim() === '') throw new UsageError('--host needs an address');
  // The ranges the options themselves take, so that a flag the CLI accepts never fails at start.
  const { seed, transactions, tokenTtlSeconds } = OPTION_RANGES;
  if (values.seed !== undefined) server.seed = integer('--seed', values.seed, seed.min, seed.max);
  if (values.transactions !== undefined) {
    server.transactions = integer('--transactions', values.transactions, transactions.min, transactions.max);
  }
  if (values['token-ttl'] !== undefined) {
    const { min, max } = tokenTtlSeconds;
    server.tokenTtlSeconds = integer('--token-ttl', values['token-ttl'], min, max);
  }
  if (values['auto-approve']) server.autoApprove = true;

  const clientId = values['client-id'] ?? nonEmpty(env.MONZO_CLIENT_ID);
  const clientSecret = values['client-secret'] ?? nonEmpty(env.MONZO_CLIENT_SECRET);
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new UsageError(
      'a client id and a client secret go together: give both (flags or MONZO_CLIENT_ID/SECRET)',
    );
  }
  if (clientId !== undefined && clientSecret !== undefined) {
    server.clientId = clientId;
    server.clientSecret = clientSecret;
  }

  const redirectUris =
    values['redirect-uri'] ?? (nonEmpty(env.MONZO_REDIRECT_URI) ? [env.MONZO_REDIRECT_URI as string] : []);
  for (const uri of redirectUris) {
    if (!/^https?:\/\//i.test(uri) || !URL.canParse(uri)) {
      throw new UsageError(`--redirect-uri must be an absolute http(s) URL, got ${JSON.stringify(uri)}`);
    }
  }
  if (redirectUris.length > 0) server.redirectUris = redirectUris;

  return { help: false, json: values.json === true, server, generatedCredentials: clientId === undefined };
}

/** The options that take a number: a negative one (`--transactions -1`) is their value, not another option. */
const NUMERIC = new Set(['--port', '--seed', '--transactions', '--token-ttl']);

/**
 * `--transactions -1` as `--transactions=-1`: parseArgs would call it "ambiguous" (an option after an option),
 * where the person simply gave a number out of range, which the range check then names.
 */
function joinNegativeNumbers(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (NUMERIC.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: joinNegativeNumbers(argv),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        transactions: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        'token-ttl': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs explains at length, over several lines; the first sentence is the useful part.
    const text = error instanceof Error ? error.message : String(error);
    // `--port --json`: the value was left out, and the next option taken for it.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(text);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value`);
    throw new UsageError(text.split(/\.\s|\n/)[0]?.replace(/\.$/, '') || 'bad arguments');
  }
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (value >= min && value <= max) return value;
  // Counts read best grouped (100,000,000); a port is a name, written as is (65535).
  const shown = (n: number) => (flag === '--port' ? String(n) : n.toLocaleString('en-GB'));
  throw new UsageError(
    `${flag} must be a whole number from ${shown(min)} to ${shown(max)}, got ${JSON.stringify(text)}`,
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
