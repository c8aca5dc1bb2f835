import { formatAmount } from 'monzo-ts';
import type { ExportRecord } from './record.js';
import { acceptAll, type ExportWriter } from './writer.js';

/**
 * A record as the JSON and NDJSON exports write it: `amount` in minor units (pence), as in Monzo's own JSON and
 * in every other JSON the CLI prints, beside its `currency`, and `amount_formatted` as a person reads it
 * (`-£26.68`). No amount in major units as a number: a float is not exact, and one name has one unit.
 */
function jsonRecord(record: ExportRecord) {
  return {
    id: record.id,
    account_id: record.account_id,
    created: record.created,
    settled: record.settled,
    status: record.status,
    amount: record.amount,
    currency: record.currency,
    amount_formatted: formatAmount(record.amount, record.currency),
    description: record.description,
    merchant: record.merchant,
    counterparty: record.counterparty,
    category: record.category,
    notes: record.notes,
    decline_reason: record.decline_reason,
  };
}

function jsonText(record: ExportRecord): string {
  return JSON.stringify(jsonRecord(record));
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
