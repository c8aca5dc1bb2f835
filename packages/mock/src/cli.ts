#!/usr/bin/env node
/**
 * `monzo-mock`: the emulator on a socket, for apps and tests in any language. A thin layer over
 * `startMockServer`; see `monzo-mock --help`.
 */
import { existsSync } from 'node:fs';
import { type CliConfig, parseCli, USAGE, UsageError } from './infra/cli-args.js';
import { type MockServer, startMockServer } from './infra/server.js';

/** Reads `.env` from the working directory into the environment; variables already set win. */
function loadDotEnv(): void {
  if (!existsSync('.env')) return;
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    console.error(`monzo-mock: ignoring .env: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readConfig(): CliConfig {
  try {
    return parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`monzo-mock: ${error.message} (see monzo-mock --help)`);
    process.exit(2);
  }
}

/**
 * A client secret given (flag, environment or .env) may be a real one, copied from elsewhere: it is never
 * printed, as by `monzo mock`. A generated one is printed, since that is the only way to learn it.
 */
function shownSecret(mock: MockServer, config: CliConfig): string | undefined {
  return config.generatedCredentials ? mock.clientSecret : undefined;
}

function describe(mock: MockServer, config: CliConfig): string {
  const { server } = config;
  const redirects = server.redirectUris?.join(', ') ?? 'any loopback http URI';
  const secret = shownSecret(mock, config);
  const generated = secret
    ? '\n  (generated: set MONZO_CLIENT_ID and MONZO_CLIENT_SECRET, or the flags, to keep them across runs)'
    : '';
  const transactions = server.transactions ?? 300;
  return `monzo-mock: a Monzo API emulator at ${mock.url}

  client id      ${mock.clientId}
  client secret  ${secret ?? '(yours, from the flags or MONZO_CLIENT_SECRET)'}${generated}
  redirect URIs  ${redirects}
  dataset        seed ${server.seed ?? 1}, ${transactions.toLocaleString('en-GB')} ${transactions === 1 ? 'transaction' : 'transactions'} per open account
  logins         ${server.autoApprove ? 'approved at once (--auto-approve)' : `approve each in the "app": curl -X POST ${mock.url}/_mock/approve`}

Point the SDK (or any client) at it:
  MONZO_API_URL=${mock.url} MONZO_AUTH_URL=${mock.url} MONZO_CLIENT_ID=${mock.clientId}${secret ? ` MONZO_CLIENT_SECRET=${secret}` : ''}

Ctrl-C stops it.`;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = readConfig();
  if (config.help) {
    console.log(USAGE);
    return;
  }
  let mock: MockServer;
  try {
    mock = await startMockServer(config.server);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where = `${config.server.host}:${config.server.port}`;
    const reason =
      code === 'EADDRINUSE'
        ? `${where} is already in use (try --port 0)`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`monzo-mock: cannot listen: ${reason}`);
    process.exit(1);
  }

  // Before the line that says it is ready: a caller that reads it may signal at once, and a signal that came
  // before its handler would kill the process with no clean close.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while closing means "now".
    if (stopping) process.exit(0);
    stopping = true;
    console.error(`monzo-mock: ${signal}, stopping`);
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (config.json) {
    const secret = shownSecret(mock, config);
    process.stdout.write(
      `${JSON.stringify({ url: mock.url, client_id: mock.clientId, ...(secret ? { client_secret: secret } : {}) })}\n`,
    );
    console.error(`monzo-mock: listening at ${mock.url}`);
  } else {
    console.log(describe(mock, config));
  }
}

await main();
