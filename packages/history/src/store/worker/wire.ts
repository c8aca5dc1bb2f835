import { HistoryDatabaseError, HistoryError, type HistoryErrorCode } from '../../errors.js';
import type { PageResult, PageWrite } from '../types.js';

/** What the main thread asks of the page writer. */
export type WriterRequest = { id: number; page: PageWrite } | { id: number; close: true };

/** What the page writer answers, by request id; `ready` once its store is open (or `error` if it is not). */
export type WriterAnswer =
  | { ready: true }
  | { id: number; result: PageResult }
  | { id: number | undefined; error: WireError };

/**
 * An error as it crosses between threads. A structured clone keeps an Error's message but not its own fields
 * (`code`, `hint`, `problem`…), which are what the sync and the CLI act on: they travel here, and the error is
 * made again on the other side as the class it was.
 */
export type WireError =
  | {
      kind: 'database';
      message: string;
      hint: string;
      location: string;
      problem: HistoryDatabaseError['problem'];
      driverCode: string;
      use: HistoryDatabaseError['use'];
      detail: string;
    }
  | { kind: 'history'; code: HistoryErrorCode; message: string; hint: string | undefined }
  | { kind: 'error'; name: string; message: string; stack: string | undefined };

export function toWire(error: unknown): WireError {
  if (error instanceof HistoryDatabaseError) {
    const { message, location, problem, driverCode, use, detail } = error;
    return { kind: 'database', message, hint: error.hint ?? '', location, problem, driverCode, use, detail };
  }
  if (error instanceof HistoryError) {
    return { kind: 'history', code: error.code, message: error.message, hint: error.hint };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { kind: 'error', name: plain.name, message: plain.message, stack: plain.stack };
}

export function fromWire(wire: WireError): Error {
  if (wire.kind === 'database') {
    const { location, problem, driverCode, use, detail, message, hint } = wire;
    return new HistoryDatabaseError(location, problem, driverCode, use, detail, message, hint);
  }
  if (wire.kind === 'history') return new HistoryError(wire.code, wire.message, wire.hint);
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  return error;
}
