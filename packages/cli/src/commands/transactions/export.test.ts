import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatAmount, MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';
import { majorUnits } from '../../export/record.js';
import { ofxTransactions, parseCsv, parseOfx, parseQif } from '../../export/test-parsers.js';
import type { ExportFormat } from '../../export/writer.js';

/** Notes that every format must carry intact (or, in OFX and QIF, folded onto one line). */
const NOTES = 'Lunch, "the usual" & <dessert>\nsplit 3 ways, £4.50 each';
const FOLDED = 'Lunch, "the usual" & <dessert> split 3 ways, £4.50 each';

/** OFX and QIF values are single-line: runs of white space folded into one space. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Truth {
  id: string;
  /** Major units as text, as CSV, OFX and QIF write it. */
  amount: string;
  /** Minor units, as the SDK gives it and as `amount` is in JSON. */
  minor: number;
  declined: boolean;
}

describe('monzo transactions export: the formats agree', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let client: MonzoClient;
  let accountId: string;
  let annotated: string;
  let echoed: { id: string; description: string };
  /** Every transaction of the personal account, as the SDK sees it. */
  const truth: Truth[] = [];
  const files = new Map<ExportFormat, string>();

  beforeAll(async () => {
    cli = await cliHarness();
    const tokens = await cli.loggedIn();
    client = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
    const personal = cli.mock.control.dataset().accounts.find((account) => account.type === 'uk_retail');
    accountId = personal?.id ?? '';
    const firstPage = await client.transactions.list({ account_id: accountId, limit: 10 });
    annotated = firstPage[3]?.id ?? '';
    await client.transactions.annotate(annotated, { notes: NOTES });
    // A note that says what the description says: a memo must not say it twice.
    const echo = firstPage.find((tx, index) => index !== 3 && tx.merchant && !tx.decline_reason);
    echoed = { id: echo?.id ?? '', description: echo?.description ?? '' };
    await client.transactions.annotate(echoed.id, { notes: echoed.description });
    for await (const transaction of client.transactions.iterate({ account_id: accountId })) {
      truth.push({
        id: transaction.id,
        amount: majorUnits(transaction.amount, transaction.currency),
        minor: transaction.amount,
        declined: Boolean(transaction.decline_reason),
      });
    }
    // The five exports, side by side (each a `monzo` process, as a person would run it).
    const formats: ExportFormat[] = ['csv', 'json', 'ndjson', 'ofx', 'qif'];
    const results = await Promise.all(
      formats.map((format) =>
        // Far from UTC (UTC+14), where the local day differs from the UTC one for most of the day: every
        // format must still give each transaction the same day.
        cli.run(['transactions', 'export', '--format', format, '--out', `history.${format}`], {
          env: { TZ: 'Pacific/Kiritimati' },
        }),
      ),
    );
    for (const [index, format] of formats.entries()) {
      expect(results[index]?.stderr).toMatch(/^exported \d+ transactions/);
      expect(results[index]?.code).toBe(0);
      files.set(format, await readFile(join(cli.home, `history.${format}`), 'utf8'));
    }
  }, 60_000);
  afterAll(() => cli.close());

  const moved = () => truth.filter((item) => !item.declined);

  it('has declined and pending transactions to tell apart', () => {
    expect(truth.length).toBe(300);
    expect(truth.some((item) => item.declined)).toBe(true);
    expect(parseCsv(files.get('csv') ?? '').some((row) => row.status === 'pending')).toBe(true);
  });

  it('CSV: a row per transaction (declined ones with their reason), the notes intact', () => {
    const rows = parseCsv(files.get('csv') ?? '');
    expect(rows.map((row) => row.id)).toEqual(truth.map((item) => item.id));
    expect(rows.map((row) => row.amount)).toEqual(truth.map((item) => item.amount));
    expect(rows.every((row) => row.currency === 'GBP')).toBe(true);
    for (const row of rows) expect(row.decline_reason !== '').toBe(row.status === 'declined');
    expect(rows.find((row) => row.id === annotated)?.notes).toBe(NOTES);
  });

  it('JSON and NDJSON: the same transactions, amount in minor units as the SDK has it, the notes intact', () => {
    type Exported = { id: string; amount: number; currency: string; amount_formatted: string; notes: string };
    const array = JSON.parse(files.get('json') ?? '') as Exported[];
    const lines = (files.get('ndjson') ?? '').trimEnd().split('\n');
    const objects = lines.map((line) => JSON.parse(line) as Exported);
    expect(array.map((item) => item.id)).toEqual(truth.map((item) => item.id));
    expect(objects.map((item) => item.id)).toEqual(truth.map((item) => item.id));
    for (const exported of [array, objects]) {
      expect(exported.map((item) => item.amount)).toEqual(truth.map((item) => item.minor));
      expect(exported.map((item) => item.amount_formatted)).toEqual(
        truth.map((item) => formatAmount(item.minor, 'GBP')),
      );
      expect(exported.every((item) => item.currency === 'GBP' && !('amount_minor' in item))).toBe(true);
    }
    expect(array.find((item) => item.id === annotated)?.notes).toBe(NOTES);
    expect(objects.find((item) => item.id === annotated)?.notes).toBe(NOTES);
  });

  it('OFX: valid XML, one STMTTRN per transaction that moved money, with its amount', async () => {
    const text = files.get('ofx') ?? '';
    const statements = parseOfx(text).OFX.BANKMSGSRSV1.STMTTRNRS;
    expect(statements).toHaveLength(1);
    const account = (await client.accounts.list()).find((item) => item.id === accountId);
    expect(statements[0]?.STMTRS.BANKACCTFROM).toMatchObject({
      BANKID: account?.sort_code,
      ACCTID: account?.account_number,
    });
    const balance = await client.balance.get(accountId);
    expect(statements[0]?.STMTRS.LEDGERBAL.BALAMT).toBe(majorUnits(balance.balance, balance.currency));
    const transactions = ofxTransactions(text);
    expect(transactions.map((item) => item.FITID)).toEqual(moved().map((item) => item.id));
    expect(transactions.map((item) => item.TRNAMT)).toEqual(moved().map((item) => item.amount));
    expect(transactions.find((item) => item.FITID === annotated)?.MEMO).toContain(FOLDED);
  });

  it('QIF: one entry per transaction that moved money, with D, T, P and L', () => {
    const { headers, entries } = parseQif(files.get('qif') ?? '');
    expect(headers).toEqual(['!Type:Bank']);
    expect(entries.map((entry) => entry.T)).toEqual(moved().map((item) => item.amount));
    for (const entry of entries) {
      expect(entry.D).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(entry.P).toBeTruthy();
      expect(entry.L).toBeTruthy();
    }
    expect(entries.some((entry) => entry.M?.includes(FOLDED))).toBe(true);
  });

  it('every format carries the same amounts once declined transactions are set aside', () => {
    const sorted = (amounts: string[]) => [...amounts].sort();
    const csv = parseCsv(files.get('csv') ?? '')
      .filter((row) => row.status !== 'declined')
      .map((row) => row.amount ?? '');
    const json = (JSON.parse(files.get('json') ?? '') as Array<{ status: string; amount: number }>)
      .filter((item) => item.status !== 'declined')
      .map((item) => majorUnits(item.amount, 'GBP'));
    const ofx = ofxTransactions(files.get('ofx') ?? '').map((item) => item.TRNAMT);
    const qif = parseQif(files.get('qif') ?? '').entries.map((entry) => entry.T ?? '');
    const expected = sorted(moved().map((item) => item.amount));
    for (const amounts of [csv, json, ofx, qif]) expect(sorted(amounts)).toEqual(expected);
  });

  it('every format gives each transaction the same day and the same payee, pots by name', () => {
    const csv = parseCsv(files.get('csv') ?? '').filter((row) => row.status !== 'declined');
    const ofx = ofxTransactions(files.get('ofx') ?? '');
    const qif = parseQif(files.get('qif') ?? '').entries;
    const json = (JSON.parse(files.get('json') ?? '') as Array<Record<string, string>>).filter(
      (item) => item.status !== 'declined',
    );
    const payee = (row: Record<string, string | undefined>) =>
      row.merchant || row.counterparty || row.description || '';
    const day = (iso: string | undefined) => (iso ?? '').slice(0, 10).replaceAll('-', '');
    const qifDay = (date: string | undefined) => (date ?? '').split('/').reverse().join('');
    expect(ofx.map((item) => item.FITID)).toEqual(csv.map((row) => row.id));
    expect(json.map((item) => item.id)).toEqual(csv.map((row) => row.id));
    expect(ofx.map((item) => item.DTPOSTED.slice(0, 8))).toEqual(csv.map((row) => day(row.date)));
    expect(qif.map((entry) => qifDay(entry.D))).toEqual(csv.map((row) => day(row.date)));
    expect(json.map((item) => day(item.created))).toEqual(csv.map((row) => day(row.date)));
    // OFX caps NAME at 32 characters.
    expect(ofx.map((item) => item.NAME)).toEqual(
      csv.map((row) =>
        Array.from(oneLine(payee(row)))
          .slice(0, 32)
          .join('')
          .trimEnd(),
      ),
    );
    expect(qif.map((entry) => entry.P)).toEqual(csv.map((row) => oneLine(payee(row))));
    expect(json.map(payee)).toEqual(csv.map(payee));
    // Moves to and from pots carry the pot's name, not its id, as `monzo transactions` shows them.
    expect(csv.filter((row) => row.description?.startsWith('pot: ')).length).toBeGreaterThan(0);
    for (const text of [...csv.map(payee), ...ofx.map((item) => item.NAME), ...qif.map((entry) => entry.P)])
      expect(text).not.toMatch(/^pot_/);
  });

  it('writes a note that repeats the description once, not twice', () => {
    const ofx = ofxTransactions(files.get('ofx') ?? '');
    const index = ofx.findIndex((item) => item.FITID === echoed.id);
    expect(ofx[index]?.MEMO).toBe(oneLine(echoed.description));
    // QIF entries carry no id: they come in the order of the OFX ones.
    expect(parseQif(files.get('qif') ?? '').entries[index]?.M).toBe(oneLine(echoed.description));
  });

  it('writes the same bytes to stdout as to a file, and `--out -` is stdout', async () => {
    const result = await cli.run(['transactions', 'export', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(files.get('csv'));
    const dash = await cli.run(['transactions', 'export', '--format', 'csv', '--out', '-']);
    expect(dash.code).toBe(0);
    expect(dash.stdout).toBe(files.get('csv'));
    expect(existsSync(join(cli.home, '-'))).toBe(false);
  });

  it('--account all: one OFX statement per open account; --json reports the file', async () => {
    const result = await cli.run([
      'transactions',
      'export',
      '--account',
      'all',
      '--out',
      'all.ofx',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    const open = cli.mock.control.dataset().accounts.filter((account) => !account.closed);
    expect(summary).toMatchObject({
      file: join(cli.home, 'all.ofx'),
      format: 'ofx',
      accounts: open.map((account) => account.id),
      since: null,
      limited_to_recent: false,
    });
    const text = await readFile(join(cli.home, 'all.ofx'), 'utf8');
    const statements = parseOfx(text).OFX.BANKMSGSRSV1.STMTTRNRS;
    expect(statements).toHaveLength(open.length);
    expect(ofxTransactions(text)).toHaveLength(summary.transactions as number);
  });

  it('takes the format from the --out extension, and honours --since and --before', async () => {
    const since = truth[100];
    const before = truth[150];
    const created = async (id: string | undefined) => (await client.transactions.get(id ?? '')).created;
    const result = await cli.run([
      'transactions',
      'export',
      '--out',
      'window.ndjson',
      '--since',
      await created(since?.id),
      '--before',
      await created(before?.id),
    ]);
    expect(result.code).toBe(0);
    const lines = (await readFile(join(cli.home, 'window.ndjson'), 'utf8')).trimEnd().split('\n');
    const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(truth.slice(100, 150).map((item) => item.id));
  });
});
