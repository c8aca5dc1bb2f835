/**
 * One sync process for the tests of many workers (workers.test.ts): `sync-worker.script.ts FILE` syncs the
 * login of MONZO_ACCESS_TOKEN at MONZO_API_URL into the SQLite history FILE, then prints its summary as one
 * JSON line. The tests start several at once and kill them at random.
 */
import { MonzoClient } from 'monzo-ts';
import { openHistory } from '../open.js';

const [file = ''] = process.argv.slice(2);
const client = new MonzoClient({
  apiUrl: process.env.MONZO_API_URL,
  accessToken: process.env.MONZO_ACCESS_TOKEN,
  maxRetries: 0,
});
const history = await openHistory(file);
try {
  const summary = await history.sync(client, {
    leases: { ttlMs: Number(process.env.LEASE_TTL_MS ?? 30_000) },
    notice: (notice) => process.stderr.write(`${notice.text}\n`),
  });
  console.log(JSON.stringify(summary));
} finally {
  await history.close();
}
