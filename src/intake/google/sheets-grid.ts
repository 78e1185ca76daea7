import type { sheets_v4 } from 'googleapis';
import { cellAddress, parseAddress, type Cell, type SheetGrid, type WorkbookGrid } from '../../model/grid.js';

/** `fields` of spreadsheets.get: titles, hidden flags, sizes and merges, no cell data. */
export const SPREADSHEET_FIELDS =
  'spreadsheetId,properties.title,sheets(properties(sheetId,title,index,sheetType,hidden,gridProperties(rowCount,columnCount)),merges)';

/** Value errors the Sheets API returns as text in UNFORMATTED_VALUE mode. */
const ERROR_VALUE = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!|SPILL!|CALC!)$/;

/** A sheet title as an A1 range: always quoted, quotes doubled ("It's" → 'It''s'). */
export function quoteSheetTitle(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** Grid sheets only: chart sheets (sheetType OBJECT) hold no cells and batchGet rejects them. */
function gridSheets(meta: sheets_v4.Schema$Spreadsheet): sheets_v4.Schema$Sheet[] {
  return (meta.sheets ?? []).filter((s) => (s.properties?.sheetType ?? 'GRID') === 'GRID');
}

/** One A1 range per grid sheet, in sheet order: the whole sheet. */
export function sheetRanges(meta: sheets_v4.Schema$Spreadsheet): string[] {
  return gridSheets(meta).map((s) => quoteSheetTitle(s.properties?.title ?? ''));
}

/** "'Danh sách'!B3:H40" → the 0-based top-left of the returned values. */
function rangeOrigin(range: string | null | undefined): { row: number; col: number } {
  const cells = range?.includes('!') ? range.slice(range.lastIndexOf('!') + 1) : undefined;
  const start = cells?.split(':')[0];
  return (start && parseAddress(start)) || { row: 0, col: 0 };
}

function toCell(value: unknown): Cell | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || typeof value === 'boolean') return { value };
  const text = String(value);
  if (ERROR_VALUE.test(text)) return { value: null, error: text };
  return { value: text };
}

/** GridRange (0-based, end-exclusive; Google omits zero fields) → "A1:C2". */
export function mergeToA1(merge: sheets_v4.Schema$GridRange, rowCount: number, columnCount: number): string | undefined {
  const top = merge.startRowIndex ?? 0;
  const left = merge.startColumnIndex ?? 0;
  const bottom = (merge.endRowIndex ?? rowCount) - 1;
  const right = (merge.endColumnIndex ?? columnCount) - 1;
  if (bottom < top || right < left) return undefined;
  return `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
}

/**
 * Builds the same WorkbookGrid the Excel reader produces from one spreadsheets.get and one
 * values.batchGet (UNFORMATTED_VALUE, SERIAL_NUMBER). Dates stay serial numbers, which the date
 * parser reads like Excel's (Sheets counts from 1899-12-30 too). Pure.
 */
export function spreadsheetToGrid(meta: sheets_v4.Schema$Spreadsheet, valueRanges: sheets_v4.Schema$ValueRange[]): WorkbookGrid {
  const sheets: SheetGrid[] = gridSheets(meta).map((sheet, index) => {
    const props = sheet.properties ?? {};
    const valueRange = valueRanges[index];
    const origin = rangeOrigin(valueRange?.range);
    const rows: (Cell | null)[][] = [];
    (valueRange?.values ?? []).forEach((values, r) => {
      const cells: (Cell | null)[] = [];
      (values ?? []).forEach((value, c) => {
        const cell = toCell(value);
        if (cell) cells[origin.col + c] = cell;
      });
      rows[origin.row + r] = cells;
    });
    for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
    const rowCount = props.gridProperties?.rowCount ?? rows.length;
    const columnCount = props.gridProperties?.columnCount ?? Math.max(0, ...rows.map((row) => row.length));
    const merges = (sheet.merges ?? []).map((m) => mergeToA1(m, rowCount, columnCount)).filter((m): m is string => m !== undefined);
    return { name: props.title ?? `Sheet${index + 1}`, hidden: props.hidden === true, rows, merges };
  });
  return { format: 'google', date1904: false, sheets };
}
