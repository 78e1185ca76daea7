import ExcelJS from 'exceljs';
import type { Cell, CellValue, SheetGrid, WorkbookGrid } from '../../model/grid.js';
import { hiddenRowIndexes, isDateFormat, setHidden } from './xlsx-common.js';

type ExcelCell = ExcelJS.Cell;

function richTextToString(value: { richText: { text: string }[] }): string {
  return value.richText.map((part) => part.text).join('');
}

/**
 * A date cell, or what Excel shows for a serial number past its calendar ("########"): exceljs turns
 * such serials into an Invalid Date, which would throw wherever the date is formatted.
 */
function validDate(base: Cell, date: Date): Cell {
  return Number.isNaN(date.getTime()) ? { ...base, value: '########' } : { ...base, value: date, isDate: true };
}

/** Converts one exceljs cell to our plain cell; merge slaves become empty (their master holds the value). */
function toCell(cell: ExcelCell): Cell | null {
  const type = cell.type;
  if (type === ExcelJS.ValueType.Null || type === ExcelJS.ValueType.Merge) return null;
  const raw = cell.value as unknown;
  const font = cell.font?.name;
  const base: Cell = { value: null };
  if (font) base.font = font;

  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    const out: Cell = { ...base, value: raw };
    if (isDateFormat(cell.numFmt)) out.isDate = true;
    return out;
  }
  if (typeof raw === 'string' || typeof raw === 'boolean') return { ...base, value: raw };
  if (raw instanceof Date) return validDate(base, raw);
  if (typeof raw === 'object') {
    const obj = raw as Record<string, unknown>;
    if ('richText' in obj && Array.isArray(obj.richText)) {
      return { ...base, value: richTextToString(obj as { richText: { text: string }[] }) };
    }
    if ('error' in obj && typeof obj.error === 'string') return { ...base, value: null, error: obj.error };
    if ('formula' in obj || 'sharedFormula' in obj) {
      const formula = String(obj.formula ?? obj.sharedFormula ?? '');
      // cell.value drops a cached result of 0, FALSE or ""; cell.result keeps it.
      const result = (obj.result ?? (cell as unknown as { result?: unknown }).result) as unknown;
      let value: CellValue = null;
      const out: Cell = { ...base, value, formula };
      if (result && typeof result === 'object' && 'error' in result) {
        out.error = String((result as { error: unknown }).error);
      } else if (result instanceof Date) {
        Object.assign(out, validDate(out, result));
      } else if (typeof result === 'number' || typeof result === 'string' || typeof result === 'boolean') {
        value = result;
        out.value = value;
        if (typeof result === 'number' && isDateFormat(cell.numFmt)) out.isDate = true;
      } else if (result && typeof result === 'object' && 'richText' in result) {
        out.value = richTextToString(result as { richText: { text: string }[] });
      }
      return out;
    }
    if ('text' in obj) {
      // Hyperlink cell: keep its visible text.
      const text = obj.text;
      return { ...base, value: typeof text === 'string' ? text : text && typeof text === 'object' && 'richText' in text ? richTextToString(text as { richText: { text: string }[] }) : String(text ?? '') };
    }
    // An empty shared string (<si/>) arrives as an object with nothing in it.
    return { ...base, value: '' };
  }
  return { ...base, value: String(raw) };
}

/** Merged ranges that exceljs applied; read from the private index because `ws.model` re-serialises every row. */
function appliedMerges(ws: ExcelJS.Worksheet): string[] {
  const index = (ws as unknown as { _merges?: Record<string, { range: string }> })._merges ?? {};
  return Object.values(index).map((merge) => merge.range);
}

function toSheet(ws: ExcelJS.Worksheet, merges: readonly string[] = appliedMerges(ws)): SheetGrid {
  const rows: (Cell | null)[][] = [];
  // Read before the rows are let go below; rows without values count too (clipped to the grid later).
  const hiddenRows = ((ws as unknown as { _rows?: (ExcelJS.Row | undefined)[] })._rows ?? []).flatMap((row, r) => (row?.hidden ? [r] : []));
  const hiddenColumns = ((ws as unknown as { _columns?: ExcelJS.Column[] | null })._columns ?? []).flatMap((column, c) => (column.hidden ? [c] : []));
  // Each exceljs row is let go once converted, so a big sheet is not held twice at its peak.
  const exceljsRows = (ws as unknown as { _rows?: unknown[] })._rows;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (Cell | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const converted = toCell(cell);
      if (converted) cells[colNumber - 1] = converted;
    });
    rows[rowNumber - 1] = cells;
    if (exceljsRows) exceljsRows[rowNumber - 1] = undefined;
  });
  // Fill holes so consumers can index safely.
  for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
  const sheet: SheetGrid = { name: ws.name, hidden: ws.state !== 'visible', rows, merges: merges.slice() };
  // Columns are clipped to the widest row once merged cells are cleared (clipHiddenColumns).
  setHidden(sheet, hiddenRowIndexes(hiddenRows, rows.length), hiddenColumns.length > 0 ? hiddenColumns : undefined);
  return sheet;
}

/**
 * Turns a loaded exceljs workbook into a grid. `mergesOf` supplies a sheet's merged ranges when the
 * caller read them itself (exceljs's own merge bookkeeping is quadratic in the number of merges).
 */
export function workbookToGrid(
  workbook: ExcelJS.Workbook,
  mergesOf?: (ws: ExcelJS.Worksheet) => readonly string[] | undefined,
): WorkbookGrid {
  const props = workbook.properties as unknown as { date1904?: boolean };
  return {
    format: 'xlsx',
    date1904: Boolean(props.date1904),
    sheets: workbook.worksheets.map((ws) => toSheet(ws, mergesOf?.(ws) ?? appliedMerges(ws))),
  };
}

