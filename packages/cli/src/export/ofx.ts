import { type ExportRecord, majorUnits, memoParts, payeeOf } from './record.js';
import { acceptMoneyMoved, type ExportWriter, type Statement } from './writer.js';

/** OFX 2.2 caps NAME at 32 characters and MEMO at 255. */
const NAME_MAX = 32;
const MEMO_MAX = 255;

/** Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Text as OFX element content: characters XML cannot carry dropped, line breaks and tabs folded into spaces
 * (OFX values are single-line), cut to `max` characters (by code point, before escaping, so that an entity is
 * never cut), then XML-escaped.
 */
export function ofxText(value: string, max = Number.POSITIVE_INFINITY): string {
  const flat = value.replace(NOT_XML, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  const cut = chars.length > max ? chars.slice(0, max).join('').trimEnd() : flat;
  return cut.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** An OFX date-time: `YYYYMMDDHHMMSS.XXX[0:GMT]`, in UTC with the zone stated, so no tool has to guess it. */
export function ofxDate(date: Date | string): string {
  const iso = (typeof date === 'string' ? new Date(date) : date).toISOString(); // 2026-01-31T09:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}[0:GMT]`;
}

const element = (name: string, value: string) => `<${name}>${value}</${name}>`;

function memoOf(record: ExportRecord, name: string): string {
  const memo = memoParts(record, name).join(' - ');
  return record.status === 'pending' ? `PENDING ${memo}`.trim() : memo;
}

function statementTransaction(record: ExportRecord): string {
  const name = payeeOf(record);
  const memo = memoOf(record, name);
  return [
    '<STMTTRN>',
    element('TRNTYPE', record.amount < 0 ? 'DEBIT' : 'CREDIT'),
    element('DTPOSTED', ofxDate(record.created)),
    element('TRNAMT', record.amount_major),
    element('FITID', ofxText(record.id)),
    element('NAME', ofxText(name, NAME_MAX) || 'Monzo'),
    memo ? element('MEMO', ofxText(memo, MEMO_MAX)) : '',
    '</STMTTRN>\n',
  ].join('');
}

/** `STMTTRNRS` up to the list of transactions: the account (sort code as BANKID) and the range covered. */
function openStatement({ account, start, end }: Statement): string {
  // BANKID is required: an account without a sort code (a prepaid one) is named by its bank alone.
  const bankId = account.sort_code || 'MONZO';
  const accountId = account.account_number ?? account.id;
  return [
    '<STMTTRNRS>\n',
    element('TRNUID', ofxText(account.id)),
    '<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n',
    '<STMTRS>\n',
    element('CURDEF', ofxText(account.currency ?? 'GBP')),
    '\n<BANKACCTFROM>',
    element('BANKID', ofxText(bankId)),
    element('ACCTID', ofxText(accountId)),
    element('ACCTTYPE', 'CHECKING'),
    '</BANKACCTFROM>\n',
    '<BANKTRANLIST>\n',
    element('DTSTART', ofxDate(start)),
    element('DTEND', ofxDate(end)),
    '\n',
  ].join('');
}

function closeStatement({ account, balance, asOf }: Statement): string {
  const currency = balance?.currency ?? account.currency ?? 'GBP';
  const ledger = balance
    ? `<LEDGERBAL>${element('BALAMT', majorUnits(balance.balance, currency))}${element('DTASOF', ofxDate(asOf))}</LEDGERBAL>\n`
    : '';
  return `</BANKTRANLIST>\n${ledger}</STMTRS>\n</STMTTRNRS>\n`;
}

/**
 * OFX 2.2 (XML): a sign-on answer, then one bank statement (STMTTRNRS) per account with its transactions and
 * ledger balance. Declined transactions are left out: they moved no money, and importing them would unbalance
 * the books. Pending ones are in, their MEMO starting with PENDING.
 */
export function ofxWriter(now: () => Date = () => new Date()): ExportWriter {
  return {
    needsBalance: true,
    accepts: acceptMoneyMoved,
    start: () =>
      [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
        '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n',
        '<OFX>\n',
        '<SIGNONMSGSRSV1>\n<SONRS>\n',
        '<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n',
        element('DTSERVER', ofxDate(now())),
        '\n<LANGUAGE>ENG</LANGUAGE>\n',
        '<FI><ORG>Monzo</ORG></FI>\n',
        '</SONRS>\n</SIGNONMSGSRSV1>\n',
        '<BANKMSGSRSV1>\n',
      ].join(''),
    beginAccount: openStatement,
    transaction: statementTransaction,
    endAccount: closeStatement,
    end: () => '</BANKMSGSRSV1>\n</OFX>\n',
  };
}
