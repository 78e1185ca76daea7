import { parse } from 'csv-parse/sync';
import type { WorkbookGrid } from '../model/grid.js';

/** Picks ';' when the first line has more semicolons than commas outside quotes (European Excel exports). */
function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of unquoted) if (ch === ',' || ch === ';' || ch === '\t') counts[ch]++;
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** Decodes UTF-8 (with or without BOM), falling back to Windows-1258/1252 bytes when not valid UTF-8. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Legacy Vietnamese CSVs are usually cp1258 or TCVN3 bytes; cp1252 keeps every byte visible
    // so the legacy-encoding repair can still recognise TCVN3/VNI text.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads CSV bytes into a one-sheet grid of text cells. */
export function readCsvGrid(bytes: Buffer, sheetName: string): WorkbookGrid {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  const records = parse(text, {
    delimiter: sniffDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
  const rows = records.map((record) => record.map((value) => (value.trim() === '' ? null : { value })));
  return { format: 'csv', date1904: false, sheets: [{ name: sheetName, hidden: false, rows, merges: [] }] };
}
