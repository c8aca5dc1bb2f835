import type { ExportRecord } from './record.js';
import { acceptAll, type ExportWriter } from './writer.js';

/**
 * A record as a JSON object: the amount as a number in major units (for arithmetic in `jq` and the like) beside
 * `amount_minor`, exact in pence.
 */
function jsonText(record: ExportRecord): string {
  return JSON.stringify({ ...record, amount: Number(record.amount) });
}

/** One JSON array, written as it goes: `[`, the objects separated by commas, `]`. Never held whole. */
export function jsonWriter(): ExportWriter {
  let first = true;
  return {
    needsBalance: false,
    accepts: acceptAll,
    start: () => '[',
    beginAccount: () => '',
    transaction(record) {
      const separator = first ? '\n' : ',\n';
      first = false;
      return `${separator}${jsonText(record)}`;
    },
    endAccount: () => '',
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

/** NDJSON (https://github.com/ndjson/ndjson-spec): one object per line, LF-terminated. */
export function ndjsonWriter(): ExportWriter {
  return {
    needsBalance: false,
    accepts: acceptAll,
    start: () => '',
    beginAccount: () => '',
    transaction: (record) => `${jsonText(record)}\n`,
    endAccount: () => '',
    end: () => '',
  };
}
