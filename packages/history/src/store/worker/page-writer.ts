import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PageResult, PageWrite } from '../types.js';
import type { PageWriterData } from './page-writer.worker.js';
import { fromWire, type WriterAnswer, type WriterRequest } from './wire.js';

/** The worker's file beside this module's, in `dist/` and in the tests' bundles alike. */
const BUILT = './page-writer.worker.js';

/**
 * The pages of a sync written by a thread of their own, on a connection of their own to the same history. A
 * first sync of a long history spends as much time encoding and writing its pages as fetching and parsing them;
 * on its own thread the writing goes on while the main thread fetches, parses and walks the next pages. Each
 * page is written as `HistoryStore.savePage` writes it (the lease fenced, the page, its cursor and gap move in
 * one commit), and its promise settles once it is committed, with the store's own error if it is not.
 */
export class PageWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(result: PageResult): void; reject(error: unknown): void }>();
  #next = 0;
  #failure: unknown;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (answer: WriterAnswer) => {
      if (!('id' in answer) || answer.id === undefined) return;
      const waiting = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(fromWire(answer.error));
      else waiting?.resolve(answer.result);
    });
    // The thread died (out of memory, a bug): every page waiting fails with it, and so does every later one.
    const fail = (error: unknown) => {
      this.#failure ??= error;
      for (const waiting of this.#pending.values()) waiting.reject(this.#failure);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the sync's page writer thread exited (code ${code})`)));
  }

  /**
   * Starts the thread on the history at `location` (a file or a `postgres://` URL) and resolves once its store
   * is open; `undefined` where this build has no worker file beside it (the source, or a bundle that left it
   * out): the caller then writes on its own thread. `entry`: the worker's file, where it is elsewhere.
   */
  static async start(location: string, entry = workerEntry()): Promise<PageWriter | undefined> {
    if (!entry) return undefined;
    const worker = new Worker(entry, { workerData: { pageWriter: { location } } satisfies PageWriterData });
    // Until it says ready, the thread holds nothing the process must wait for.
    const ready = await new Promise<WriterAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the page writer thread exited (code ${code}) before it opened the history`)),
      );
    });
    if ('error' in ready) {
      await worker.terminate();
      throw fromWire(ready.error);
    }
    return new PageWriter(worker);
  }

  savePage(page: PageWrite): Promise<PageResult> {
    return this.#ask({ id: this.#next++, page });
  }

  /**
   * Lets the thread finish what it was given, settle the store (see `HistoryStore.settle`) and close it, then
   * ends the thread: with its store closed it holds nothing, whatever its loader (tsx, from the source) keeps.
   */
  async close(): Promise<void> {
    if (this.#failure !== undefined) return;
    try {
      await this.#ask({ id: this.#next++, close: true });
    } finally {
      await this.#worker.terminate();
    }
  }

  #ask(request: WriterRequest): Promise<PageResult> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      this.#worker.postMessage(request);
    });
  }
}

/**
 * The worker's built file beside this module, if there is one. Run from the TypeScript source (the tests, `tsx`),
 * there is none: a thread would need tsx's loader of its own, whose hooks thread can keep the worker from ending,
 * so the source writes on the main thread (the tests start the writer from their bundle of it).
 */
function workerEntry(): URL | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return undefined;
  const built = new URL(BUILT, here);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}
