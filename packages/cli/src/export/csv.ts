import type { ExportRecord } from './record.js';
import { acceptAll, type ExportWriter } from './writer.js';

/** The columns, in order. `date` is when the transaction happened; `settled` is empty while pending. */
export const CSV_COLUMNS = [
  'date',
  'id',
  'account_id',
  'amount',
  'currency',
  'status',
  'description',
  'merchant',
  'counterparty',
  'category',
  'notes',
  'decline_reason',
  'settled',
] as const;

/** RFC 4180 ends every record with CRLF, whatever the platform. */
const CRLF = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A field per RFC 4180 §2: quoted when it holds a comma, a quote or a line break, with quotes doubled. Other
 * fields stay bare, so that the common case reads (and diffs) plainly.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}${CRLF}`;
}

/**
 * CSV per RFC 4180: a header row, then one row per transaction, declined ones included (with their reason).
 * Amounts are in major units beside their currency; dates are ISO 8601 as Monzo sends them (UTC).
 */
export function csvWriter(): ExportWriter {
  return {
    needsBalance: false,
    accepts: acceptAll,
    start: () => csvLine(CSV_COLUMNS),
    beginAccount: () => '',
    transaction: (record: ExportRecord) =>
      csvLine([
        record.created,
        record.id,
        record.account_id,
        record.amount_major,
        record.currency,
        record.status,
        record.description,
        record.merchant,
        record.counterparty,
        record.category,
        record.notes,
        record.decline_reason,
        record.settled,
      ]),
    endAccount: () => '',
    end: () => '',
  };
}
