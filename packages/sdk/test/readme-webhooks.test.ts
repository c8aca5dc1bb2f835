import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../mock/src/index.js';
import { formatAmount, MonzoClient } from '../src/index.js';

const run = promisify(execFile);
const SDK = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(SDK, '../..');

/** The ```ts example under "## Webhooks" in the SDK's README, exactly as a reader copies it. */
async function webhooksExample(): Promise<string> {
  const readme = await readFile(join(SDK, 'README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Webhooks')));
  if (!match?.[1]) throw new Error('packages/sdk/README.md has no ```ts example under "## Webhooks"');
  return match[1];
}

describe('the README webhooks example', () => {
  let mock: MockServer;
  let folder: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    mock = await startMockServer({ transactions: 10 });
    // Inside the package, so that `monzo-ts/webhooks` resolves through the workspace like an installed package.
    folder = await mkdtemp(join(SDK, '.readme-webhooks-'));
  });
  afterAll(async () => {
    child?.kill();
    await mock.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('type-checks, and prints the transactions the emulator delivers to it', async () => {
    const script = join(folder, 'receiver.mts');
    await writeFile(script, await webhooksExample());
    await writeFile(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], module: 'NodeNext', target: 'ES2022' },
        files: ['receiver.mts'],
      }),
    );
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', folder]);

    const secret = randomBytes(32).toString('hex');
    const started = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: folder,
      env: { PATH: process.env.PATH, MONZO_WEBHOOK_SECRET: secret, PORT: '0' },
    });
    child = started;
    let stdout = '';
    started.stdout.on('data', (chunk) => (stdout += chunk));
    const port = await vi.waitFor(
      () => {
        const found = /port: (\d+)/.exec(stdout)?.[1];
        if (!found) throw new Error(`not listening yet: ${stdout}`);
        return found;
      },
      { timeout: 15_000, interval: 20 },
    );

    const tokens = await signIn(mock);
    const monzo = new MonzoClient({
      apiUrl: mock.url,
      tokens,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
    });
    const account = (await monzo.accounts.findByType('uk_retail'))?.id ?? '';
    await monzo.webhooks.create({
      account_id: account,
      url: `http://127.0.0.1:${port}/monzo?secret=${secret}`,
    });
    const tx = mock.control.createTransaction({ account_id: account, amount: -1234, merchant: true });
    const merchant = (tx.merchant as { name: string }).name;
    const line = `${account} ${formatAmount(-1234, 'GBP')} ${merchant}`;
    await vi.waitFor(() => expect(stdout).toContain(line), { timeout: 5_000, interval: 10 });
    expect(stdout).not.toContain(secret);
    expect(mock.control.counters().webhookDeliveries).toBe(1); // answered 2xx the first time
  });
});
