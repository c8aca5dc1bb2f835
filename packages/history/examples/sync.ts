/**
 * One sync, then a few reads: `npx tsx packages/history/examples/sync.ts [LOCATION]` with `MONZO_ACCESS_TOKEN`
 * (and `MONZO_API_URL` for the emulator) set. LOCATION is a file (SQLite, default `history.sqlite`) or a
 * `postgres://` URL: the rest is the same for both.
 */
import { openHistory } from '@monzo-ts/history';
import { MonzoClient } from 'monzo-ts';

const location = process.argv[2] ?? process.env.MONZO_HISTORY_DB ?? 'history.sqlite';
const monzo = new MonzoClient({
  apiUrl: process.env.MONZO_API_URL,
  accessToken: process.env.MONZO_ACCESS_TOKEN,
});

const history = await openHistory(location);
try {
  const summary = await history.sync(monzo, {
    notice: (notice) => console.error(notice.text),
  });
  console.log(
    `${summary.inserted} new, ${summary.updated} updated: ${summary.held} held in ${history.location}`,
  );

  for (const account of await history.accounts({ user_id: summary.user_id })) {
    if (account.closed) continue;
    const held = await history.held(account.id);
    console.log(`${account.id} (${account.type}): ${held.transactions} from ${held.first} to ${held.last}`);
    // The five most recent, oldest first, as Monzo returned them (merchant expanded).
    for await (const tx of history.transactions({ account_id: account.id, limit: 5, newest: true })) {
      const merchant = typeof tx.merchant === 'object' && tx.merchant ? tx.merchant.name : tx.description;
      console.log(`  ${tx.created.slice(0, 10)} ${merchant} ${tx.amount / 100} ${tx.currency}`);
    }
  }
  const gaps = await history.gaps({ user_id: summary.user_id });
  if (gaps.length > 0) console.log(`${gaps.length} stretch(es) out of reach: log in again and sync at once`);
} finally {
  await history.close();
}
