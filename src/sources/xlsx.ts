import ExcelJS from 'exceljs';
import type { Cell, CellValue, SheetGrid, WorkbookGrid } from '../core/grid.js';

type ExcelCell = ExcelJS.Cell;

/** Date number formats: any format with d/m/y tokens outside quotes and brackets. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const stripped = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmy]/i.test(stripped) && !/^[#0.,\s%]*$/.test(stripped);
}

function richTextToString(value: { richText: { text: string }[] }): string {
  return value.richText.map((part) => part.text).join('');
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
  if (raw instanceof Date) return { ...base, value: raw, isDate: true };
  if (typeof raw === 'object') {
    const obj = raw as Record<string, unknown>;
    if ('richText' in obj && Array.isArray(obj.richText)) {
      return { ...base, value: richTextToString(obj as { richText: { text: string }[] }) };
    }
    if ('error' in obj && typeof obj.error === 'string') return { ...base, value: null, error: obj.error };
    if ('formula' in obj || 'sharedFormula' in obj) {
      const formula = String(obj.formula ?? obj.sharedFormula ?? '');
      const result = obj.result as unknown;
      let value: CellValue = null;
      const out: Cell = { ...base, value, formula };
      if (result && typeof result === 'object' && 'error' in result) {
        out.error = String((result as { error: unknown }).error);
      } else if (result instanceof Date) {
        out.value = result;
        out.isDate = true;
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
  }
  return { ...base, value: String(raw) };
}

function toSheet(ws: ExcelJS.Worksheet): SheetGrid {
  const rows: (Cell | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (Cell | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const converted = toCell(cell);
      if (converted) cells[colNumber - 1] = converted;
    });
    rows[rowNumber - 1] = cells;
  });
  // Fill holes so consumers can index safely.
  for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
  const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).slice();
  return { name: ws.name, hidden: ws.state !== 'visible', rows, merges };
}

/** Reads an .xlsx/.xlsm workbook's bytes into a grid of plain cells. Throws on unreadable input. */
export async function readXlsxGrid(bytes: Buffer): Promise<WorkbookGrid> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const props = workbook.properties as unknown as { date1904?: boolean };
  return {
    format: 'xlsx',
    date1904: Boolean(props.date1904),
    sheets: workbook.worksheets.map(toSheet),
  };
}
