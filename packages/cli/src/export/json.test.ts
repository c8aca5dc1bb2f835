import { describe, expect, it } from 'vitest';
import { jsonWriter, ndjsonWriter } from './json.js';
import type { ExportRecord } from './record.js';
import { ACCOUNT, NASTY, RECORDS } from './test-fixtures.js';
import type { ExportWriter } from './writer.js';

function exportAll(writer: ExportWriter, records: ExportRecord[]): string {
  const statement = { account: ACCOUNT, start: new Date(0), end: new Date(), asOf: new Date() };
  let text = writer.start() + writer.beginAccount(statement);
  for (const record of records) if (writer.accepts(record)) text += writer.transaction(record);
  return text + writer.endAccount(statement) + writer.end();
}

describe('jsonWriter', () => {
  it('writes one array with every transaction, amount in minor units beside the currency and as a person reads it', () => {
    const parsed = JSON.parse(exportAll(jsonWriter(), RECORDS)) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(RECORDS.length);
    expect(parsed[0]).toMatchObject({
      id: 'tx_0001',
      amount: -2668,
      currency: 'GBP',
      amount_formatted: '-£26.68',
    });
    expect(parsed[4]).toMatchObject({ amount: 150000, amount_formatted: '£1,500.00' });
    expect(parsed[5]).toMatchObject({ amount: 5, amount_formatted: '£0.05' });
    // One name, one unit: no amount in major units beside it, under this name or another.
    for (const item of parsed) {
      expect(Object.keys(item).filter((key) => key.startsWith('amount'))).toEqual([
        'amount',
        'amount_formatted',
      ]);
    }
    expect(parsed[1]?.notes).toBe(NASTY);
    expect(parsed[3]).toMatchObject({ status: 'declined', decline_reason: 'INSUFFICIENT_FUNDS' });
    expect(parsed[2]).toMatchObject({ status: 'pending' });
  });

  it('writes an empty array when there is nothing to export', () => {
    expect(JSON.parse(exportAll(jsonWriter(), []))).toEqual([]);
  });
});

describe('ndjsonWriter', () => {
  it('writes one object per line, LF-terminated, line breaks inside values escaped', () => {
    const text = exportAll(ndjsonWriter(), RECORDS);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(RECORDS.length);
    const parsed = lines.map((line) => JSON.parse(line) as { id: string; notes: string; amount: number });
    expect(parsed.map((item) => item.id)).toEqual(RECORDS.map((record) => record.id));
    expect(parsed.map((item) => item.amount)).toEqual([-2668, -2668, -450, -6431, 150000, 5]);
    expect(parsed[2]).toMatchObject({ currency: 'GBP', amount_formatted: '-£4.50' });
    expect(parsed[1]?.notes).toBe(NASTY);
  });
});
