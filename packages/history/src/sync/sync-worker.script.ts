/**
 * One sync process for the tests of many workers (workers-scenario.ts): `sync-worker.script.ts LOCATION` syncs the
 * login of MONZO_ACCESS_TOKEN at MONZO_API_URL into the history at LOCATION (a SQLite file or a postgres:// URL),
 * then prints its summary as one JSON line. The tests start several at once and kill them at random. With
 * SYNC_MACHINE, its lease rows name that host rather than this one, as a worker of another machine would: the
 * accounts of one killed are then taken over only once its lease expires (LEASE_TTL_MS).
 */
import { MonzoClient } from 'monzo-ts';
import { openHistory } from '../open.js';

const [location = ''] = process.argv.slice(2);
const client = new MonzoClient({
  apiUrl: process.env.MONZO_API_URL,
  accessToken: process.env.MONZO_ACCESS_TOKEN,
  maxRetries: 0,
});
const history = await openHistory(location);
try {
  const summary = await history.sync(client, {
    leases: {
      ttlMs: Number(process.env.LEASE_TTL_MS ?? 30_000),
      owner: process.env.SYNC_MACHINE && `${process.env.SYNC_MACHINE}:${process.pid}:worker`,
    },
    notice: (notice) => process.stderr.write(`${notice.text}\n`),
  });
  console.log(JSON.stringify(summary));
} finally {
  await history.close();
}
