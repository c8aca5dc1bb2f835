/**
 * Two sync processes on one history at once, against the emulator (no Monzo account needed):
 * `npx tsx packages/history/examples/two-workers.ts [LOCATION]`. Each account is synced by one of them at a
 * time (a lease per account); the other waits for it and then finds nothing new, so every transaction is
 * stored once. LOCATION: a file (default: one in a temporary folder) or a `postgres://` URL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistory } from '@monzo-ts/history';
import { signIn, startMockServer } from '@monzo-ts/mock';

const location = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'monzo-history-')), 'history.sqlite');
const mock = await startMockServer({ transactions: 2_000, autoApprove: true });
try {
  // One login for both workers: Monzo keeps one token per client and user.
  const { access_token } = await signIn(mock);
  const worker = () =>
    new Promise<string>((done, fail) => {
      const sync = fileURLToPath(new URL('./sync.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', sync, location], {
        env: { ...process.env, MONZO_API_URL: mock.url, MONZO_ACCESS_TOKEN: access_token },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) =>
        code === 0 ? done(out.split('\n')[0] ?? '') : fail(new Error(`worker exited ${code}`)),
      );
    });
  const [first, second] = await Promise.all([worker(), worker()]);
  console.log(`worker 1: ${first}\nworker 2: ${second}`);

  const history = await openHistory(location, { readOnly: true });
  try {
    let held = 0;
    for (const account of await history.accounts()) held += (await history.held(account.id)).transactions;
    console.log(`${held} transactions held in ${history.location}, each once (2 accounts × 2,000)`);
  } finally {
    await history.close();
  }
} finally {
  await mock.close();
}
