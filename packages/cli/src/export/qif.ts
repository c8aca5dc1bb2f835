import type { Account } from 'monzo-ts';
import { type ExportRecord, memoParts, payeeOf } from './record.js';
import { acceptMoneyMoved, type ExportWriter } from './writer.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL = /[\u0000-\u001F\u007F]/g;

/**
 * A QIF value: one line, so line breaks become spaces (a line starting with `^` would end the entry early
 * otherwise), and control characters are dropped.
 */
export function qifText(value: string): string {
  return value.replace(/\s+/g, ' ').replace(CONTROL, '').trim();
}

/**
 * A QIF date: `DD/MM/YYYY`, day first as a UK statement shows it (Monzo is a UK bank; the usual importers,
 * GnuCash, Quicken UK, HomeBank, read day-first dates when told the file is UK). The day is the UTC one, as in
 * the CSV and OFX exports: the same file whatever the time zone of the computer that wrote it, and the same
 * day in every format.
 */
export function qifDate(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

function entry(record: ExportRecord): string {
  const payee = qifText(payeeOf(record));
  const memoText = memoParts(record, payeeOf(record)).map(qifText).filter(Boolean).join(' - ');
  const memo = [record.status === 'pending' ? 'PENDING' : '', memoText].filter(Boolean).join(' ');
  const lines = [`D${qifDate(record.created)}`, `T${record.amount_major}`];
  // C* marks a cleared (settled) entry; a pending one is left uncleared.
  if (record.status === 'settled') lines.push('C*');
  if (payee) lines.push(`P${payee}`);
  if (memo) lines.push(`M${memo}`);
  // In L, `:` starts a subcategory and `/` a class: Monzo's category ids hold neither, but should one ever, it
  // must not be misread as either.
  if (record.category) lines.push(`L${qifText(record.category).replace(/[:/]/g, '-')}`);
  lines.push('^');
  return `${lines.join('\n')}\n`;
}

/** The `!Account` header that tells an importer which account the following entries belong to. */
function accountHeader(account: Account): string {
  const number = [account.sort_code, account.account_number].filter(Boolean).join(' ');
  const name = qifText(`Monzo ${account.type ?? account.id}${number ? ` ${number}` : ''}`);
  return `!Account\nN${name}\nTBank\n^\n`;
}

/**
 * QIF (`!Type:Bank`): D date, T amount (major units), C cleared, P payee, M memo, L category, `^` ends an entry.
 * Declined transactions are left out, as in OFX. With several accounts, each list is preceded by an `!Account`
 * block naming it, so that importers file the entries under the right account.
 */
export function qifWriter(options: { severalAccounts: boolean } = { severalAccounts: false }): ExportWriter {
  return {
    needsBalance: false,
    accepts: acceptMoneyMoved,
    start: () => '',
    beginAccount: ({ account }) => `${options.severalAccounts ? accountHeader(account) : ''}!Type:Bank\n`,
    transaction: entry,
    endAccount: () => '',
    end: () => '',
  };
}
