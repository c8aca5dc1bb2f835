import type { Account } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { qifDate, qifText, qifWriter } from './qif.js';
import type { ExportRecord } from './record.js';
import { ACCOUNT, RECORDS } from './test-fixtures.js';
import { parseQif } from './test-parsers.js';

function exportAll(accounts: Array<{ account: Account; records: ExportRecord[] }>): string {
  const writer = qifWriter({ severalAccounts: accounts.length > 1 });
  let text = writer.start();
  for (const { account, records } of accounts) {
    const statement = { account, start: new Date(0), end: new Date(), asOf: new Date() };
    text += writer.beginAccount(statement);
    for (const record of records) if (writer.accepts(record)) text += writer.transaction(record);
    text += writer.endAccount(statement);
  }
  return text + writer.end();
}

describe('qifText and qifDate', () => {
  it('keeps a value on one line', () => {
    expect(qifText('two\r\nlines\n^ caret')).toBe('two lines ^ caret');
    expect(qifText('bell\u0007')).toBe('bell');
  });

  it('writes day-first dates, the UTC day as CSV and OFX have it, whatever the time zone of the computer', () => {
    const zone = process.env.TZ;
    try {
      // 23:30 UTC on the 31st is already 1 February in Kiribati (UTC+14), and still the 31st in Hawaii.
      for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Honolulu']) {
        process.env.TZ = tz;
        expect(qifDate('2026-01-31T23:30:00.000Z')).toBe('31/01/2026');
        expect(qifDate('2026-02-01T00:30:00.000Z')).toBe('01/02/2026');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('qifWriter', () => {
  it('writes a !Type:Bank list with D, T, P, M, L and ^ for each transaction that moved money', () => {
    const { headers, entries } = parseQif(exportAll([{ account: ACCOUNT, records: RECORDS }]));
    expect(headers).toEqual(['!Type:Bank']);
    const moved = RECORDS.filter((record) => record.status !== 'declined');
    expect(entries.map((entry) => entry.T)).toEqual(moved.map((record) => record.amount_major));
    expect(entries.map((entry) => entry.D)).toEqual(moved.map((record) => qifDate(record.created)));
    expect(entries[0]).toMatchObject({ P: 'Amazon', L: 'shopping', C: '*' });
    expect(entries[1]?.M).toContain('Lunch, "the usual" & <dessert> split 3 ways ^ not the end; 🍕');
    expect(entries[2]?.M).toMatch(/^PENDING/);
    expect(entries[2]?.C).toBeUndefined();
    expect(entries[3]).toMatchObject({ P: 'ACME LTD', T: '1500.00', L: 'income' });
  });

  it('names each account with an !Account block when there are several', () => {
    const joint = { ...ACCOUNT, id: 'acc_joint', type: 'uk_retail_joint' } as Account;
    const text = exportAll([
      { account: ACCOUNT, records: RECORDS.slice(0, 1) },
      { account: joint, records: RECORDS.slice(0, 2) },
    ]);
    const { headers, entries } = parseQif(text);
    expect(headers).toEqual(['!Account', '!Type:Bank', '!Account', '!Type:Bank']);
    expect(entries).toHaveLength(3);
    expect(text).toContain('!Account\nNMonzo uk_retail_joint 040004 12345678\nTBank\n^\n');
  });
});
