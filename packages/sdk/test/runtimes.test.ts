import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../mock/src/index.js';
import { packageDir } from './support/packing.js';
import { createSmokeProject, runSmoke, type SmokeRuntime } from './support/runtime-project.js';
import { NODE_MAJORS, prefetchBinaries } from './support/runtimes.js';

// The built SDK, installed from its tarball, run unchanged on every runtime it claims: Node 20 (the oldest its
// `engines` allow), 22, 24 and 26, Bun, Deno and workerd (the Workers runtime). Each logs in through the emulator's consent page, lists the accounts, reads
// every page of an account's transactions and handles a webhook delivery, over loopback to an emulator running
// in this process. A runtime that cannot be installed fails its test with the command to install it.

const TRANSACTIONS = 45;
const PAGE_SIZE = 20;
const { version } = JSON.parse(readFileSync(join(packageDir('sdk'), 'package.json'), 'utf8')) as {
  version: string;
};

let work: string;
let mock: MockServer | undefined;

beforeAll(async () => {
  // The runtimes this machine lacks download side by side, while the project is packed and installed.
  const binaries = prefetchBinaries([...NODE_MAJORS, 'bun', 'deno', 'workerd']);
  work = mkdtempSync(join(tmpdir(), 'monzo-ts-runtimes-'));
  createSmokeProject(work);
  await binaries;
}, 360_000);

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const RUNTIMES: Array<{ runtime: SmokeRuntime; name: RegExp }> = [
  ...NODE_MAJORS.map((major) => ({
    runtime: `node${major}` as const,
    name: new RegExp(`^node v${major}\\.`),
  })),
  { runtime: 'bun', name: /^bun 1\./ },
  { runtime: 'deno', name: /^deno 2\./ },
  { runtime: 'workerd', name: /^workerd$/ },
];

describe.each(RUNTIMES)('the SDK under $runtime', { timeout: 120_000 }, ({ runtime, name }) => {
  it('logs in, lists accounts, pages through transactions and handles a webhook', async () => {
    mock = await startMockServer({ transactions: TRANSACTIONS });
    const report = await runSmoke(runtime, work, {
      url: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
    });
    const first = (report.webhook as { first: string }).first;
    expect(report).toEqual({
      runtime: expect.stringMatching(name),
      version,
      expiresLater: true,
      accounts: mock.control
        .dataset()
        .accounts.map((account) => account.id)
        .sort(),
      transactions: { count: TRANSACTIONS, unique: TRANSACTIONS, oldestFirst: true, ofAccount: true },
      notFound: 404,
      // Two deliveries of one event run onEvent once; a wrong secret is refused.
      webhook: { statuses: [200, 200, 403], seen: [first], first: expect.stringMatching(/^tx_/) },
    });
    const { requests, grants } = mock.control.counters();
    expect(grants).toEqual({ authorization_code: 1, refresh_token: 0 });
    // The consent page, its form, the code exchange, then one request per page of transactions.
    expect(requests).toMatchObject({
      'GET /': 1,
      'POST /': 1,
      'POST /oauth2/token': 1,
      'GET /accounts': 1,
      'GET /transactions': Math.ceil(TRANSACTIONS / PAGE_SIZE),
    });
  });
});
