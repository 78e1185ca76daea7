/**
 * phu-luc-tong-hop.xlsx: the report's annexes as a workbook the next level can check and re-use.
 * "Biểu 01" (by unit, grouped, subtotals) and "Biểu 02" (by donor category). Totals, percentages and
 * subtotals are live formulas with their cached results, so Excel shows them at once, a figure
 * corrected by hand updates every total, and a reader (ours included) that takes cached values gets
 * the right numbers. The next level reads "Biểu 01" as one submission (README: Annex for the next level).
 */
import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { CampaignConfig } from '../model/config.js';
import type { Consolidation, UnitSummary } from '../model/consolidation.js';
import { DonorCategorySchema } from '../model/record.js';
import { OutputError } from '../errors/errors.js';
import { formatDateLong } from '../format/date.js';
import { CATEGORY_LABELS } from '../extract/categories.js';

export const ANNEX_FILE = 'phu-luc-tong-hop.xlsx';
export const ANNEX_SHEETS = { units: 'Biểu 01', categories: 'Biểu 02' } as const;

const MONEY = '#,##0';
const PERCENT = '0.0%';
const FONT = 'Times New Roman';
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

type AnnexOptions = {
  /** ISO date of the report the annex goes with. */
  readonly reportDate: string;
  /** More sheets after Biểu 02 (the bank reconciliation, …), given the workbook and the caption. */
  readonly sheets?: readonly ((wb: ExcelJS.Workbook, caption: string) => void)[];
};

/** Columns of Biểu 01 (A…M), in the order of the report's annex table. */
const UNIT_COLUMNS = [
  { key: 'stt', width: 6 },
  { key: 'name', width: 34 },
  { key: 'target', width: 15 },
  { key: 'cbccvc', width: 14 },
  { key: 'business', width: 14 },
  { key: 'philanthropist', width: 14 },
  { key: 'resident', width: 14 },
  { key: 'other', width: 13 },
  { key: 'total', width: 16 },
  { key: 'percent', width: 10 },
  { key: 'paid', width: 15 },
  { key: 'unpaid', width: 15 },
  { key: 'note', width: 18 },
] as const;
type UnitColumnKey = (typeof UNIT_COLUMNS)[number]['key'];
const COL = Object.fromEntries(UNIT_COLUMNS.map((c, i) => [c.key, String.fromCharCode(65 + i)])) as Record<UnitColumnKey, string>;
/** Columns whose subtotal and grand total are SUMs over the unit rows. */
const SUMMED = ['target', 'cbccvc', 'business', 'philanthropist', 'resident', 'other', 'total', 'paid', 'unpaid'] as const satisfies readonly UnitColumnKey[];
const LAST_COL = COL.note;

type Figures = { target: number | undefined; cbccvc: number; business: number; philanthropist: number; resident: number; other: number; paid: number; unpaid: number };

function unitFigures(u: UnitSummary): Figures {
  const c = u.byCategory;
  return {
    target: u.target,
    cbccvc: c.cbccvc.amount,
    business: c.business.amount,
    philanthropist: c.philanthropist.amount + c.overseas.amount,
    resident: c.resident.amount,
    other: c['armed-forces'].amount + c.organisation.amount + c.other.amount,
    paid: u.byStatus.paid + u.byStatus.transferred,
    // Known to be owed; money whose list states no status is neither paid nor unpaid ("chưa rõ").
    unpaid: u.byStatus.pledged + u.byStatus.collected,
  };
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function styleRow(ws: ExcelJS.Worksheet, row: number, lastCol: string, font: Partial<ExcelJS.Font>): void {
  const last = ws.getColumn(lastCol).number;
  for (let c = 1; c <= last; c++) {
    const cell = ws.getRow(row).getCell(c);
    cell.border = THIN;
    cell.font = { name: FONT, size: 11, ...font };
    cell.alignment = { vertical: 'middle', wrapText: true, ...(cell.alignment ?? {}) };
  }
}

/** Title block above a table: label at the right, title, subject, caption, unit of measure. */
export function titleRows(ws: ExcelJS.Worksheet, lastCol: string, label: string, title: string, subject: string, caption: string): number {
  const merged = (row: number, text: string, font: Partial<ExcelJS.Font>, align: ExcelJS.Alignment['horizontal'] = 'center', from = 'A'): void => {
    ws.mergeCells(`${from}${row}:${lastCol}${row}`);
    const cell = ws.getCell(`${from}${row}`);
    cell.value = text;
    cell.font = { name: FONT, size: 12, ...font };
    cell.alignment = { horizontal: align, vertical: 'middle', wrapText: true };
  };
  const labelFrom = String.fromCharCode(lastCol.charCodeAt(0) - 2);
  merged(1, label, { bold: true }, 'right', labelFrom);
  merged(2, title, { bold: true, size: 14 });
  merged(3, subject, { bold: true });
  merged(4, caption, { italic: true });
  merged(5, 'Đơn vị tính: đồng', { italic: true, size: 11 }, 'right', labelFrom);
  ws.getRow(3).height = 32;
  return 6;
}

export function pageSetup(ws: ExcelJS.Worksheet, titleRowsRange: string): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    // Inches; ND30 landscape annex: top (binding side) 25 mm, others 15–20 mm.
    margins: { top: 0.98, bottom: 0.59, left: 0.79, right: 0.59, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRowsRange,
  };
  ws.headerFooter = { oddFooter: '&C&"Times New Roman"&11&P/&N' };
}

/** "(Kèm theo Báo cáo số 62/BC-MTTQ-BTT ngày 05 tháng 10 năm 2023)" */
export function annexCaption(config: CampaignConfig, reportDate: string): string {
  const kind = config.report.kind.trim().toLocaleLowerCase('vi');
  return `(Kèm theo ${kind.charAt(0).toLocaleUpperCase('vi')}${kind.slice(1)} số ${config.report.number} ${formatDateLong(reportDate)})`;
}

function unitSheet(wb: ExcelJS.Workbook, config: CampaignConfig, consolidation: Consolidation, caption: string): void {
  const ws = wb.addWorksheet(ANNEX_SHEETS.units, { properties: { defaultRowHeight: 18 } });
  ws.columns = UNIT_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const headerTop = titleRows(ws, LAST_COL, 'Biểu 01', 'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐƠN VỊ', config.campaign.title, caption);

  // Two-row header, merged like the printed annex.
  const h1 = headerTop;
  const h2 = headerTop + 1;
  const spanBoth: [UnitColumnKey, string][] = [
    ['stt', 'STT'],
    ['name', 'Đơn vị'],
    ['target', 'Chỉ tiêu'],
    ['percent', 'Tỷ lệ % so với chỉ tiêu'],
    ['note', 'Ghi chú'],
  ];
  for (const [key, text] of spanBoth) {
    ws.mergeCells(`${COL[key]}${h1}:${COL[key]}${h2}`);
    ws.getCell(`${COL[key]}${h1}`).value = text;
  }
  ws.mergeCells(`${COL.cbccvc}${h1}:${COL.total}${h1}`);
  ws.getCell(`${COL.cbccvc}${h1}`).value = 'Kết quả vận động';
  // Not "Tình hình nộp": that phrase names a status column for readers of this file.
  ws.mergeCells(`${COL.paid}${h1}:${COL.unpaid}${h1}`);
  ws.getCell(`${COL.paid}${h1}`).value = 'Nộp về cấp trên';
  const sub: [UnitColumnKey, string][] = [
    ['cbccvc', 'CBCCVC (01 ngày công)'],
    ['business', 'Doanh nghiệp'],
    ['philanthropist', 'Nhà hảo tâm, kiều bào'],
    ['resident', 'Nhân dân'],
    ['other', 'Khác'],
    ['total', 'Tổng cộng'],
    ['paid', 'Đã nộp'],
    ['unpaid', 'Chưa nộp'],
  ];
  for (const [key, text] of sub) ws.getCell(`${COL[key]}${h2}`).value = text;
  for (const r of [h1, h2]) {
    styleRow(ws, r, LAST_COL, { bold: true });
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  }
  ws.getRow(h2).height = 45;
  const numbers = h2 + 1;
  UNIT_COLUMNS.forEach((_, i) => {
    ws.getRow(numbers).getCell(i + 1).value = `(${i + 1})`;
  });
  styleRow(ws, numbers, LAST_COL, { italic: true, size: 10 });
  ws.getRow(numbers).eachCell({ includeEmpty: true }, (cell) => {
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });

  const byId = new Map(consolidation.units.map((u) => [u.id, u]));
  let r = numbers + 1;
  const unitRanges: string[] = [];
  const grand = { target: 0, cbccvc: 0, business: 0, philanthropist: 0, resident: 0, other: 0, total: 0, paid: 0, unpaid: 0 };
  let groupIndex = 0;
  for (const group of consolidation.groups) {
    if (group.unitIds.length === 0) continue;
    // One merged cell "I. Các xã, thị trấn": a heading to people and to readers of this file.
    ws.mergeCells(`A${r}:${LAST_COL}${r}`);
    ws.getCell(`A${r}`).value = `${ROMAN[groupIndex] ?? groupIndex + 1}. ${group.label}`;
    styleRow(ws, r, LAST_COL, { bold: true });
    groupIndex++;
    r++;
    const first = r;
    const sums = { target: 0, cbccvc: 0, business: 0, philanthropist: 0, resident: 0, other: 0, total: 0, paid: 0, unpaid: 0 };
    group.unitIds.forEach((id, i) => {
      const unit = byId.get(id)!;
      const f = unitFigures(unit);
      const row = ws.getRow(r);
      row.getCell(COL.stt).value = i + 1;
      row.getCell(COL.name).value = unit.name;
      if (f.target !== undefined) row.getCell(COL.target).value = f.target;
      for (const key of ['cbccvc', 'business', 'philanthropist', 'resident', 'other', 'paid', 'unpaid'] as const) {
        if (f[key] !== 0) row.getCell(COL[key]).value = f[key];
      }
      const total = f.cbccvc + f.business + f.philanthropist + f.resident + f.other;
      row.getCell(COL.total).value = { formula: `SUM(${COL.cbccvc}${r}:${COL.other}${r})`, result: total };
      row.getCell(COL.percent).value = {
        formula: `IF(N(${COL.target}${r})>0,${COL.total}${r}/${COL.target}${r},"")`,
        result: f.target ? total / f.target : '',
      };
      const note = unit.status === 'missing' ? 'Chưa báo cáo' : unit.status === 'failed' ? 'Tệp lỗi, chưa đọc được' : '';
      if (note) row.getCell(COL.note).value = note;
      styleRow(ws, r, LAST_COL, {});
      sums.target += f.target ?? 0;
      for (const key of ['cbccvc', 'business', 'philanthropist', 'resident', 'other', 'paid', 'unpaid'] as const) sums[key] += f[key];
      sums.total += total;
      r++;
    });
    const last = r - 1;
    unitRanges.push(`${first}:${last}`);
    const row = ws.getRow(r);
    row.getCell(COL.name).value = 'Cộng';
    for (const key of SUMMED) row.getCell(COL[key]).value = { formula: `SUM(${COL[key]}${first}:${COL[key]}${last})`, result: sums[key] };
    row.getCell(COL.percent).value = {
      formula: `IF(N(${COL.target}${r})>0,${COL.total}${r}/${COL.target}${r},"")`,
      result: sums.target > 0 ? sums.total / sums.target : '',
    };
    styleRow(ws, r, LAST_COL, { bold: true });
    row.getCell(COL.name).alignment = { horizontal: 'center', vertical: 'middle' };
    for (const key of SUMMED) grand[key] += sums[key];
    r++;
  }
  const row = ws.getRow(r);
  row.getCell(COL.name).value = 'Tổng cộng';
  for (const key of SUMMED) {
    const ranges = unitRanges.map((range) => {
      const [a, b] = range.split(':');
      return `${COL[key]}${a}:${COL[key]}${b}`;
    });
    row.getCell(COL[key]).value = { formula: `SUM(${ranges.join(',')})`, result: grand[key] };
  }
  row.getCell(COL.percent).value = {
    formula: `IF(N(${COL.target}${r})>0,${COL.total}${r}/${COL.target}${r},"")`,
    result: grand.target > 0 ? grand.total / grand.target : '',
  };
  styleRow(ws, r, LAST_COL, { bold: true });
  row.getCell(COL.name).alignment = { horizontal: 'center', vertical: 'middle' };

  for (const key of SUMMED) ws.getColumn(COL[key]).numFmt = MONEY;
  ws.getColumn(COL.percent).numFmt = PERCENT;
  for (let i = numbers + 1; i <= r; i++) {
    for (const key of [...SUMMED, 'percent'] as const) {
      const cell = ws.getCell(`${COL[key]}${i}`);
      cell.numFmt = key === 'percent' ? PERCENT : MONEY;
      cell.alignment = { horizontal: 'right', vertical: 'middle' };
    }
    ws.getCell(`${COL.stt}${i}`).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: numbers, topLeftCell: `C${numbers + 1}`, activeCell: `C${numbers + 1}` }];
  pageSetup(ws, `${h1}:${numbers}`);
}

function categorySheet(wb: ExcelJS.Workbook, config: CampaignConfig, consolidation: Consolidation, caption: string): void {
  const ws = wb.addWorksheet(ANNEX_SHEETS.categories, { properties: { defaultRowHeight: 18 } });
  ws.columns = [{ width: 6 }, { width: 52 }, { width: 16 }, { width: 20 }, { width: 12 }];
  const top = titleRows(ws, 'E', 'Biểu 02', 'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐỐI TƯỢNG ỦNG HỘ', config.campaign.title, caption);
  const headers = ['STT', 'Đối tượng ủng hộ', 'Số lượt ủng hộ', 'Số tiền (đồng)', 'Tỷ lệ (%)'];
  headers.forEach((text, i) => {
    ws.getRow(top).getCell(i + 1).value = text;
    ws.getRow(top + 1).getCell(i + 1).value = `(${i + 1})`;
  });
  styleRow(ws, top, 'E', { bold: true });
  styleRow(ws, top + 1, 'E', { italic: true, size: 10 });
  for (const r of [top, top + 1]) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  }
  const { totals } = consolidation;
  const categories = DonorCategorySchema.options.filter((c) => totals.byCategory[c].amount > 0);
  const first = top + 2;
  const last = first + categories.length - 1;
  const totalRow = last + 1;
  categories.forEach((cat, i) => {
    const r = first + i;
    const row = ws.getRow(r);
    row.getCell(1).value = i + 1;
    row.getCell(2).value = CATEGORY_LABELS[cat];
    row.getCell(3).value = totals.byCategory[cat].donors;
    row.getCell(4).value = totals.byCategory[cat].amount;
    row.getCell(5).value = { formula: `IF(D$${totalRow}>0,D${r}/D$${totalRow},"")`, result: totals.amount > 0 ? totals.byCategory[cat].amount / totals.amount : '' };
    styleRow(ws, r, 'E', {});
  });
  const row = ws.getRow(totalRow);
  row.getCell(2).value = 'Tổng cộng';
  const donors = categories.reduce((n, c) => n + totals.byCategory[c].donors, 0);
  row.getCell(3).value = categories.length ? { formula: `SUM(C${first}:C${last})`, result: donors } : 0;
  row.getCell(4).value = categories.length ? { formula: `SUM(D${first}:D${last})`, result: totals.amount } : 0;
  row.getCell(5).value = { formula: `IF(D${totalRow}>0,D${totalRow}/D${totalRow},"")`, result: totals.amount > 0 ? 1 : '' };
  styleRow(ws, totalRow, 'E', { bold: true });
  row.getCell(2).alignment = { horizontal: 'center', vertical: 'middle' };
  for (let r = first; r <= totalRow; r++) {
    ws.getCell(`A${r}`).alignment = { horizontal: 'center', vertical: 'middle' };
    for (const [c, fmt] of [['C', MONEY], ['D', MONEY], ['E', PERCENT]] as const) {
      ws.getCell(`${c}${r}`).numFmt = fmt;
      ws.getCell(`${c}${r}`).alignment = { horizontal: 'right', vertical: 'middle' };
    }
  }
  ws.views = [{ state: 'frozen', ySplit: top + 1, topLeftCell: `A${top + 2}`, activeCell: `A${top + 2}` }];
  pageSetup(ws, `${top}:${top + 1}`);
}

/** The annex workbook, built in memory (pure apart from exceljs objects). */
export function buildAnnexWorkbook(config: CampaignConfig, consolidation: Consolidation, options: AnnexOptions): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tonghop';
  wb.title = `Phụ lục ${config.report.kind.toLocaleLowerCase('vi')} số ${config.report.number}`;
  // Fixed, so the same data gives the same workbook.
  wb.created = new Date(`${options.reportDate}T00:00:00Z`);
  wb.modified = wb.created;
  // Ask Excel/LibreOffice to recompute on open: the cached results are ours, the formulas are the truth.
  wb.calcProperties = { fullCalcOnLoad: true };
  const caption = annexCaption(config, options.reportDate);
  unitSheet(wb, config, consolidation, caption);
  categorySheet(wb, config, consolidation, caption);
  for (const sheet of options.sheets ?? []) sheet(wb, caption);
  return wb;
}

/** Writes the annex workbook to `file` (temporary file + rename: never half a workbook). */
export async function writeAnnexXlsx(file: string, config: CampaignConfig, consolidation: Consolidation, options: AnnexOptions): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await buildAnnexWorkbook(config, consolidation, options).xlsx.writeFile(tmp);
    await rename(tmp, file);
  } catch (cause) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OutputError('WRITE_FAILED', { file, reason: (cause as Error).message }, { cause });
  }
}
