import type { MockTransaction } from './bank-types.js';

interface Overlay {
  /** Keys set (a string) or deleted (`null`), over the transaction's own metadata. */
  metadata?: Map<string, string | null>;
  attachments?: Record<string, unknown>[];
  settlement?: Settlement;
}

/** A pending payment cleared by `control.settleTransaction`: when, and at what final amount. */
export interface Settlement {
  /** Epoch ms. */
  at: number;
  /** The amount it cleared at, when not the one authorised (a tip, a currency conversion). */
  amount?: number | undefined;
}

/**
 * What users changed on transactions: annotations and attachments, kept apart from the transactions themselves
 * so that generated ones stay derived, and applied as a transaction is read.
 */
export class Overlays {
  readonly #byTransaction = new Map<string, Overlay>();
  /** Attachment id → transaction id, to deregister by attachment id alone. */
  readonly #attachmentOwners = new Map<string, string>();

  /** Sets a metadata key; an empty value deletes it (also one Monzo set). */
  setMetadata(transactionId: string, key: string, value: string): void {
    const overlay = this.#overlay(transactionId);
    overlay.metadata ??= new Map();
    overlay.metadata.set(key, value === '' ? null : value);
  }

  addAttachment(transactionId: string, attachment: Record<string, unknown>): void {
    const overlay = this.#overlay(transactionId);
    overlay.attachments ??= [];
    overlay.attachments.push(attachment);
    if (typeof attachment.id === 'string') this.#attachmentOwners.set(attachment.id, transactionId);
  }

  /** Removes an attachment; returns the id of the transaction it was on, or `undefined` when unknown. */
  removeAttachment(attachmentId: string): string | undefined {
    const transactionId = this.#attachmentOwners.get(attachmentId);
    if (transactionId === undefined) return undefined;
    const list = this.#byTransaction.get(transactionId)?.attachments ?? [];
    const index = list.findIndex((attachment) => attachment.id === attachmentId);
    if (index < 0) return undefined;
    list.splice(index, 1);
    this.#attachmentOwners.delete(attachmentId);
    return transactionId;
  }

  /** Settles a pending transaction: read from now on as cleared at `settlement.at`. */
  settle(transactionId: string, settlement: Settlement): void {
    this.#overlay(transactionId).settlement = settlement;
  }

  /** Whether a transaction has (or had) changes: one without any is shown as generated. */
  has(transactionId: string): boolean {
    return this.#byTransaction.size > 0 && this.#byTransaction.has(transactionId);
  }

  /** Whether no transaction has changes, so that `has` need not be asked (it needs the id). */
  get empty(): boolean {
    return this.#byTransaction.size === 0;
  }

  /** The transaction with its changes; the same object when it has none, else a copy. */
  apply(tx: MockTransaction): MockTransaction {
    const overlay = this.#byTransaction.get(tx.id);
    if (!overlay) return tx;
    const out: MockTransaction = { ...tx };
    if (overlay.metadata) {
      // A Map, not assignments: `metadata.__proto__ = value` would set no key at all.
      const metadata = new Map(Object.entries(tx.metadata as Record<string, string>));
      for (const [key, value] of overlay.metadata) {
        if (value === null) metadata.delete(key);
        else metadata.set(key, value);
      }
      out.metadata = Object.fromEntries(metadata);
      // `metadata[notes]` is the transaction's notes (monzo-api.md §5.8).
      if (overlay.metadata.has('notes')) out.notes = overlay.metadata.get('notes') ?? '';
    }
    const settlement = overlay.settlement;
    if (settlement) {
      out.settled = new Date(settlement.at).toISOString();
      // As a transaction that settled by itself shows it (see `transactionShape`).
      out.updated = new Date(settlement.at + 356).toISOString();
      out.amount_is_pending = false;
      if (settlement.amount !== undefined) {
        const category = String(out.category);
        out.amount = settlement.amount;
        out.local_amount = settlement.amount;
        out.categories = { [category]: settlement.amount };
      }
    }
    // No attachments is `null`, as Monzo sends it, not an empty list.
    if (overlay.attachments)
      out.attachments = overlay.attachments.length > 0 ? [...overlay.attachments] : null;
    return out;
  }

  #overlay(transactionId: string): Overlay {
    let overlay = this.#byTransaction.get(transactionId);
    if (!overlay) {
      overlay = {};
      this.#byTransaction.set(transactionId, overlay);
    }
    return overlay;
  }
}
