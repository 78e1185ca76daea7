import { parseRange } from '../../model/a1.js';
import type { SheetGrid, WorkbookGrid } from '../../model/grid.js';
import { packedSheetCounts, type PackedGrid } from './grid-transfer.js';
import { IntakeFailure } from '../intake-failure.js';
import type { ReadLimits } from '../read-limits.js';
import type { ZipEntry } from './zip-package.js';

/** Re-exported for the readers: zod-free, so the parse worker starts fast. */
export { parseRange };

/** Pieces shared by the two .xlsx readers (xlsx-fast.ts and the exceljs path in xlsx-package.ts). */

/** Excel's own grid size: a row or column past it is damage, not data. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

/** What xlsx-package.ts found in the package before either reader runs. */
export type PackagePlan = {
  /** The workbook part, normalised (see normalizePart). */
  readonly workbookXml: Buffer;
  /** Worksheets named by the workbook, in its order, each with the part that holds it. */
  readonly sheets: readonly PlannedSheet[];
  readonly sharedStrings: ZipEntry | undefined;
  readonly styles: ZipEntry | undefined;
};

export type PlannedSheet = {
  /** The relationship id the workbook gives the sheet (any prefix on `r:id` dropped). */
  readonly rId: string;
  /** `sheetId`, as a number (NaN when missing). */
  readonly sheetId: number;
  /** The sheet's name with entities expanded, for messages. */
  readonly name: string;
  readonly entry: ZipEntry;
};

/** Date number formats: any format with d/m/y tokens outside quotes and brackets. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const stripped = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmy]/i.test(stripped) && !/^[#0.,\s%]*$/.test(stripped);
}

/** A part saved as UTF-16 (allowed by XML, refused by exceljs, which reads UTF-8 only). */
export function utf16Encoding(xml: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if ((xml[0] === 0xfe && xml[1] === 0xff) || (xml[0] === 0x00 && xml[1] === 0x3c)) return 'utf-16be';
  if ((xml[0] === 0xff && xml[1] === 0xfe) || (xml[0] === 0x3c && xml[1] === 0x00)) return 'utf-16le';
  return undefined;
}

const MAIN_NAMESPACE_PREFIX = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main["']/;

/**
 * Makes a SpreadsheetML part look as Excel writes it: no byte-order mark, and no prefix on the
 * main namespace (`<x:row>` → `<row>`). Generators built on the OpenXML SDK write the prefix,
 * and exceljs matches element names literally, so it would find no sheet at all.
 */
export function normalizePart(xml: Buffer): Buffer {
  const utf16 = utf16Encoding(xml);
  const decoded = utf16
    ? Buffer.from(new TextDecoder(utf16).decode(xml).replace(/^(<\?xml[^>]*?encoding\s*=\s*["'])utf-16(?:be|le)?(["'])/i, '$1UTF-8$2'), 'utf8')
    : xml;
  const body = decoded[0] === 0xef && decoded[1] === 0xbb && decoded[2] === 0xbf ? decoded.subarray(3) : decoded;
  const prefix = MAIN_NAMESPACE_PREFIX.exec(body.subarray(0, 4096).toString('latin1'))?.[1];
  if (!prefix) return body;
  const tag = new RegExp(`<(/?)${prefix.replace(/[.]/g, '\\.')}:`, 'g');
  return Buffer.from(body.toString('utf8').replace(tag, '<$1'), 'utf8');
}


/** Empties the covered cells of each merged range, as exceljs does when it applies merges itself. */
export function clearMergedCells(sheet: SheetGrid): void {
  for (const ref of sheet.merges) {
    const range = parseRange(ref);
    if (!range) continue;
    const lastRow = Math.min(range.bottom, sheet.rows.length - 1);
    for (let r = range.top; r <= lastRow; r++) {
      const row = sheet.rows[r];
      if (!row || row.length <= range.left) continue;
      const lastCol = Math.min(range.right, row.length - 1);
      for (let c = range.left; c <= lastCol; c++) {
        if (r === range.top && c === range.left) continue;
        // A hole, as for any empty cell; a trailing one shortens the row.
        if (row[c] !== undefined) delete row[c];
      }
      while (row.length > 0 && row[row.length - 1] === undefined) row.length--;
    }
  }
}

/** A `<col>` element as exceljs's ColXform reads it (`parseInt(min || '0')`, `hidden` "1" or "true"). */
export type ColumnRange = { min: number; max: number; hidden: boolean };

/** An attribute exceljs's parseBoolean takes as true. */
export function xmlTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/**
 * Hidden columns as 0-based indexes below `width`, from `<col>` ranges taken the way exceljs's
 * Column.fromModel takes them (sorted by min; a column an earlier range covered keeps that range).
 * Hidden space past the list (every column after it, say) is left out, so the list stays short.
 */
export function hiddenColumnIndexes(ranges: readonly ColumnRange[], width: number): number[] | undefined {
  const out: number[] = [];
  let next = 1;
  for (const range of ranges.slice().sort((a, b) => a.min - b.min)) {
    if (next < range.min) next = range.min;
    if (!(next <= range.max)) continue;
    if (range.hidden) for (let c = next; c <= Math.min(range.max, width); c++) out.push(c - 1);
    next = range.max + 1;
  }
  return out.length > 0 ? out : undefined;
}

/** Hidden rows as 0-based indexes below `rowCount`, ascending; undefined when none. */
export function hiddenRowIndexes(hidden: Iterable<number>, rowCount: number): number[] | undefined {
  const out = [...hidden].filter((r) => r >= 0 && r < rowCount).sort((a, b) => a - b);
  return out.length > 0 ? out : undefined;
}

/** Sets a sheet's hidden rows and columns (the keys only when some are hidden). */
export function setHidden(sheet: SheetGrid, rows: number[] | undefined, columns: number[] | undefined): void {
  if (rows) sheet.hiddenRows = rows;
  else delete sheet.hiddenRows;
  if (columns) sheet.hiddenColumns = columns;
  else delete sheet.hiddenColumns;
}

/** Keeps a sheet's hidden columns within its widest row (the exceljs path, once merged cells are cleared). */
export function clipHiddenColumns(sheet: SheetGrid): void {
  if (!sheet.hiddenColumns) return;
  const width = sheet.rows.reduce((w, row) => Math.max(w, row?.length ?? 0), 0);
  const columns = sheet.hiddenColumns.filter((c) => c < width);
  setHidden(sheet, sheet.hiddenRows, columns.length > 0 ? columns : undefined);
}

/** Refuses a parsed workbook whose size is past the limits (a stray value in row 900,000 included). */
export function checkGridSize(grid: WorkbookGrid, limits: ReadLimits): void {
  let workbookCells = 0;
  let textChars = 0;
  for (const sheet of grid.sheets) {
    if (sheet.rows.length > limits.maxRowsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới dòng ${sheet.rows.length}, quá ${limits.maxRowsPerSheet} dòng (giới hạn limits.maxRowsPerSheet)`,
      });
    }
    let cells = 0;
    let maxCol = 0;
    let longestText = 0;
    for (const row of sheet.rows) {
      if (row.length > maxCol) maxCol = row.length;
      for (const cell of row) {
        if (!cell) continue;
        cells++;
        if (typeof cell.value !== 'string') continue;
        textChars += cell.value.length;
        if (cell.value.length > longestText) longestText = cell.value.length;
      }
    }
    checkCellText(sheet.name, longestText, limits);
    if (maxCol > limits.maxColumnsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới cột thứ ${maxCol}, quá ${limits.maxColumnsPerSheet} cột (giới hạn limits.maxColumnsPerSheet)`,
      });
    }
    if (cells > limits.maxCellsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `trang "${sheet.name}" có ${cells} ô dữ liệu, quá ${limits.maxCellsPerSheet} ô (giới hạn limits.maxCellsPerSheet)` });
    }
    workbookCells += cells;
    if (workbookCells > limits.maxCellsPerWorkbook) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `sổ làm việc có hơn ${limits.maxCellsPerWorkbook} ô dữ liệu (giới hạn limits.maxCellsPerWorkbook)` });
    }
    if (textChars > limits.maxTextChars) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `các ô chứa hơn ${limits.maxTextChars} ký tự chữ (giới hạn limits.maxTextChars)` });
    }
  }
}

/** `checkGridSize` on a packed grid: the same limits, checks and messages, in the same order. */
export function checkPackedGridSize(packed: PackedGrid, limits: ReadLimits): void {
  let workbookCells = 0;
  let textChars = 0;
  for (const sheet of packed.sheets) {
    if (sheet.rowCount > limits.maxRowsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới dòng ${sheet.rowCount}, quá ${limits.maxRowsPerSheet} dòng (giới hạn limits.maxRowsPerSheet)`,
      });
    }
    const counts = packedSheetCounts(packed, sheet);
    textChars += counts.textChars;
    checkCellText(sheet.name, counts.longestText, limits);
    if (counts.maxCol > limits.maxColumnsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới cột thứ ${counts.maxCol}, quá ${limits.maxColumnsPerSheet} cột (giới hạn limits.maxColumnsPerSheet)`,
      });
    }
    if (counts.cells > limits.maxCellsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `trang "${sheet.name}" có ${counts.cells} ô dữ liệu, quá ${limits.maxCellsPerSheet} ô (giới hạn limits.maxCellsPerSheet)` });
    }
    workbookCells += counts.cells;
    if (workbookCells > limits.maxCellsPerWorkbook) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `sổ làm việc có hơn ${limits.maxCellsPerWorkbook} ô dữ liệu (giới hạn limits.maxCellsPerWorkbook)` });
    }
    if (textChars > limits.maxTextChars) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `các ô chứa hơn ${limits.maxTextChars} ký tự chữ (giới hạn limits.maxTextChars)` });
    }
  }
}

/** One cell's text past the limit (Excel itself stops at 32,767 characters; longer is not a list). */
function checkCellText(sheetName: string, longest: number, limits: ReadLimits): void {
  if (longest > limits.maxCellChars) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', {
      reason: `một ô trên trang "${sheetName}" có ${longest.toLocaleString('vi-VN')} ký tự, quá ${limits.maxCellChars.toLocaleString('vi-VN')} ký tự (giới hạn limits.maxCellChars)`,
    });
  }
}

/** Merged ranges past the limit: refused before the sheet is read further. */
export function checkMergeCount(sheetName: string, merges: number, limits: ReadLimits): void {
  if (merges > limits.maxMergesPerSheet) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', {
      reason: `trang "${sheetName}" có ${merges} vùng gộp ô, quá ${limits.maxMergesPerSheet} (giới hạn limits.maxMergesPerSheet)`,
    });
  }
}

/** A row number past Excel's last row: damage, refused before anything allocates for it. */
export function checkMaxRow(sheetName: string, maxRow: number): void {
  if (maxRow > EXCEL_MAX_ROWS) {
    throw new IntakeFailure('SOURCE_CORRUPT', {
      reason: `trang "${sheetName}" ghi dòng số ${maxRow}, vượt quá số dòng tối đa của Excel (${EXCEL_MAX_ROWS})`,
    });
  }
}

/** The `ref` of a `<mergeCell ref="…">` tag, as the byte scan reads it (upper case, no `$`). */
export const MERGE_REF = /\bref\s*=\s*["']([A-Za-z$]{1,4}\$?\d+(?::\$?[A-Za-z]{1,4}\$?\d+)?)["']/;
/** The `r` of a `<row r="…">` tag, as the byte scan reads it. */
export const ROW_NUMBER = /\br\s*=\s*["'](\d+)["']/;
