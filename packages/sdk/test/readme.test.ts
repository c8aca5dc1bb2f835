import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../mock/src/index.js';
import {
  createAuthorizationRequest,
  exchangeCode,
  FileTokenStore,
  formatAmount,
  MonzoClient,
} from '../src/index.js';

const run = promisify(execFile);
const SDK = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(SDK, '../..');

/** The README's first TypeScript example, exactly as a reader copies it, run against the emulator. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Use it'));
  const match = /```ts\n([\s\S]*?)```/.exec(usage);
  if (!match?.[1]) throw new Error('README.md has no ```ts example under "## Use it"');
  return match[1];
}

describe('the README usage example', () => {
  let monzo: MockServer;
  let folder: string;

  beforeAll(async () => {
    monzo = await startMockServer({ autoApprove: true, transactions: 400 });
    // Inside the package, so that `import 'monzo-ts'` resolves through the workspace like an installed package.
    folder = await mkdtemp(join(SDK, '.readme-'));
  });
  afterAll(async () => {
    await monzo.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('type-checks and runs as written against a logged-in account', async () => {
    const redirectUri = 'http://127.0.0.1:8080/callback';
    const login = createAuthorizationRequest({ clientId: monzo.clientId, redirectUri, authUrl: monzo.url });
    const callback = new URL((await fetch(login.url, { redirect: 'manual' })).headers.get('location') ?? '');
    const tokens = await exchangeCode({
      clientId: monzo.clientId,
      clientSecret: monzo.clientSecret,
      apiUrl: monzo.url,
      redirectUri,
      code: callback.searchParams.get('code') ?? '',
      state: callback.searchParams.get('state') ?? '',
      expectedState: login.state,
    });
    const tokenFile = join(folder, 'tokens.json');
    await new FileTokenStore(tokenFile).set(tokens);

    const script = join(folder, 'example.mts');
    await writeFile(script, await readmeExample());
    await writeFile(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], module: 'NodeNext', target: 'ES2022' },
        files: ['example.mts'],
      }),
    );
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', folder]);

    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        MONZO_API_URL: monzo.url,
        MONZO_AUTH_URL: monzo.url,
        MONZO_CLIENT_ID: monzo.clientId,
        MONZO_CLIENT_SECRET: monzo.clientSecret,
        MONZO_TOKEN_FILE: tokenFile,
      },
    });
    // What the example printed is what the account holds, read again through the SDK.
    const client = new MonzoClient({
      clientId: monzo.clientId,
      clientSecret: monzo.clientSecret,
      apiUrl: monzo.url,
      tokenStore: new FileTokenStore(tokenFile),
    });
    const account = await client.accounts.findByType('uk_retail');
    const balance = await client.balance.get(account?.id ?? '');
    // The example moved £5.00 into a pot after it printed the balance.
    expect(stdout).toContain(`Balance: ${formatAmount(balance.balance + 500, balance.currency)}`);
    const since = new Date(monzo.control.now() - 30 * 24 * 3_600_000);
    let count = 0;
    for await (const _ of client.transactions.iterate({ account_id: account?.id ?? '', since })) count++;
    // Every transaction of the last 30 days is printed, the pot transfer included.
    const printed = stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2}T/.test(line));
    expect(count).toBeGreaterThan(5);
    expect(printed).toHaveLength(count);
  });
});
