import type { HistoryStore, PageResult, PageWrite } from '../store/types.js';
import type { PageWriter } from '../store/worker/page-writer.js';

/**
 * Transactions a run's windowed walks write on the main thread before they start the page writer: a thread
 * costs its start (some 40 ms built, half a second from the source through tsx), which a history of a few
 * thousand transactions would not win back.
 */
export const BEFORE_THREAD = 5_000;

/**
 * Where the pages of a run's windowed walks are written: once `BEFORE_THREAD` transactions are in, by a `PageWriter`
 * thread, when the history can be reached from another connection and this build has the thread's file; else
 * by the store itself. A run that reads on in order (a few pages) never starts the thread.
 */
export class PageRoute {
  readonly #store: HistoryStore;
  readonly #start: (() => Promise<PageWriter | undefined>) | undefined;
  #writer: Promise<PageWriter | undefined> | undefined;
  #written = 0;

  constructor(store: HistoryStore, start?: () => Promise<PageWriter | undefined>) {
    this.#store = store;
    this.#start = start;
  }

  async savePage(page: PageWrite): Promise<PageResult> {
    if (this.#start && this.#written >= BEFORE_THREAD) this.#writer ??= this.#start();
    this.#written += page.transactions.length;
    const writer = await this.#writer;
    return writer ? writer.savePage(page) : this.#store.savePage(page);
  }

  /** Waits for the thread, if one was started, to write what it was given and let its connection go. */
  async close(): Promise<void> {
    const writer = await this.#writer?.catch(() => undefined);
    await writer?.close();
  }
}
