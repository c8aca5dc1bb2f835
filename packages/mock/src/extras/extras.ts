import type { MockTransaction } from '../bank/bank-types.js';
import { hash, randomId, sequence } from '../core/random.js';
import type { World } from '../world.js';
import { WebhookDelivery } from './delivery.js';
import type { FeedItem } from './feed.js';
import type { ReceiptBody } from './receipts.js';
import { type UploadRequest, Uploads } from './uploads.js';

/** A registered attachment (monzo-api.md §5.11). */
export interface MockAttachment {
  id: string;
  user_id: string;
  external_id: string;
  file_url: string;
  file_type: string;
  created: string;
}

/** A webhook (monzo-api.md §6.7) and the client that registered it. */
export interface MockWebhook {
  account_id: string;
  id: string;
  url: string;
  client_id: string;
}

export type MockReceipt = { id: string } & ReceiptBody;

/**
 * The state of feed items, attachments, uploads, receipts and webhooks, and the delivery of `transaction.created`
 * events. Routes validate; this class only keeps and finds. Receipts and webhooks belong to the client that made
 * them, as Monzo shows each application only its own.
 */
export class Extras {
  readonly #world: World;
  /** Seeded, so the same seed and the same calls give the same ids. */
  readonly #random: () => number;
  readonly #feed: FeedItem[] = [];
  readonly uploads = new Uploads();
  readonly #attachments = new Map<string, MockAttachment>();
  /** Keyed by client id, then `external_id`. */
  readonly #receipts = new Map<string, Map<string, MockReceipt>>();
  readonly #webhooks = new Map<string, MockWebhook>();
  readonly #delivery: WebhookDelivery;
  readonly #unsubscribe: () => void;

  constructor(world: World) {
    this.#world = world;
    this.#random = sequence(hash(world.options.seed, 0xe7e7a5));
    this.#delivery = new WebhookDelivery({
      retryDelaysMs: world.options.webhookRetryDelaysMs,
      onAttempt: () => world.counters.webhookDelivery(),
      isActive: (id) => this.#webhooks.has(id),
    });
    this.#unsubscribe = world.bank.onTransactionCreated((tx) => this.#announce(tx));
  }

  /** Stops listening for transactions and cancels pending deliveries: nothing of this instance keeps running. */
  stop(): void {
    this.#unsubscribe();
    this.#delivery.stop();
  }

  /** How many webhook deliveries are still under way (waiting for a retry or in flight). */
  pendingDeliveries(): number {
    return this.#delivery.pending();
  }

  /** A new id with Monzo's look, e.g. `webhook_0000…`. */
  newId(prefix: string): string {
    return randomId(prefix, this.#random);
  }

  addFeedItem(item: FeedItem): void {
    this.#feed.push(item);
  }

  /** Every feed item created, oldest first (Monzo has no endpoint for this; tests read it). */
  feedItems(): readonly FeedItem[] {
    return this.#feed;
  }

  /** Opens an upload slot (see `Uploads`). */
  createUpload(input: UploadRequest): { file_url: string; upload_url: string } {
    return this.uploads.create(
      input,
      this.newId('upload'),
      this.#world.clock.now(),
      this.#world.options.baseUrl,
    );
  }

  /** Records an attachment and puts it on its transaction. */
  registerAttachment(input: Omit<MockAttachment, 'id' | 'created'>): MockAttachment {
    const attachment: MockAttachment = {
      id: this.newId('attach'),
      user_id: input.user_id,
      external_id: input.external_id,
      file_url: input.file_url,
      file_type: input.file_type,
      created: new Date(this.#world.clock.now()).toISOString(),
    };
    this.#attachments.set(attachment.id, attachment);
    this.#world.bank.addAttachment(attachment.external_id, { ...attachment });
    return attachment;
  }

  /** Removes an attachment of this user from its transaction; false when there is none with that id. */
  deregisterAttachment(userId: string, id: string): boolean {
    const known = this.#attachments.get(id);
    if (known && known.user_id !== userId) return false;
    this.#attachments.delete(id);
    return this.#world.bank.removeAttachment(id);
  }

  /** Stores a receipt; the same `external_id` from the same client replaces it and keeps its id. */
  putReceipt(clientId: string, body: ReceiptBody): MockReceipt {
    let receipts = this.#receipts.get(clientId);
    if (!receipts) {
      receipts = new Map();
      this.#receipts.set(clientId, receipts);
    }
    const id = receipts.get(body.external_id)?.id ?? this.newId('receipt');
    const receipt: MockReceipt = { id, ...body };
    receipts.set(body.external_id, receipt);
    return receipt;
  }

  getReceipt(clientId: string, externalId: string): MockReceipt | undefined {
    return this.#receipts.get(clientId)?.get(externalId);
  }

  deleteReceipt(clientId: string, externalId: string): boolean {
    return this.#receipts.get(clientId)?.delete(externalId) ?? false;
  }

  /** Registers a webhook; the same URL twice makes two webhooks, each with its own id (monzo-api.md §11). */
  addWebhook(clientId: string, accountId: string, url: string): MockWebhook {
    const webhook: MockWebhook = {
      account_id: accountId,
      id: this.newId('webhook'),
      url,
      client_id: clientId,
    };
    this.#webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /** This client's webhooks on an account, oldest first. */
  listWebhooks(clientId: string, accountId: string): MockWebhook[] {
    return [...this.#webhooks.values()].filter(
      (hook) => hook.client_id === clientId && hook.account_id === accountId,
    );
  }

  /** Deletes one of this client's webhooks; its pending retries stop. False when it has none with that id. */
  deleteWebhook(clientId: string, id: string): boolean {
    const webhook = this.#webhooks.get(id);
    if (!webhook || webhook.client_id !== clientId) return false;
    return this.#webhooks.delete(id);
  }

  /**
   * Sends `transaction.created` to every webhook of the transaction's account. Runs inside the bank's
   * `createTransaction`, so it must not throw: the body is built now (later annotations do not change it) and
   * the POSTs happen in the background.
   */
  #announce(tx: MockTransaction): void {
    try {
      let body: string | undefined;
      for (const webhook of this.#webhooks.values()) {
        if (webhook.account_id !== tx.account_id) continue;
        body ??= JSON.stringify({ type: 'transaction.created', data: tx });
        this.#delivery.send(webhook, body);
      }
    } catch (error) {
      console.error('monzo-mock: could not deliver transaction.created', error);
    }
  }
}
