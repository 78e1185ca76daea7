import { parse } from 'csv-parse/sync';
import type { WorkbookGrid } from '../model/grid.js';
import { vietnameseWordBalance } from '../extract/legacy-encoding.js';
import { IntakeFailure } from './intake-failure.js';
import { resolveLimits, type ReadLimits } from './read-limits.js';

/** The text encodings a CSV/TXT list is read in; legacy TCVN3/VNI text arrives as windows-1252. */
type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'windows-1252';

const SEPARATORS = ['\t', ';', ',', '|'] as const;
type Separator = (typeof SEPARATORS)[number];

/**
 * The separator that splits the first lines most consistently: a title line or a comma inside an
 * address ("Thôn 1, xã A") must not win over the `;` that Excel on a Vietnamese Windows writes.
 */
export function sniffDelimiter(text: string): Separator {
  const lines = text.split(/\r?\n/, 40).map((l) => l.replace(/"[^"]*"/g, '')).filter((l) => l.trim() !== '');
  let best: Separator = ',';
  let bestScore = 0;
  for (const sep of SEPARATORS) {
    const counts = lines.map((l) => l.split(sep).length - 1).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    // Lines agreeing on one column count, weighted a little by that count (more columns, more evidence).
    const [modal, agreeing] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    const score = agreeing * 10 + Math.min(modal, 9);
    if (score > bestScore) [best, bestScore] = [sep, score];
  }
  return best;
}

function utf16Bom(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Decodes a text table, deciding its encoding before anything reads it: a UTF-16 byte-order mark,
 * then valid UTF-8 (with or without BOM), else one byte per character — Windows-1258 (Excel on a
 * Vietnamese Windows: decomposed tone marks) or the Windows-1252 reading in which TCVN3/VNI text is
 * repaired later — whichever reads as more Vietnamese words. Windows-1258 wins ties: its bytes are
 * what a modern Windows writes.
 */
export function decodeTextTable(bytes: Buffer): { text: string; encoding: TextEncoding } {
  const utf16 = utf16Bom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes).replace(/^\uFEFF/, ''), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: an 8-bit code page.
  }
  const cp1258 = new TextDecoder('windows-1258').decode(bytes).normalize('NFC');
  const cp1252 = new TextDecoder('windows-1252').decode(bytes);
  const sample = (text: string) => text.slice(0, 200_000);
  return vietnameseWordBalance(sample(cp1252), { legacy: true }) > vietnameseWordBalance(sample(cp1258), { legacy: false })
    ? { text: cp1252, encoding: 'windows-1252' }
    : { text: cp1258, encoding: 'windows-1258' };
}

/** Line breaks in the bytes: an upper bound of the rows, known before anything is parsed. */
function countLines(bytes: Buffer): number {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

/**
 * Reads CSV/TXT bytes into a one-sheet grid of text cells, under the same row, column, cell and
 * text limits as a workbook (SOURCE_TOO_LARGE, naming the number exceeded).
 */
export function readCsvGrid(bytes: Buffer, sheetName: string, limits: Partial<ReadLimits> = {}): WorkbookGrid {
  const max = resolveLimits(limits);
  // UTF-16 has a byte 0x0a in other characters too, so it is counted after decoding.
  const tooMany = (rows: number) =>
    new IntakeFailure('SOURCE_TOO_LARGE', { reason: `tệp có ${rows} dòng, quá ${max.maxRowsPerSheet} dòng (giới hạn limits.maxRowsPerSheet)` });
  if (!utf16Bom(bytes) && countLines(bytes) > max.maxRowsPerSheet + 1) throw tooMany(countLines(bytes));
  const decoded = decodeTextTable(bytes);
  // Excel's own directive on the first line ("sep=;") names the separator and is not a row.
  const directive = /^sep=(.)\r?\n/.exec(decoded.text);
  const text = directive ? decoded.text.slice(directive[0].length) : decoded.text;
  const encoding = decoded.encoding;
  let cells = 0;
  let rowCount = 0;
  const records = parse(text, {
    delimiter: directive?.[1] ?? sniffDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    on_record: (record: string[]) => {
      rowCount++;
      if (rowCount > max.maxRowsPerSheet && record.some((v) => v.trim() !== '')) throw tooMany(rowCount);
      let last = 0;
      for (let c = 0; c < record.length; c++) {
        const value = record[c]!;
        if (value.trim() === '') continue;
        last = c + 1;
        cells++;
        if (value.length > max.maxCellChars) {
          throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `dòng ${rowCount} có một ô dài ${value.length} ký tự, quá ${max.maxCellChars} ký tự (giới hạn limits.maxCellChars)` });
        }
      }
      if (last > max.maxColumnsPerSheet) {
        throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `dòng ${rowCount} có dữ liệu tới cột ${last}, quá ${max.maxColumnsPerSheet} cột (giới hạn limits.maxColumnsPerSheet)` });
      }
      if (cells > max.maxCellsPerSheet) {
        throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `tệp có hơn ${max.maxCellsPerSheet} ô dữ liệu, quá ${max.maxCellsPerSheet} ô (giới hạn limits.maxCellsPerSheet)` });
      }
      return record;
    },
  }) as string[][];
  const rows = records.map((record) => record.map((value) => (value.trim() === '' ? null : { value })));
  return { format: 'csv', date1904: false, textEncoding: encoding, sheets: [{ name: sheetName, hidden: false, rows, merges: [] }] };
}
