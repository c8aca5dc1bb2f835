/**
 * The page writer's thread (see `page-writer.ts`): opens the history at `workerData.location` on a connection of
 * its own and writes the pages the sync hands it, as the store on the main thread would, until told to close.
 * (No top-level await: the package is built for CommonJS too.)
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../open.js';
import type { HistoryStore } from '../types.js';
import { toWire, type WriterAnswer, type WriterRequest } from './wire.js';

/** What `PageWriter.start` gives the thread. */
export interface PageWriterData {
  pageWriter: { location: string };
}

// Only as the page writer's thread: a bundler may place code this file shares with the package in it, and the
// package then loads it on the main thread (or in a test runner's worker), where it must do nothing.
const given = workerData as Partial<PageWriterData> | undefined;
const port = parentPort;
if (port && given?.pageWriter) {
  const answer = (message: WriterAnswer) => port.postMessage(message);
  const serve = async (store: HistoryStore, request: WriterRequest): Promise<void> => {
    try {
      if ('close' in request) {
        await store.settle?.();
        await store.close();
        answer({ id: request.id, result: { inserted: 0, updated: 0 } });
        port.close();
        return;
      }
      answer({ id: request.id, result: await store.savePage(request.page) });
    } catch (error) {
      answer({ id: request.id, error: toWire(error) });
    }
  };
  openStore(given.pageWriter.location).then(
    (store) => {
      port.on('message', (request: WriterRequest) => void serve(store, request));
      answer({ ready: true });
    },
    (error: unknown) => {
      answer({ id: undefined, error: toWire(error) });
      port.close();
    },
  );
}
