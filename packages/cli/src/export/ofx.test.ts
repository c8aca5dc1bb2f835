import type { Account } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { ofxDate, ofxText, ofxWriter } from './ofx.js';
import type { ExportRecord } from './record.js';
import { ACCOUNT, RECORDS } from './test-fixtures.js';
import { parseOfx } from './test-parsers.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const JOINT = {
  ...ACCOUNT,
  id: 'acc_00009joint',
  sort_code: '040005',
  account_number: '87654321',
} as Account;

function exportAll(accounts: Array<{ account: Account; records: ExportRecord[] }>): string {
  const writer = ofxWriter(() => NOW);
  let text = writer.start();
  for (const { account, records } of accounts) {
    const statement = {
      account,
      start: new Date('2026-01-01T00:00:00.000Z'),
      end: NOW,
      asOf: NOW,
      balance: { balance: 123456, total_balance: 0, currency: 'GBP', spend_today: 0 },
    };
    text += writer.beginAccount(statement);
    for (const record of records) if (writer.accepts(record)) text += writer.transaction(record);
    text += writer.endAccount(statement);
  }
  return text + writer.end();
}

describe('ofxText and ofxDate', () => {
  it('escapes XML, folds line breaks, drops characters XML cannot hold, and cuts by character', () => {
    expect(ofxText('Fish & Chips <Ltd> "quoted" it\'s')).toBe(
      'Fish &amp; Chips &lt;Ltd&gt; &quot;quoted&quot; it&apos;s',
    );
    expect(ofxText('two\r\nlines\tand\u0000 a bell\u0007')).toBe('two lines and a bell');
    expect(ofxText('&&&&', 2)).toBe('&amp;&amp;');
    expect(ofxText('🍕🍕🍕', 2)).toBe('🍕🍕');
  });

  it('writes dates in UTC with the zone stated', () => {
    expect(ofxDate('2026-01-31T09:05:07.123Z')).toBe('20260131090507.123[0:GMT]');
  });
});

describe('ofxWriter', () => {
  const text = exportAll([{ account: ACCOUNT, records: RECORDS }]);

  it('writes the OFX 2 headers', () => {
    expect(
      text.startsWith(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="220"',
      ),
    ).toBe(true);
  });

  it('is well-formed XML with one STMTTRN per transaction that moved money', () => {
    const ofx = parseOfx(text).OFX;
    expect(ofx.SIGNONMSGSRSV1.SONRS.STATUS.CODE).toBe('0');
    const statements = ofx.BANKMSGSRSV1.STMTTRNRS;
    expect(statements).toHaveLength(1);
    const statement = statements[0]?.STMTRS;
    expect(statement?.CURDEF).toBe('GBP');
    expect(statement?.BANKACCTFROM).toEqual({ BANKID: '040004', ACCTID: '12345678', ACCTTYPE: 'CHECKING' });
    expect(statement?.BANKTRANLIST.DTSTART).toBe('20260101000000.000[0:GMT]');
    expect(statement?.BANKTRANLIST.DTEND).toBe('20260301100000.000[0:GMT]');
    expect(statement?.LEDGERBAL).toEqual({ BALAMT: '1234.56', DTASOF: '20260301100000.000[0:GMT]' });

    const moved = RECORDS.filter((record) => record.status !== 'declined');
    const transactions = statement?.BANKTRANLIST.STMTTRN ?? [];
    expect(transactions.map((item) => item.FITID)).toEqual(moved.map((record) => record.id));
    expect(transactions.map((item) => item.TRNAMT)).toEqual(moved.map((record) => record.amount_major));
    expect(transactions.map((item) => item.TRNTYPE)).toEqual(
      moved.map((record) => (record.amount < 0 ? 'DEBIT' : 'CREDIT')),
    );
    for (const item of transactions) expect(Array.from(item.NAME ?? '').length).toBeLessThanOrEqual(32);
  });

  it('gives back the original text of names and notes once parsed, and marks pending transactions', () => {
    const transactions = parseOfx(text).OFX.BANKMSGSRSV1.STMTTRNRS[0]?.STMTRS.BANKTRANLIST.STMTTRN ?? [];
    const byId = new Map(transactions.map((item) => [item.FITID, item]));
    expect(byId.get('tx_0002')?.NAME).toBe('Pizza & Co <Soho>');
    expect(byId.get('tx_0002')?.MEMO).toContain(
      'Lunch, "the usual" & <dessert> split 3 ways ^ not the end; 🍕',
    );
    expect(byId.get('tx_0003')?.MEMO).toMatch(/^PENDING/);
    expect(byId.get('tx_0005')?.NAME).toBe('ACME LTD');
    expect(byId.get('tx_0006')?.NAME).toBe('A merchant with a name far longe');
    expect(byId.get('tx_0001')?.DTPOSTED).toBe('20260131123000.000[0:GMT]');
  });

  it('writes one statement per account', () => {
    const two = exportAll([
      { account: ACCOUNT, records: RECORDS },
      { account: JOINT, records: RECORDS.slice(0, 2) },
    ]);
    const statements = parseOfx(two).OFX.BANKMSGSRSV1.STMTTRNRS;
    expect(statements.map((item) => item.STMTRS.BANKACCTFROM.ACCTID)).toEqual(['12345678', '87654321']);
    expect(statements[1]?.STMTRS.BANKTRANLIST.STMTTRN).toHaveLength(2);
  });

  it('writes a valid statement with no transactions', () => {
    const empty = parseOfx(exportAll([{ account: ACCOUNT, records: [] }]));
    expect(empty.OFX.BANKMSGSRSV1.STMTTRNRS[0]?.STMTRS.BANKTRANLIST.STMTTRN).toBeUndefined();
  });
});
