import { fail } from '../core/http.js';
import { pick } from '../core/random.js';
import type { World } from '../world.js';
import { balanceJson } from './balance.js';
import type {
  CreateTransactionInput,
  DatasetSummary,
  MockTransaction,
  SettleTransactionInput,
} from './bank-types.js';
import { checkCreateInput, createdFields } from './create.js';
import { buildDataset, type Dataset, type PotRecord, potJson } from './dataset.js';
import { TransactionGenerator } from './generator.js';
import { parseTransactionId, SALT, seededId, transactionId } from './ids.js';
import type { JsonSink } from './json-sink.js';
import { TransactionWriter } from './json-writer.js';
import type { TransactionBase } from './kinds.js';
import { Ledger } from './ledger.js';
import { buildMerchants, type CatalogueMerchant } from './merchants.js';
import { Overlays } from './overlays.js';
import { PotMoves } from './pot-moves.js';
import { TransactionRenderer } from './render.js';
import { type TransactionFields, transactionShape } from './shape.js';

const DAY = 86_400_000;
/** A card payment made later settles a day after it was made, as the clock passes. */
const SETTLE_AFTER_MS = DAY;

/**
 * The money: one user's accounts, pots and transactions. Generated transactions are derived on demand (see
 * `TransactionGenerator`); only what changed since start is held: pot balances, later transactions,
 * annotations, attachments and the dedupe ids of pot moves.
 */
export class Bank {
  readonly userId: string;
  readonly #world: World;
  readonly #seed: number;
  readonly #dataset: Dataset;
  readonly #ledgers = new Map<string, Ledger>();
  /** Ledgers by the slot their transaction ids carry. */
  readonly #bySlot: Ledger[] = [];
  readonly #pots = new Map<string, PotRecord>();
  readonly #merchants: CatalogueMerchant[];
  readonly #merchantById = new Map<string, CatalogueMerchant>();
  readonly #overlays = new Overlays();
  /** Writers of generated transactions' JSON, by slot (none for a closed account). */
  readonly #writers: Array<TransactionWriter | undefined> = [];
  readonly #renderer = new TransactionRenderer((sink, ledger, position, expand) =>
    this.#write(sink, ledger, position, expand),
  );
  readonly #listeners = new Set<(tx: MockTransaction) => void>();
  /** Deposits and withdrawals, with their dedupe ids. */
  readonly pots: PotMoves;

  constructor(world: World) {
    const { seed, now } = world.options;
    const count = Math.max(0, Math.floor(world.options.transactions));
    this.#world = world;
    this.#seed = seed;
    this.#dataset = buildDataset(seed, now);
    this.userId = this.#dataset.user.id;
    this.#merchants = buildMerchants(seed);
    for (const merchant of this.#merchants) this.#merchantById.set(merchant.json.id, merchant);
    for (const pot of this.#dataset.pots) this.#pots.set(pot.id, pot);
    const customCategories = [0, 1].map((k) => seededId('category', seed, SALT.category, k));
    for (const account of this.#dataset.accounts) {
      const pots = this.#dataset.pots.filter((p) => p.currentAccountId === account.id && !p.deleted);
      const generator = account.closed
        ? undefined
        : new TransactionGenerator({
            seed,
            account,
            count,
            end: now,
            merchants: this.#merchants,
            customCategories,
            potIds: pots.map((p) => p.id),
            potOpenings: pots.map((p) => p.balance),
            float: account.float,
          });
      // A pot holds what its moves in the history brought.
      pots.forEach((pot, k) => {
        pot.balance = generator?.potBalance(k) ?? 0;
      });
      if (generator) this.#writers[account.slot] = new TransactionWriter(generator);
      const ledger = new Ledger(account, generator);
      this.#ledgers.set(account.id, ledger);
      this.#bySlot[account.slot] = ledger;
    }
    this.pots = new PotMoves(this);
  }

  /** The emulator's clock, now. */
  now(): number {
    return this.#world.clock.now();
  }

  summary(): DatasetSummary {
    const now = this.now();
    return {
      user_id: this.userId,
      accounts: this.#dataset.accounts.map(({ id, type, closed }) => ({ id, type, closed })),
      pots: this.#dataset.pots.map((pot) => ({
        id: pot.id,
        name: pot.name,
        deleted: pot.deleted,
        locked: potJson(pot, now).locked as boolean,
        current_account_id: pot.currentAccountId,
      })),
      transactionsPerAccount: this.#ledgers.values().next().value?.generated ?? 0,
    };
  }

  /** The accounts a user owns, optionally of one type, closed ones included (`closed: true`). */
  accounts(userId: string, type?: string): Record<string, unknown>[] {
    return this.#dataset.accounts
      .filter((account) => account.owners.some((owner) => owner.id === userId))
      .filter((account) => type === undefined || account.type === type)
      .map((account) => account.json);
  }

  ownsAccount(userId: string, accountId: string): boolean {
    return this.#ledgers.get(accountId)?.account.owners.some((owner) => owner.id === userId) ?? false;
  }

  ledger(accountId: string): Ledger | undefined {
    return this.#ledgers.get(accountId);
  }

  /** `GET /balance`: every observed field (`balance.observed.response.json`). */
  balance(accountId: string): Record<string, unknown> {
    let inPots = 0;
    for (const pot of this.#pots.values()) {
      if (pot.currentAccountId === accountId && !pot.deleted) inPots += pot.balance;
    }
    return balanceJson(this.#ledgers.get(accountId) as Ledger, inPots, this.now());
  }

  pot(potId: string): PotRecord | undefined {
    return this.#pots.get(potId);
  }

  /** The pots of an account, deleted ones included (`deleted: true`), as the API returns them. */
  potsOf(accountId: string): Record<string, unknown>[] {
    const now = this.now();
    return [...this.#pots.values()]
      .filter((pot) => pot.currentAccountId === accountId)
      .map((pot) => potJson(pot, now));
  }

  /** Where a transaction id points, or `undefined` for an id that names no transaction of this dataset. */
  locate(id: string): { ledger: Ledger; position: number } | undefined {
    const parsed = parseTransactionId(this.#seed, id);
    const ledger = parsed && this.#bySlot[parsed.slot];
    if (!parsed || !ledger || parsed.index >= ledger.total) return undefined;
    return { ledger, position: parsed.index };
  }

  /** A transaction as the API shows it: with its annotations and attachments, the merchant expanded or not. */
  present(tx: MockTransaction, expandMerchant: boolean): MockTransaction {
    const out = this.#overlays.apply(tx);
    const merchant =
      expandMerchant && typeof out.merchant === 'string' ? this.#merchantById.get(out.merchant) : undefined;
    return merchant ? { ...out, merchant: merchant.json } : out;
  }

  findTransaction(id: string): MockTransaction | undefined {
    const found = this.locate(id);
    return found && this.present(found.ledger.at(found.position, this.now()), false);
  }

  /** Merges metadata into a transaction (an empty value deletes a key) and returns it. */
  annotate(id: string, changes: Iterable<[string, string]>): MockTransaction | undefined {
    if (!this.locate(id)) return undefined;
    for (const [key, value] of changes) this.#overlays.setMetadata(id, key, value);
    this.#changed();
    return this.findTransaction(id);
  }

  /**
   * Clears a pending payment as the card scheme would: from then on lists and gets show it settled, with
   * `updated` set, at the amount authorised or at `amount`, which moves the balance by the difference
   * (`spend_today` is left as it was). Generated pending payments settle only this way; made ones also settle
   * by themselves a day after they were made.
   */
  settleTransaction(id: string, input: SettleTransactionInput = {}): MockTransaction {
    const found = this.locate(id);
    if (!found) throw fail.notFound('transaction');
    const now = this.now();
    const tx = this.present(found.ledger.at(found.position, now), false);
    if (tx.decline_reason !== undefined) {
      throw fail.badRequest('bad_request.transaction_declined', 'A declined payment never settles');
    }
    if (tx.settled !== '') {
      throw fail.badRequest('bad_request.transaction_settled', 'The transaction has already settled');
    }
    const at = input.at ?? now;
    if (!Number.isSafeInteger(at) || at < Date.parse(tx.created) || at > now) {
      throw fail.badParam('at', 'at must be a time (epoch ms) from when the transaction was made up to now');
    }
    if (input.amount !== undefined && !Number.isSafeInteger(input.amount)) {
      throw fail.badParam('amount', 'The amount must be a whole number of minor units');
    }
    if (input.amount !== undefined) found.ledger.adjust(input.amount - tx.amount);
    this.#overlays.settle(id, { at, amount: input.amount });
    this.#changed();
    return this.findTransaction(id) as MockTransaction;
  }

  addAttachment(transactionId: string, attachment: Record<string, unknown>): void {
    this.#overlays.addAttachment(transactionId, attachment);
    this.#changed();
  }

  removeAttachment(attachmentId: string): boolean {
    const transactionId = this.#overlays.removeAttachment(attachmentId);
    if (transactionId !== undefined) this.#changed();
    return transactionId !== undefined;
  }

  onTransactionCreated(listener: (tx: MockTransaction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Appends a transaction made now to an account, counts it in the balance unless declined, and tells the
   * listeners (with the merchant expanded, as webhooks deliver it). Returns that expanded form.
   */
  record(
    ledger: Ledger,
    build: (base: TransactionBase) => TransactionFields,
    settleAfterMs?: number,
  ): MockTransaction {
    // A clock moved back never puts a transaction before the newest one: positions stay in time order.
    const created = Math.max(this.now(), ledger.lastCreated());
    const id = transactionId(this.#seed, ledger.account.slot, ledger.total);
    const fields = build({
      id,
      created,
      accountId: ledger.account.id,
      userId: this.userId,
      currency: 'GBP',
      settled: created,
    });
    const tx = transactionShape(fields);
    const counted = fields.declineReason === undefined ? fields.amount : 0;
    const spending = fields.includeInSpending && fields.amount < 0 ? fields.amount : 0;
    const settlesAt =
      fields.amountIsPending && settleAfterMs !== undefined ? created + settleAfterMs : undefined;
    ledger.append({ tx, created, counted, spending, settlesAt });
    const expanded = this.present(tx, true);
    for (const listener of this.#listeners) {
      try {
        listener(structuredClone(expanded));
      } catch (error) {
        console.error('monzo-mock: a transaction listener failed', error);
      }
    }
    return structuredClone(expanded);
  }

  /** A transaction as if it just happened: a card payment at a catalogue merchant unless `merchant: false`. */
  createTransaction(input: CreateTransactionInput): MockTransaction {
    const ledger = input.account_id === undefined ? this.#bySlot[0] : this.#ledgers.get(input.account_id);
    if (!ledger) throw fail.notFound('account');
    if (ledger.account.closed) throw fail.badRequest('bad_request.account_closed', 'The account is closed');
    checkCreateInput(input);
    const merchant = pick(this.#merchants, this.#seed, ledger.account.slot, ledger.total, SALT.merchant);
    const build = (base: TransactionBase) => createdFields(base, input, merchant, ledger.account.cardId);
    return this.record(ledger, build, SETTLE_AFTER_MS);
  }

  /** The JSON text of the transaction at a position, as `present` shows it (see `TransactionRenderer`). */
  render(ledger: Ledger, position: number, expandMerchant: boolean): string {
    return this.#renderer.transaction(ledger, position, expandMerchant);
  }

  /** The JSON of `{"transactions": […]}` for positions `[start, end)` of an account, as UTF-8 bytes. */
  renderPage(ledger: Ledger, start: number, end: number, expandMerchant: boolean): Uint8Array<ArrayBuffer> {
    return this.#renderer.page(ledger, start, end, expandMerchant);
  }

  /** Hands back a page from `renderPage` that is sent, for its memory to be reused. */
  releasePage(page: Uint8Array): void {
    this.#renderer.release(page);
  }

  /**
   * Appends a transaction's JSON as `present` shows it: a generated one without annotations or attachments written
   * straight from its derivation (see `TransactionWriter`), any other through its object.
   */
  #write(sink: JsonSink, ledger: Ledger, position: number, expandMerchant: boolean): void {
    const slot = ledger.account.slot;
    const writer = this.#writers[slot];
    const written =
      writer !== undefined &&
      position < ledger.generated &&
      (this.#overlays.empty || !this.#overlays.has(transactionId(this.#seed, slot, position))) &&
      writer.write(sink, position, expandMerchant);
    if (!written) sink.text(JSON.stringify(this.present(ledger.at(position, this.now()), expandMerchant)));
  }

  /** Evicts every rendering kept: any of them may show the transaction that changed. */
  #changed(): void {
    this.#renderer.forget();
  }
}
