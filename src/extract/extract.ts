import { cellAddress, columnLetter, type Cell, type SheetGrid, type WorkbookGrid } from '../model/grid.js';
import type { Donation, DonorCategory, MoneyStatus } from '../model/record.js';
import type { UnitKind } from '../model/config.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import { parseAmount } from './amount.js';
import { categoryFromText, defaultCategory, DEFAULT_STATUS, statusFromCell } from './categories.js';
import { FIELD_LABELS, REQUIRED_FIELDS, type AliasTable, type Field } from './columns.js';
import { parseDateCell } from './dates.js';
import {
  cellText,
  describeLabels,
  detectHeader,
  firstCellsPreview,
  isColumnNumberRow,
  sheetWindow,
  type AmountColumn,
  type HeaderLayout,
} from './header.js';

/** Where the grid came from: copied into every record's provenance and every issue's location. */
export type SourceContext = {
  unitId: string;
  unitKind: UnitKind;
  /** Display path (or URL) of the source. */
  source: string;
  sha256: string;
  /** Read only this sheet / range (from the config). */
  sheet?: string | undefined;
  range?: string | undefined;
};

export type SheetOutcome = {
  sheet: string;
  hidden: boolean;
  outcome: 'read' | 'summary' | 'no-header' | 'hidden' | 'empty' | 'missing-column';
  /** 1-based header rows, when a header was found. */
  headerRows?: [number, number];
  /** Field → column letter, when a header was found. */
  columns?: Record<string, string>;
  donors: number;
  amount: number;
};

export type Extraction = { donations: Donation[]; issues: Issue[]; sheets: SheetOutcome[] };

/**
 * Turns a grid into donation records: finds each sheet's donor table, skips title, blank, heading,
 * total and signature rows, reads amounts and collects every problem as a located issue.
 * Pure: same grid in, same records out.
 */
export function extractDonations(grid: WorkbookGrid, ctx: SourceContext, aliases: AliasTable): Extraction {
  const result: Extraction = { donations: [], issues: [], sheets: [] };
  let sheets = grid.sheets;
  if (ctx.sheet) {
    sheets = grid.sheets.filter((s) => s.name === ctx.sheet);
    if (sheets.length === 0) {
      result.issues.push(
        makeIssue('SHEET_NOT_FOUND', { unitId: ctx.unitId, source: ctx.source }, {
          sheet: ctx.sheet,
          seen: grid.sheets.map((s) => `"${s.name}"`).join(', '),
        }),
      );
      return result;
    }
  }
  for (const sheet of sheets) extractSheet(sheet, grid.date1904, ctx, aliases, result, sheets.length === 1);
  if (!result.sheets.some((s) => s.outcome === 'read' || s.outcome === 'missing-column') && !result.issues.some((i) => i.code === 'SHEET_NOT_FOUND')) {
    result.issues.push(makeIssue('SOURCE_NO_DATA', { unitId: ctx.unitId, source: ctx.source }));
  }
  return result;
}

function isEmptySheet(sheet: SheetGrid): boolean {
  return sheet.rows.every((row) => row.every((cell) => cellText(cell) === ''));
}

function extractSheet(
  sheet: SheetGrid,
  date1904: boolean,
  ctx: SourceContext,
  aliases: AliasTable,
  result: Extraction,
  onlySheet: boolean,
): void {
  const where: Location = { unitId: ctx.unitId, source: ctx.source, sheet: sheet.name };
  const outcome: SheetOutcome = { sheet: sheet.name, hidden: sheet.hidden, outcome: 'empty', donors: 0, amount: 0 };
  result.sheets.push(outcome);
  if (isEmptySheet(sheet)) return;
  const window = sheetWindow(sheet, ctx.range);
  const layout = detectHeader(sheet, aliases, window);
  const hasDonorTable = Boolean(layout?.columns.name && layout.columns.amount);

  if (sheet.hidden && !onlySheet) {
    outcome.outcome = 'hidden';
    result.issues.push(
      makeIssue(hasDonorTable ? 'SHEET_HIDDEN_SKIPPED' : 'SHEET_HIDDEN', where, { sheet: sheet.name }),
    );
    return;
  }
  if (!layout) {
    outcome.outcome = 'no-header';
    result.issues.push(makeIssue('SHEET_NO_HEADER', where, { sheet: sheet.name, seen: firstCellsPreview(sheet, window) }));
    return;
  }
  outcome.headerRows = [layout.firstRow + 1, layout.lastRow + 1];
  outcome.columns = Object.fromEntries(
    Object.entries(layout.columns).map(([field, cols]) => [field, columnLetter(cols[0]!)]),
  );
  if (!layout.columns.name && layout.columns.amount) {
    // Amounts without names: a summary of other sheets or of hamlets; counting it would double count.
    outcome.outcome = 'summary';
    result.issues.push(makeIssue('SHEET_SUMMARY_SKIPPED', { ...where, row: layout.lastRow + 1 }, { sheet: sheet.name }));
    return;
  }
  const missing = REQUIRED_FIELDS.filter((field) => !layout.columns[field]);
  if (missing.length) {
    outcome.outcome = 'missing-column';
    for (const field of missing) {
      result.issues.push(
        makeIssue('COLUMN_MISSING', { ...where, row: layout.lastRow + 1 }, { column: FIELD_LABELS[field], seen: describeLabels(layout) }),
      );
    }
    return;
  }
  outcome.outcome = 'read';
  readRows(sheet, date1904, ctx, layout, window, where, result, outcome);
}

const GRAND_TOTAL = /^(tổng cộng|tổng số|tổng|cộng tổng|tong cong|tong so|tong)(\b|\s|:|$)/u;
const SUBTOTAL = /^(cộng trang|cộng|cong trang|cong)(\b|\s|:|$)/u;
const ROMAN_HEADING = /^([IVXLC]+|[A-Z]|\d+(\.\d+)*)[.)]\s+\S/u;
const FOOTER_WORDS =
  /^(người lập|nguoi lap|tm\.|t\/m|tm |chủ tịch|chu tich|xác nhận|xac nhan|kế toán|ke toan|thủ quỹ|thu quy|trưởng ban|truong ban|phó chủ tịch|ghi chú|ghi chu|lưu ý|luu y|bằng chữ|bang chu|\(ký|ký tên|ky ten|\(ky|.*ngày .* tháng .* năm)/u;

/** A label is a total only in its exact words: "Tống Văn A" (a surname) is a donor, "Tổng cộng:" is not. */
function totalKind(label: string): 'grand' | 'sub' | undefined {
  const text = label.normalize('NFC').toLowerCase().trim();
  if (!text) return undefined;
  const ascii = !/[^\x00-\x7f]/.test(text);
  const rest = (re: RegExp): string => text.replace(re, '').replace(/[():.\-–]/g, ' ').trim();
  if (GRAND_TOTAL.test(text)) {
    // Without diacritics, "tong" could be the surname Tống: accept only the bare keyword.
    if (ascii && rest(GRAND_TOTAL) !== '' && !/^cong\b/.test(text.replace(/^tong\s+/, ''))) return undefined;
    return 'grand';
  }
  if (SUBTOTAL.test(text)) {
    if (ascii && rest(SUBTOTAL) !== '') return undefined;
    return 'sub';
  }
  return undefined;
}

function isNumberLike(cell: Cell | null | undefined): boolean {
  if (!cell) return false;
  if (typeof cell.value === 'number') return true;
  return typeof cell.value === 'string' && /^\d{1,6}\.?$/.test(cell.value.trim());
}

function readRows(
  sheet: SheetGrid,
  date1904: boolean,
  ctx: SourceContext,
  layout: HeaderLayout,
  window: ReturnType<typeof sheetWindow>,
  where: Location,
  result: Extraction,
  outcome: SheetOutcome,
): void {
  const col = (field: Field): number | undefined => layout.columns[field]?.[0];
  const nameCols = layout.columns.name ?? [];
  const addressCols = layout.columns.address ?? [];
  const sttCol = col('stt');
  const categoryCol = col('category');
  const statusCol = col('status');
  const dateCol = col('date');
  const noteCol = col('note');
  const headcountCol = col('headcount');
  const participantsCol = col('participants');
  const amountCols = layout.amountColumns;
  const labelCols = [sttCol, ...nameCols, window.left].filter((c): c is number => c !== undefined);

  let start = layout.lastRow + 1;
  if (start <= window.bottom && isColumnNumberRow(sheet, start, window)) start++;

  let tableSum = 0;
  let sectionSum = 0;
  let afterGrandTotal = false;

  for (let r = start; r <= window.bottom; r++) {
    const row = sheet.rows[r];
    if (!row || row.length === 0) continue;
    if (!rowHasValue(row, window)) continue;

    if (isRepeatedHeader(row, layout)) continue;
    const rowNo = r + 1;
    const label = firstText(row, labelCols, true);
    const nameCol = firstFilled(row, nameCols) ?? nameCols[0]!;
    const name = textOf(row, nameCol);
    const hasAmountCell = anyAmountCell(row, amountCols);

    // Totals and subtotals: checked against the rows above, never counted as donors.
    const kind = isNumberLike(cellOf(row, sttCol)) ? undefined : totalKind(label);
    if (kind) {
      const stated = statedTotal(amountCols.map(({ col: c, scale }) => ({ cell: cellOf(row, c), scale })));
      const computed = kind === 'grand' ? tableSum : sectionSum;
      if (stated !== undefined && stated !== computed) {
        const c = amountCols[amountCols.length - 1]!.col;
        result.issues.push(
          makeIssue('TOTAL_MISMATCH', locate(where, r, c), {
            label,
            stated,
            computed,
            difference: stated - computed,
          }),
        );
      }
      sectionSum = 0;
      if (kind === 'grand') afterGrandTotal = true;
      continue;
    }

    if (!hasAmountCell) {
      if (!name || FOOTER_WORDS.test(name.toLowerCase()) || FOOTER_WORDS.test(label.toLowerCase())) continue;
      const heading = ROMAN_HEADING.test(name) || ROMAN_HEADING.test(label) || nonEmptyCount(row, window) === 1;
      if (heading && !isNumberLike(cellOf(row, sttCol))) {
        sectionSum = 0;
        continue;
      }
      if (afterGrandTotal && !isNumberLike(cellOf(row, sttCol))) continue;
      result.issues.push(makeIssue('AMOUNT_MISSING', locate(where, r, amountCols[0]!.col), { name }));
      continue;
    }

    // Read every amount cell of the row.
    const amounts: { status: MoneyStatus | undefined; amount: number; col: number }[] = [];
    let rowFailed = false;
    for (const { col: c, status, scale } of amountCols) {
      const cell = cellOf(row, c);
      if (!cell || (cell.value === null && !cell.error && !cell.formula)) continue;
      if (cell.error) {
        result.issues.push(makeIssue('CELL_ERROR_VALUE', locate(where, r, c), { value: cell.error }));
        rowFailed = true;
        continue;
      }
      if (cell.value === null && cell.formula) {
        result.issues.push(makeIssue('FORMULA_NO_VALUE', locate(where, r, c), { formula: cell.formula }));
        rowFailed = true;
        continue;
      }
      if (typeof cell.value === 'string' && cell.value.trim() === '') continue;
      const parsed = parseAmount(cell, scale);
      // Signature blocks below the total put titles, names and "…, ngày … tháng …" in the amount column.
      if (!parsed.ok && afterGrandTotal && typeof cell.value === 'string') continue;
      if (!parsed.ok) {
        result.issues.push(makeIssue(parsed.code, locate(where, r, c), { value: parsed.value }));
        rowFailed = true;
        continue;
      }
      amounts.push({ status, amount: parsed.amount, col: c });
    }
    if (rowFailed) continue;
    if (amounts.length === 0) {
      if (name && !afterGrandTotal) result.issues.push(makeIssue('AMOUNT_MISSING', locate(where, r, amountCols[0]!.col), { name }));
      continue;
    }
    const rowTotal = Math.max(...amounts.map((a) => a.amount));
    if (!name) {
      // A lone figure under the table with no label is a hand-written total or a note.
      if (afterGrandTotal) continue;
      result.issues.push(makeIssue('NAME_MISSING', locate(where, r, nameCol), { amount: rowTotal }));
      continue;
    }
    if (amounts.every((a) => a.amount === 0)) {
      result.issues.push(makeIssue('AMOUNT_ZERO', locate(where, r, amounts[0]!.col), { name }));
      continue;
    }

    // Category, status, date, address, note.
    let category: DonorCategory = defaultCategory(ctx.unitKind);
    const cells: Record<string, string> = { name: cellAddress(r, nameCol) };
    const categoryText = textOf(row, categoryCol);
    if (categoryCol !== undefined && categoryText) {
      cells.category = cellAddress(r, categoryCol);
      const found = categoryFromText(categoryText);
      if (found) category = found;
      else {
        category = 'other';
        result.issues.push(makeIssue('CATEGORY_UNKNOWN', locate(where, r, categoryCol), { value: categoryText }));
      }
    }
    let rowStatus: MoneyStatus = DEFAULT_STATUS;
    const statusText = textOf(row, statusCol);
    if (statusCol !== undefined && statusText) {
      cells.status = cellAddress(r, statusCol);
      const found = statusFromCell(statusText);
      if (found) rowStatus = found;
      else result.issues.push(makeIssue('STATUS_UNKNOWN', locate(where, r, statusCol), { value: statusText }));
    }
    let date: string | undefined;
    const dateCell = cellOf(row, dateCol);
    if (dateCol !== undefined && dateCell && dateCell.value !== null && cellText(dateCell) !== '') {
      cells.date = cellAddress(r, dateCol);
      date = parseDateCell(dateCell, date1904);
      if (!date) result.issues.push(makeIssue('DATE_INVALID', locate(where, r, dateCol), { value: cellText(dateCell) }));
    }
    const addressCol = addressCols.find((c) => textOf(row, c) !== '');
    const address = addressCol === undefined ? '' : textOf(row, addressCol);
    if (addressCol !== undefined) cells.address = cellAddress(r, addressCol);
    const note = textOf(row, noteCol);
    const headcount = readCount(cellOf(row, headcountCol));
    const participants = readCount(cellOf(row, participantsCol));
    if (headcountCol !== undefined && headcount !== undefined) cells.headcount = cellAddress(r, headcountCol);
    if (participantsCol !== undefined && participants !== undefined) cells.participants = cellAddress(r, participantsCol);

    let first = true;
    for (const part of splitByStatus(amounts, rowStatus)) {
      const donation: Donation = {
        unitId: ctx.unitId,
        name,
        category,
        status: part.status,
        amount: part.amount,
        provenance: {
          source: ctx.source,
          sheet: sheet.name,
          row: rowNo,
          cells: { ...cells, amount: cellAddress(r, part.col) },
          sha256: ctx.sha256,
        },
      };
      if (address) donation.address = address;
      if (date) donation.date = date;
      if (note) donation.note = note;
      // Counts of people belong to the row, so only its first money part carries them.
      if (first && headcount !== undefined) donation.headcount = headcount;
      if (first && participants !== undefined) donation.participants = participants;
      first = false;
      result.donations.push(donation);
    }
    tableSum += rowTotal;
    sectionSum += rowTotal;
    outcome.donors += 1;
    outcome.amount += rowTotal;
  }
}

/** A count of people: a whole number in a cell, or digits typed as text. */
function readCount(cell: Cell | null | undefined): number | undefined {
  if (!cell) return undefined;
  if (typeof cell.value === 'number') return Number.isInteger(cell.value) && cell.value >= 0 ? cell.value : undefined;
  if (typeof cell.value === 'string') {
    const digits = cell.value.trim().replace(/[.,\s](?=\d{3}\b)/g, '');
    return /^\d+$/.test(digits) ? Number(digits) : undefined;
  }
  return undefined;
}

/** A header printed again inside the list (page breaks in printed lists). */
function isRepeatedHeader(row: (Cell | null)[], layout: HeaderLayout): boolean {
  // Cheap test first: a repeated header has its name column's label in the name column.
  const nameCol = layout.columns.name?.[0];
  if (nameCol !== undefined) {
    const cell = row[nameCol];
    if (!cell || typeof cell.value !== 'string' || !(layout.labels.get(nameCol) ?? '').endsWith(cellText(cell))) return false;
  }
  let same = 0;
  for (const [col, label] of layout.labels) {
    const text = cellText(row[col]);
    if (text && label.endsWith(text)) same++;
  }
  return same >= 2 && same >= Math.min(3, layout.labels.size);
}

function cellOf(row: (Cell | null)[], c: number | undefined): Cell | null | undefined {
  return c === undefined ? undefined : row[c];
}

function textOf(row: (Cell | null)[], c: number | undefined): string {
  return c === undefined ? '' : cellText(row[c]);
}

/** The exact place of a cell, for an issue. */
function locate(where: Location, r: number, c: number): Location {
  return { ...where, row: r + 1, column: columnLetter(c), cell: cellAddress(r, c) };
}

function rowHasValue(row: (Cell | null)[], window: { left: number; right: number }): boolean {
  for (let c = window.left; c <= window.right; c++) {
    const cell = row[c];
    if (cell && (cell.value !== null || cell.error || cell.formula)) return true;
  }
  return false;
}

/** First non-empty text among the columns (skipping bare row numbers when asked). */
function firstText(row: (Cell | null)[], cols: readonly number[], skipNumbers: boolean): string {
  for (const c of cols) {
    const t = cellText(row[c]);
    if (t !== '' && !(skipNumbers && /^\d+\.?$/.test(t))) return t;
  }
  return '';
}

function firstFilled(row: (Cell | null)[], cols: readonly number[]): number | undefined {
  for (const c of cols) if (cellText(row[c]) !== '') return c;
  return undefined;
}

function anyAmountCell(row: (Cell | null)[], amountCols: readonly AmountColumn[]): boolean {
  for (const { col } of amountCols) {
    const cell = row[col];
    if (cell && (cell.value !== null || cell.error || cell.formula)) return true;
  }
  return false;
}

function nonEmptyCount(row: (Cell | null)[], window: { left: number; right: number }): number {
  let n = 0;
  for (let c = window.left; c <= window.right; c++) if (cellText(row[c]) !== '') n++;
  return n;
}

function statedTotal(cells: { cell: Cell | null | undefined; scale: number }[]): number | undefined {
  let best: number | undefined;
  for (const { cell, scale } of cells) {
    if (!cell || cell.value === null) continue;
    const parsed = parseAmount(cell, scale);
    if (parsed.ok) best = best === undefined ? parsed.amount : Math.max(best, parsed.amount);
  }
  return best;
}

/**
 * Several amount columns on one row. Columns naming a money status are stages of the same money
 * (pledged ⊇ collected ⊇ paid ⊇ transferred), so each stage gets only what the later stage lacks;
 * columns without a status are separate sums (cash, transfer) and all count.
 */
function splitByStatus(
  amounts: { status: MoneyStatus | undefined; amount: number; col: number }[],
  rowStatus: MoneyStatus,
): { status: MoneyStatus; amount: number; col: number }[] {
  // The usual row: one amount column naming no stage.
  if (amounts.length === 1 && amounts[0]!.status === undefined) {
    const only = amounts[0]!;
    return only.amount > 0 ? [{ status: rowStatus, amount: only.amount, col: only.col }] : [];
  }
  const plain = amounts.filter((a) => a.status === undefined).map((a) => ({ ...a, status: rowStatus }));
  const staged = amounts
    .filter((a): a is { status: MoneyStatus; amount: number; col: number } => a.status !== undefined)
    .sort((a, b) => STAGE.indexOf(b.status) - STAGE.indexOf(a.status));
  const parts = plain.filter((a) => a.amount > 0);
  let covered = 0;
  for (const stage of staged) {
    const extra = stage.amount - covered;
    if (extra > 0) parts.push({ ...stage, amount: extra });
    covered = Math.max(covered, stage.amount);
  }
  return parts;
}

const STAGE: MoneyStatus[] = ['pledged', 'collected', 'paid', 'transferred'];
