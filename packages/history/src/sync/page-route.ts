import type { HistoryStore, PageResult, PageWrite } from '../store/types.js';
import type { PageWriter } from '../store/worker/page-writer.js';

/**
 * Where the pages of a run's windowed walks are written: by a `PageWriter` thread, started with the first such
 * page, when the history can be reached from another connection and this build has the thread's file; else by
 * the store itself. A run that reads on in order (a few pages) never starts the thread.
 */
export class PageRoute {
  readonly #store: HistoryStore;
  readonly #start: (() => Promise<PageWriter | undefined>) | undefined;
  #writer: Promise<PageWriter | undefined> | undefined;

  constructor(store: HistoryStore, start?: () => Promise<PageWriter | undefined>) {
    this.#store = store;
    this.#start = start;
  }

  async savePage(page: PageWrite): Promise<PageResult> {
    if (this.#start) this.#writer ??= this.#start();
    const writer = await this.#writer;
    return writer ? writer.savePage(page) : this.#store.savePage(page);
  }

  /** Waits for the thread, if one was started, to write what it was given and let its connection go. */
  async close(): Promise<void> {
    const writer = await this.#writer?.catch(() => undefined);
    await writer?.close();
  }
}
