/** Readers of each export format for the tests: every export is checked by parsing it back. */
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** RFC 4180 strictly (csv-parse): only CRLF ends a record, quotes must balance, every row has every column. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n', relax_column_count: false, bom: false });
}

export interface OfxTransaction {
  TRNTYPE: string;
  DTPOSTED: string;
  TRNAMT: string;
  FITID: string;
  NAME: string;
  MEMO?: string;
}

export interface OfxStatement {
  STMTRS: {
    CURDEF: string;
    BANKACCTFROM: { BANKID: string; ACCTID: string; ACCTTYPE: string };
    BANKTRANLIST: { DTSTART: string; DTEND: string; STMTTRN?: OfxTransaction[] };
    LEDGERBAL: { BALAMT: string; DTASOF: string };
  };
}

export interface ParsedOfx {
  OFX: {
    SIGNONMSGSRSV1: { SONRS: { STATUS: { CODE: string }; DTSERVER: string } };
    BANKMSGSRSV1: { STMTTRNRS: OfxStatement[] };
  };
}

/** OFX 2 as XML (fast-xml-parser): refuses text that is not well-formed; values stay text, as written. */
export function parseOfx(text: string): ParsedOfx {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => name === 'STMTTRN' || name === 'STMTTRNRS',
  });
  return parser.parse(text) as ParsedOfx;
}

/** Every transaction of every statement in an OFX file. */
export function ofxTransactions(text: string): OfxTransaction[] {
  return parseOfx(text).OFX.BANKMSGSRSV1.STMTTRNRS.flatMap(
    (statement) => statement.STMTRS.BANKTRANLIST.STMTTRN ?? [],
  );
}

/** QIF: the `!` header lines, and the entries (not `!Account` blocks) as maps of field letter to value. */
export function parseQif(text: string): { headers: string[]; entries: Array<Record<string, string>> } {
  const headers: string[] = [];
  const entries: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  let inAccount = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('!')) {
      headers.push(line);
      inAccount = line === '!Account';
    } else if (line === '^') {
      if (!inAccount) entries.push(current);
      current = {};
      inAccount = false;
    } else {
      const field = line.charAt(0);
      if (field in current) throw new Error(`QIF field ${field} given twice in one entry`);
      current[field] = line.slice(1);
    }
  }
  if (Object.keys(current).length > 0) throw new Error('the last QIF entry does not end with ^');
  return { headers, entries };
}
