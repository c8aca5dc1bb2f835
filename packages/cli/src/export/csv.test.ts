import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, csvWriter } from './csv.js';
import type { ExportRecord } from './record.js';
import { ACCOUNT, NASTY, RECORDS } from './test-fixtures.js';
import { parseCsv } from './test-parsers.js';

function exportAll(records: ExportRecord[]): string {
  const writer = csvWriter();
  const statement = { account: ACCOUNT, start: new Date(0), end: new Date(), asOf: new Date() };
  let text = writer.start() + writer.beginAccount(statement);
  for (const record of records) if (writer.accepts(record)) text += writer.transaction(record);
  return text + writer.endAccount(statement) + writer.end();
}

describe('csvField', () => {
  it('leaves plain text bare and quotes what RFC 4180 says must be quoted', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('-26.68')).toBe('-26.68');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });
});

describe('csvWriter', () => {
  const text = exportAll(RECORDS);

  it('writes a header row and one CRLF-terminated row per transaction, declined ones included', () => {
    const rows = parseCsv(text);
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(RECORDS.length);
    expect(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('round-trips every field, commas, quotes and line breaks included', () => {
    const rows = parseCsv(text);
    for (const [index, record] of RECORDS.entries()) {
      const row = rows[index];
      expect(row).toMatchObject({
        date: record.created,
        id: record.id,
        amount: record.amount_major,
        currency: 'GBP',
        status: record.status,
        merchant: record.merchant,
        notes: record.notes,
        decline_reason: record.decline_reason,
        settled: record.settled,
      });
    }
    expect(rows[1]?.notes).toBe(NASTY);
    expect(rows[3]).toMatchObject({ status: 'declined', decline_reason: 'INSUFFICIENT_FUNDS' });
    expect(rows[2]).toMatchObject({ status: 'pending', settled: '' });
  });

  it('writes just the header when there is nothing to export', () => {
    expect(parseCsv(exportAll([]))).toEqual([]);
    expect(exportAll([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
