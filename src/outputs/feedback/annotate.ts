/**
 * The submitter's own workbook with its problems marked: each problem cell filled (light red for
 * errors, yellow for warnings) with a note carrying the message and what to do, and a sheet
 * "Kiểm tra" listing every problem. Works on bytes in memory: the original file is never touched.
 */
import ExcelJS from 'exceljs';
import type { WorkbookGrid } from '../../model/grid.js';
import type { Severity } from '../../model/issue.js';
import { SEVERITY_LABELS } from '../../format/issue-messages.js';
import type { FeedbackEntry } from './entries.js';

export const CHECK_SHEET = 'Kiểm tra';

/** Fill colours (ARGB): Excel's own "bad" light red and "neutral" yellow. */
export const FILLS: Readonly<Record<Exclude<Severity, 'info'>, string>> = {
  error: 'FFFFC7CE',
  warning: 'FFFFEB9C',
};

/** Tab colour of the check sheet (ARGB). */
export const CHECK_TAB_COLOR = 'FFC00000';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The most serious severity among a cell's problems. */
export function worstSeverity(entries: readonly FeedbackEntry[]): Severity {
  return entries.reduce((w, e) => (RANK[e.severity] < RANK[w] ? e.severity : w), 'info' as Severity);
}

/** A cell's note: each problem, then what to do. */
export function noteText(entries: readonly FeedbackEntry[]): string {
  return entries.map((e) => `${SEVERITY_LABELS[e.severity]}: ${e.message}\nCách sửa: ${e.hint}`).join('\n\n');
}

/** Sheet names are at most 31 characters and unique; the check sheet must not replace a user's sheet. */
export function freeSheetName(names: readonly string[]): string {
  const taken = new Set(names.map((name) => name.toLocaleLowerCase('vi')));
  if (!taken.has(CHECK_SHEET.toLocaleLowerCase('vi'))) return CHECK_SHEET;
  for (let n = 2; ; n++) {
    const name = `${CHECK_SHEET} (${n})`;
    if (!taken.has(name.toLocaleLowerCase('vi'))) return name;
  }
}

/** Columns of the check sheet. */
export const CHECK_COLUMNS = [
  { header: 'STT', key: 'stt', width: 6 },
  { header: 'Mức độ', key: 'severity', width: 11 },
  { header: 'Trang tính', key: 'sheet', width: 18 },
  { header: 'Ô', key: 'cell', width: 8 },
  { header: 'Vấn đề', key: 'problem', width: 70 },
  { header: 'Cách sửa', key: 'action', width: 55 },
] as const;

/** One line of the check sheet, by column key. */
export function checkRow(e: FeedbackEntry, index: number): Record<(typeof CHECK_COLUMNS)[number]['key'], string | number> {
  return {
    stt: index + 1,
    severity: SEVERITY_LABELS[e.severity],
    sheet: e.sheet ?? '',
    cell: e.cell ?? (e.row !== undefined ? `dòng ${e.row}` : ''),
    problem: e.message,
    action: e.hint,
  };
}

/** What the colours mean, beside the list (on screen) and in the printed page header. */
export const LEGEND: readonly { severity: Exclude<Severity, 'info'>; text: string }[] = [
  { severity: 'error', text: 'Lỗi: phải sửa' },
  { severity: 'warning', text: 'Cảnh báo: nên kiểm tra lại' },
];
export const LEGEND_TEXT = `Chú giải màu: đỏ nhạt = ${LEGEND[0]!.text.toLowerCase()}; vàng = ${LEGEND[1]!.text.toLowerCase()}`;

function addLegend(sheet: ExcelJS.Worksheet): void {
  sheet.getColumn('H').width = 30;
  sheet.getCell('H1').value = 'Chú giải màu';
  sheet.getCell('H1').font = { bold: true };
  LEGEND.forEach((item, i) => {
    const cell = sheet.getCell(`H${i + 2}`);
    cell.value = item.text;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[item.severity] } };
    cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  });
}

/** Groups the problems that have a cell by sheet and cell, in first-seen order. */
export function entriesByCell(entries: readonly FeedbackEntry[]): Map<string, FeedbackEntry[]> {
  const byCell = new Map<string, FeedbackEntry[]>();
  for (const e of entries) {
    if (!e.sheet || !e.cell) continue;
    const key = `${e.sheet}\u0000${e.cell}`;
    const list = byCell.get(key);
    if (list) list.push(e);
    else byCell.set(key, [e]);
  }
  return byCell;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Marks the cells and adds the check sheet to an already loaded workbook. */
function markWorkbook(wb: ExcelJS.Workbook, entries: readonly FeedbackEntry[]): void {
  for (const list of entriesByCell(entries).values()) {
    const first = list[0]!;
    const ws = wb.getWorksheet(first.sheet!);
    if (!ws) continue;
    const cell = ws.getCell(first.cell!);
    const worst = worstSeverity(list);
    if (worst !== 'info') cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[worst] } };
    const existing = typeof cell.note === 'string' ? cell.note : cell.note?.texts?.map((t) => t.text).join('') ?? '';
    const text = noteText(list);
    cell.note = existing ? `${existing}\n\n${text}` : text;
  }

  const sheet = wb.addWorksheet(freeSheetName(wb.worksheets.map((w) => w.name)), { properties: { tabColor: { argb: CHECK_TAB_COLOR } } });
  sheet.columns = CHECK_COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  entries.forEach((e, i) => {
    const row = sheet.addRow(checkRow(e, i));
    if (e.sheet && e.cell && wb.getWorksheet(e.sheet)) {
      row.getCell('cell').value = { text: e.cell, hyperlink: `#${quoteSheet(e.sheet)}!${e.cell}` };
    }
    row.alignment = { vertical: 'top', wrapText: true };
    if (e.severity !== 'info') row.getCell('severity').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[e.severity] } };
  });
  addLegend(sheet);
  // Printed for the submitter: A4 landscape, one page wide, the header row on every page.
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddHeader: `&L${LEGEND_TEXT}`, oddFooter: '&CTrang &P/&N' };
  // Open on the list of problems.
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: wb.worksheets.indexOf(sheet), visibility: 'visible' }];
}

/** A copy of an .xlsx (its bytes) with the problems marked. */
export async function annotateXlsx(bytes: Buffer, entries: readonly FeedbackEntry[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  markWorkbook(wb, entries);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Control characters (NUL, BEL… from a CSV exported by another system) cannot be stored in a
 * workbook's XML, and Excel refuses the whole file: shown as their visible pictures (␀, ␇) instead.
 */
function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

/** A new workbook from a grid (CSV, converted .xls/.ods) with the problems marked. */
export async function annotateGrid(grid: WorkbookGrid, entries: readonly FeedbackEntry[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const sheetGrid of grid.sheets) {
    const ws = wb.addWorksheet(sheetGrid.name.slice(0, 31) || 'Sheet1', sheetGrid.hidden ? { state: 'hidden' } : {});
    sheetGrid.rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        if (!cell || cell.value === null) return;
        const value = typeof cell.value === 'string' ? visibleControls(cell.value) : cell.value;
        ws.getCell(r + 1, c + 1).value = cell.formula ? { formula: cell.formula, result: value as never } : value;
      });
    });
    for (const range of sheetGrid.merges) {
      try {
        ws.mergeCells(range);
      } catch {
        // An overlapping merge in a converted file is only cosmetic here.
      }
    }
  }
  markWorkbook(wb, entries);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
