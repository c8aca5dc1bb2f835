import { csvWriter } from './csv.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import { ofxWriter } from './ofx.js';
import { qifWriter } from './qif.js';
import type { ExportFormat, ExportWriter } from './writer.js';

/** The file extension of each format, to guess `--format` from `--out`. */
const EXTENSIONS: Record<string, ExportFormat> = {
  csv: 'csv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  ofx: 'ofx',
  qif: 'qif',
};

/** The format a file name implies (`history.ofx` → `ofx`), if its extension names one. */
export function formatOfFile(path: string): ExportFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] : undefined;
}

/** A fresh writer for `format` (writers keep a little state, such as the JSON array's first comma). */
export function createWriter(format: ExportFormat, options: { severalAccounts: boolean }): ExportWriter {
  switch (format) {
    case 'csv':
      return csvWriter();
    case 'json':
      return jsonWriter();
    case 'ndjson':
      return ndjsonWriter();
    case 'ofx':
      return ofxWriter();
    case 'qif':
      return qifWriter(options);
  }
}
