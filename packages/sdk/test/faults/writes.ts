import type { MockServer } from '../../../mock/src/index.js';
import { signIn } from '../../../mock/src/index.js';
import type { World } from '../../../mock/src/world.js';
import { MonzoClient } from '../../src/client.js';
import { MonzoAuthenticationError, type MonzoError, MonzoNotFoundError } from '../../src/core/errors.js';
import type { RequestOptions } from '../../src/core/transport.js';

/**
 * Every call of the SDK that changes something, as the fault suite drives it: what it needs first, the call,
 * how many times its change is in the emulator's state, and what its error's advice says to do.
 */
export interface Write {
  name: string;
  /** The route the faults are put on. */
  route: string;
  /** Its success answer is empty, so a body cut in half is still a whole answer. */
  emptyAnswer?: boolean;
  /** Makes what the call needs, before any fault; returns what the other steps act on. */
  prepare(): Promise<Subject>;
  call(subject: Subject, options: RequestOptions): Promise<unknown>;
  /** How many times the change is in the state; absent where nothing can be seen (an upload URL handed out). */
  applied?(subject: Subject): Promise<number>;
  /** Does what the error's advice says (and checks the error carries what that takes). */
  follow(subject: Subject, error: MonzoError): Promise<void>;
}

type Subject = Record<string, unknown>;

export interface Bank {
  mock: MockServer;
  world: World;
  monzo: MonzoClient;
  account: string;
  pot: string;
  /** A transaction of the account, made now (a fresh one per call, so that its attachments are its own). */
  transaction(): string;
}

const IMAGE = 'https://example.com/icon.png';
const ignore = (kind: abstract new (...args: never[]) => Error) => (error: unknown) => {
  if (!(error instanceof kind)) throw error;
};

/** The writes, over one emulator; `n` makes each case's names its own. */
export function writes(bank: Bank, expect: (condition: boolean, what: string) => void): Write[] {
  const { monzo, account, pot, world } = bank;
  let n = 0;
  const next = () => String(++n);
  const attachments = async (tx: string) => (await monzo.transactions.get(tx)).attachments ?? [];
  const potMoves = async (dedupe: string) => {
    const since = new Date(bank.mock.control.now() - 3_600_000);
    let found = 0;
    for await (const tx of monzo.transactions.iterate({ account_id: account, since })) {
      if (tx.metadata.external_id === dedupe) found++;
    }
    return found;
  };
  const move = (direction: 'deposit' | 'withdraw'): Write => ({
    name: `pots.${direction}`,
    route: `PUT /pots/:pot_id/${direction}`,
    prepare: async () => ({ dedupe: `faults-${direction}-${next()}` }),
    call: ({ dedupe }, options) =>
      direction === 'deposit'
        ? monzo.pots.deposit(
            pot,
            { source_account_id: account, amount: 100, dedupe_id: dedupe as string },
            options,
          )
        : monzo.pots.withdraw(
            pot,
            { destination_account_id: account, amount: 100, dedupe_id: dedupe as string },
            options,
          ),
    applied: ({ dedupe }) => potMoves(dedupe as string),
    follow: async ({ dedupe }, error) => {
      expect(error.dedupeId === dedupe, `the error carries the dedupe id (${error.dedupeId})`);
      expect(error.message.includes(`dedupe_id ${dedupe}`), 'the message names the dedupe id');
      const again = { amount: 100, dedupe_id: error.dedupeId as string };
      await (direction === 'deposit'
        ? monzo.pots.deposit(pot, { source_account_id: account, ...again })
        : monzo.pots.withdraw(pot, { destination_account_id: account, ...again }));
    },
  });
  const annotated = async (tx: string, key: string) =>
    (await monzo.transactions.get(tx)).metadata[key] === 'set' ? 1 : 0;
  const webhooksAt = async (url: string) =>
    (await monzo.webhooks.list(account)).filter((webhook) => webhook.url === url).length;
  const receipt = (tx: string, external_id: string) => ({
    transaction_id: tx,
    external_id,
    total: 100,
    currency: 'GBP',
    items: [{ description: 'Coffee', amount: 100, currency: 'GBP', quantity: 1 }],
  });
  const hasReceipt = async (external_id: string) =>
    monzo.receipts.get(external_id).then(
      () => 1,
      (error: unknown) => {
        ignore(MonzoNotFoundError)(error);
        return 0;
      },
    );

  return [
    move('deposit'),
    move('withdraw'),
    {
      name: 'transactions.annotate',
      route: 'PATCH /transactions/:transaction_id',
      prepare: async () => ({ tx: bank.transaction(), key: `faults_${next()}` }),
      call: ({ tx, key }, options) =>
        monzo.transactions.annotate(tx as string, { [key as string]: 'set' }, options),
      applied: ({ tx, key }) => annotated(tx as string, key as string),
      // Safe to repeat: the same values again.
      follow: async ({ tx, key }) => {
        await monzo.transactions.annotate(tx as string, { [key as string]: 'set' });
      },
    },
    {
      name: 'feed.create',
      route: 'POST /feed',
      prepare: async () => ({ title: `Faults ${next()}` }),
      call: ({ title }, options) =>
        monzo.feed.create(
          { account_id: account, params: { title: title as string, image_url: IMAGE } },
          options,
        ),
      applied: async ({ title }) =>
        world.extras.feedItems().filter((item) => item.params.title === title).length,
      // "Look in the Monzo app first": post again only if it is not there.
      follow: async ({ title }) => {
        if (world.extras.feedItems().some((item) => item.params.title === title)) return;
        await monzo.feed.create({
          account_id: account,
          params: { title: title as string, image_url: IMAGE },
        });
      },
    },
    {
      name: 'webhooks.create',
      route: 'POST /webhooks',
      prepare: async () => ({ url: `https://example.com/hook/${next()}` }),
      call: ({ url }, options) => monzo.webhooks.create({ account_id: account, url: url as string }, options),
      applied: ({ url }) => webhooksAt(url as string),
      // "List the account's webhooks before registering it again."
      follow: async ({ url }) => {
        if ((await webhooksAt(url as string)) > 0) return;
        await monzo.webhooks.create({ account_id: account, url: url as string });
      },
    },
    {
      name: 'webhooks.delete',
      route: 'DELETE /webhooks/:webhook_id',
      prepare: async () => {
        const webhook = await monzo.webhooks.create({
          account_id: account,
          url: `https://example.com/d/${next()}`,
        });
        return { id: webhook.id };
      },
      call: ({ id }, options) => monzo.webhooks.delete(id as string, options),
      applied: async ({ id }) => ((await monzo.webhooks.list(account)).some((w) => w.id === id) ? 0 : 1),
      follow: ({ id }) => monzo.webhooks.delete(id as string).catch(ignore(MonzoNotFoundError)),
    },
    {
      name: 'attachments.upload',
      route: 'POST /attachment/upload',
      prepare: async () => ({ name: `receipt-${next()}.png` }),
      call: ({ name }, options) =>
        monzo.attachments.upload(
          { file_name: name as string, file_type: 'image/png', content_length: 4 },
          options,
        ),
      follow: async ({ name }) => {
        const upload = await monzo.attachments.upload({
          file_name: name as string,
          file_type: 'image/png',
          content_length: 4,
        });
        expect(URL.canParse(upload.upload_url), 'asking again gives an upload URL');
      },
    },
    {
      name: 'attachments.uploadFile (the bytes)',
      route: 'PUT /_uploads/:upload_id',
      emptyAnswer: true,
      prepare: async () => ({ tx: bank.transaction() }),
      call: ({ tx }, options) => monzo.attachments.uploadFile(uploadOf(tx as string), options),
      applied: async ({ tx }) => (await attachments(tx as string)).length,
      follow: async ({ tx }) => {
        if ((await attachments(tx as string)).length > 0) return;
        await monzo.attachments.uploadFile(uploadOf(tx as string));
      },
    },
    {
      name: 'attachments.register',
      route: 'POST /attachment/register',
      prepare: async () => ({ tx: bank.transaction(), file: `https://example.com/f/${next()}.png` }),
      call: ({ tx, file }, options) =>
        monzo.attachments.register(
          { external_id: tx as string, file_url: file as string, file_type: 'image/png' },
          options,
        ),
      applied: async ({ tx, file }) =>
        (await attachments(tx as string)).filter((attachment) => attachment.file_url === file).length,
      // "Look at the transaction's attachments before registering it again."
      follow: async ({ tx, file }) => {
        if ((await attachments(tx as string)).some((attachment) => attachment.file_url === file)) return;
        await monzo.attachments.register({
          external_id: tx as string,
          file_url: file as string,
          file_type: 'image/png',
        });
      },
    },
    {
      name: 'attachments.deregister',
      route: 'POST /attachment/deregister',
      prepare: async () => {
        const tx = bank.transaction();
        const file_url = `https://example.com/g/${next()}.png`;
        const attachment = await monzo.attachments.register({
          external_id: tx,
          file_url,
          file_type: 'image/png',
        });
        return { tx, id: attachment.id };
      },
      call: ({ id }, options) => monzo.attachments.deregister(id as string, options),
      applied: async ({ tx, id }) => ((await attachments(tx as string)).some((a) => a.id === id) ? 0 : 1),
      follow: ({ id }) => monzo.attachments.deregister(id as string).catch(ignore(MonzoNotFoundError)),
    },
    {
      name: 'receipts.create',
      route: 'PUT /transaction-receipts',
      emptyAnswer: true,
      prepare: async () => ({ tx: bank.transaction(), external_id: `faults-receipt-${next()}` }),
      call: ({ tx, external_id }, options) =>
        monzo.receipts.create(receipt(tx as string, external_id as string), options),
      applied: ({ external_id }) => hasReceipt(external_id as string),
      // Keyed by external_id: sending it again replaces it.
      follow: ({ tx, external_id }) => monzo.receipts.create(receipt(tx as string, external_id as string)),
    },
    {
      name: 'receipts.delete',
      route: 'DELETE /transaction-receipts',
      prepare: async () => {
        const external_id = `faults-gone-${next()}`;
        await monzo.receipts.create(receipt(bank.transaction(), external_id));
        return { external_id };
      },
      call: ({ external_id }, options) => monzo.receipts.delete(external_id as string, options),
      applied: async ({ external_id }) => 1 - (await hasReceipt(external_id as string)),
      follow: ({ external_id }) =>
        monzo.receipts.delete(external_id as string).catch(ignore(MonzoNotFoundError)),
    },
    {
      name: 'logout',
      route: 'POST /oauth2/logout',
      prepare: async () => {
        const tokens = await signIn(bank.mock);
        const client = new MonzoClient({
          apiUrl: bank.mock.url,
          accessToken: tokens.access_token,
          maxRetries: 1,
        });
        return { client };
      },
      call: ({ client }, options) => (client as MonzoClient).logout(options),
      applied: ({ client }) =>
        (client as MonzoClient).whoami().then(
          () => 0,
          (error: unknown) => {
            ignore(MonzoAuthenticationError)(error);
            return 1;
          },
        ),
      // Safe to repeat: a token already revoked is refused.
      follow: ({ client }) => (client as MonzoClient).logout().catch(ignore(MonzoAuthenticationError)),
    },
  ];
}

function uploadOf(transaction_id: string) {
  return {
    transaction_id,
    file_name: 'receipt.png',
    file_type: 'image/png',
    data: new Uint8Array([1, 2, 3, 4]),
  };
}
