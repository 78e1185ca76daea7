import { cellAddress, type Cell, type SheetGrid } from '../model/grid.js';
import type { Donation, DonorCategory, MoneyStatus } from '../model/record.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import { clipText, PRINTED_NAME_LIMIT } from '../format/text.js';
import { parseAmount } from './amount.js';
import { categoryFromText, defaultCategory, DEFAULT_STATUS, STATUS_LABELS, statusFromCell } from './categories.js';
import { anonymousFromText, type Field } from './columns.js';
import { parseDateCell } from './dates.js';
import { cellText, isColumnNumberRow, type AmountColumn, type HeaderLayout, type sheetWindow } from './header.js';
import { moneyParts, type RowAmount } from './money-parts.js';
import { rowProvenance } from './row-provenance.js';
import {
  anyAmountCell,
  cellOf,
  firstFilled,
  firstText,
  footerTextAnywhere,
  isFooterText,
  isGroupMarker,
  isHeadingText,
  isNumberLike,
  isExactTotalLabel,
  isRepeatedHeader,
  locate,
  nonEmptyCount,
  rowHasValue,
  textOf,
  totalKind,
  totalLabelAnywhere,
  type TotalKind,
} from './row-kinds.js';
import type { UnitKind } from '../model/config.js';

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
  /** Money status of rows whose list states none (config `status`). @default 'unstated' */
  defaultStatus?: MoneyStatus | undefined;
};

/** What one table yielded: its donations and issues, and what its totals and amounts looked like. */
export type TableRead = {
  donations: Donation[];
  issues: Issue[];
  donors: number;
  amount: number;
  /** Every donor row's money, for the plausibility check of the unit of measure. */
  rowAmounts: number[];
  /** Distinct donor names seen (aggregate lists name each agency once). */
  names: string[];
  /** The list's own grand total, when it states one. */
  statedTotal?: { amount: number; cell: string };
};

type Row = (Cell | null)[];

const NUMBER_WORDS = /(^|\s)(một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|trăm|nghìn|ngàn|triệu|tỷ|đồng)(\s|$)/iu;

/**
 * Reads the rows under a header: skips title, blank, heading, total and signature rows, checks
 * totals against the rows above, reads amounts and collects every problem as a located issue.
 */
export function readRows(
  sheet: SheetGrid,
  date1904: boolean,
  ctx: SourceContext,
  layout: HeaderLayout,
  window: ReturnType<typeof sheetWindow>,
  where: Location,
): TableRead {
  const out: TableRead = { donations: [], issues: [], donors: 0, amount: 0, rowAmounts: [], names: [] };
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
  const anonymousCol = col('anonymous');
  const amountCols = layout.amountColumns;
  const moneyCols = new Set(amountCols.map((a) => a.col));
  const labelCols = [sttCol, ...nameCols, window.left].filter((c): c is number => c !== undefined);
  const fallbackStatus: MoneyStatus = ctx.defaultStatus ?? DEFAULT_STATUS;

  let start = layout.lastRow + 1;
  if (start <= window.bottom && isColumnNumberRow(sheet, start, window)) start++;

  let tableSum = 0;
  let sectionSum = 0;
  // Rows behind each sum: a look-alike name whose amount merely repeats the one donor above is no total.
  let tableRows = 0;
  let sectionRows = 0;
  // After a total or a signature line, until the next donor: rows without money are not donors.
  let closed = false;

  for (let r = start; r <= window.bottom; r++) {
    const row = sheet.rows[r];
    if (!row || row.length === 0 || !rowHasValue(row, window)) continue;
    if (isRepeatedHeader(row, layout)) continue;
    const rowNo = r + 1;
    const nameCol = firstFilled(row, nameCols) ?? nameCols[0]!;
    const name = textOf(row, nameCol);
    const sttText = textOf(row, sttCol);
    const numbered = isNumberLike(cellOf(row, sttCol));

    // Totals and subtotals: checked against the rows above, never counted as donors.
    let label = firstText(row, labelCols, true);
    let kind: TotalKind | undefined = numbered ? undefined : totalKind(label);
    if (!kind && !numbered && !name) {
      const anywhere = totalLabelAnywhere(row, window, moneyCols);
      if (anywhere) ({ label, kind } = anywhere);
    }
    const stated = kind ? statedTotal(row, amountCols) : undefined;
    // "Tổng đội 3", "Cộng đồng dân cư …": a name that begins with a total's word is a total only when
    // its figure is the sum of the rows above (or it has none); otherwise it is a donor without STT.
    const sumsAbove = (stated?.amount ?? 0) > 0 && ((stated?.amount === sectionSum && sectionRows > 1) || (stated?.amount === tableSum && tableRows > 1));
    if (kind && stated && !isExactTotalLabel(label) && !sumsAbove) kind = undefined;
    if (kind) {
      if (stated) {
        const expected = kind === 'sub' ? sectionSum : tableSum;
        // A "Cộng" at the end of a list often means the whole list: agreeing with it is agreement.
        const agrees = stated.amount === expected || (kind === 'sub' && stated.amount === tableSum);
        if (!agrees) {
          out.issues.push(makeIssue('TOTAL_MISMATCH', locate(where, r, stated.col), { label, stated: stated.amount, computed: expected, difference: stated.amount - expected }));
        }
        if (kind === 'grand') out.statedTotal = { amount: stated.amount, cell: cellAddress(r, stated.col) };
      }
      if (kind !== 'running') {
        sectionSum = 0;
        sectionRows = 0;
      }
      closed = true;
      continue;
    }

    if (!anyAmountCell(row, amountCols)) {
      if (!name || isFooterText(name) || isFooterText(label) || footerTextAnywhere(row, window)) {
        if (footerTextAnywhere(row, window)) closed = true;
        continue;
      }
      const heading = isHeadingText(name) || isHeadingText(label) || isGroupMarker(sttText) || nonEmptyCount(row, window) === 1;
      if (heading && !numbered) {
        sectionSum = 0;
        sectionRows = 0;
        continue;
      }
      if (closed && !numbered) continue;
      out.issues.push(makeIssue('AMOUNT_MISSING', locate(where, r, amountCols[0]!.col), { name }));
      continue;
    }

    // Read every amount cell of the row.
    const amounts: RowAmount[] = [];
    const problems: Issue[] = [];
    let textOnly = true;
    for (const { col: c, status, role, scale } of amountCols) {
      const cell = cellOf(row, c);
      if (!cell || (cell.value === null && !cell.error && !cell.formula)) continue;
      if (cell.error) {
        problems.push(makeIssue('CELL_ERROR_VALUE', locate(where, r, c), { value: cell.error }));
        textOnly = false;
        continue;
      }
      if (cell.value === null && cell.formula) {
        problems.push(makeIssue('FORMULA_NO_VALUE', locate(where, r, c), { formula: cell.formula }));
        textOnly = false;
        continue;
      }
      if (typeof cell.value === 'string' && cell.value.trim() === '') continue;
      // A title or a signer's name may stand in the money column; "hai trăm nghìn" is money in words.
      if (typeof cell.value !== 'string' || /\d/.test(cell.value) || NUMBER_WORDS.test(cell.value)) {
        textOnly = textOnly && typeof cell.value === 'string' && isFooterText(cell.value);
      }
      const parsed = parseAmount(cell, scale);
      if (!parsed.ok) {
        problems.push(makeIssue(parsed.code, locate(where, r, c), { value: parsed.value }));
        continue;
      }
      amounts.push({ status, role, amount: parsed.amount, col: c });
    }
    // Signature blocks put titles, names and "…, ngày … tháng …" in the amount column.
    if (amounts.length === 0 && textOnly && (closed || footerTextAnywhere(row, window)) && !numbered) {
      closed = true;
      continue;
    }
    if (problems.length) {
      out.issues.push(...problems);
      continue;
    }
    if (amounts.length === 0) {
      if (name && !closed) out.issues.push(makeIssue('AMOUNT_MISSING', locate(where, r, amountCols[0]!.col), { name }));
      continue;
    }
    const statusText = textOf(row, statusCol);
    const money = moneyParts(amounts, (statusText ? statusFromCell(statusText) : undefined) ?? fallbackStatus);
    if (!name) {
      // A lone figure under the table with no label is a hand-written total or a note.
      if (closed) continue;
      out.issues.push(makeIssue('NAME_MISSING', locate(where, r, nameCol), { amount: money.total }));
      continue;
    }
    if (money.total === 0) {
      out.issues.push(makeIssue('AMOUNT_ZERO', locate(where, r, amounts[0]!.col), { name }));
      continue;
    }
    if (money.totalMismatch) {
      const { col: c, stated } = money.totalMismatch;
      out.issues.push(makeIssue('ROW_TOTAL_MISMATCH', locate(where, r, c), { name, stated, computed: money.total, difference: stated - money.total }));
    }
    // Printed names are cut at the limit (certificates, letters, lists): say so on the row.
    const nameLength = name.length > PRINTED_NAME_LIMIT ? Array.from(name).length : 0;
    if (nameLength > PRINTED_NAME_LIMIT) {
      const at = locate(where, r, nameCol);
      out.issues.push(makeIssue('NAME_TOO_LONG', at, { cell: at.cell ?? '', length: nameLength, limit: PRINTED_NAME_LIMIT, start: clipText(name, 40) }));
    }
    closed = false;
    pushDonations(out, { sheet, row, r, rowNo, name, nameCol, ctx, where, fallbackStatus, date1904, cols: { categoryCol, statusCol, dateCol, noteCol, headcountCol, participantsCol, anonymousCol, addressCols } }, money.parts);
    tableSum += money.total;
    sectionSum += money.total;
    tableRows += 1;
    sectionRows += 1;
    out.donors += 1;
    out.amount += money.total;
    out.rowAmounts.push(money.total);
    out.names.push(name);
  }
  return out;
}

type RowContext = {
  sheet: SheetGrid;
  row: Row;
  r: number;
  rowNo: number;
  name: string;
  nameCol: number;
  ctx: SourceContext;
  where: Location;
  fallbackStatus: MoneyStatus;
  date1904: boolean;
  cols: {
    categoryCol: number | undefined;
    statusCol: number | undefined;
    dateCol: number | undefined;
    noteCol: number | undefined;
    headcountCol: number | undefined;
    participantsCol: number | undefined;
    anonymousCol: number | undefined;
    addressCols: readonly number[];
  };
};

/** Category, status, date, address, note and counts of one donor row; one donation per money part. */
function pushDonations(out: TableRead, x: RowContext, parts: { status: MoneyStatus; amount: number; col: number }[]): void {
  const { row, r, ctx, where, cols } = x;
  let category: DonorCategory = defaultCategory(ctx.unitKind);
  // Field → column of the cells this row was read from, in the order its provenance lists them.
  const cells: [string, number][] = [['name', x.nameCol]];
  const categoryText = textOf(row, cols.categoryCol);
  if (cols.categoryCol !== undefined && categoryText) {
    cells.push(['category', cols.categoryCol]);
    const found = categoryFromText(categoryText);
    if (found) category = found;
    else {
      category = 'other';
      out.issues.push(makeIssue('CATEGORY_UNKNOWN', locate(where, r, cols.categoryCol), { value: categoryText }));
    }
  }
  const statusText = textOf(row, cols.statusCol);
  if (cols.statusCol !== undefined && statusText) {
    cells.push(['status', cols.statusCol]);
    if (!statusFromCell(statusText)) out.issues.push(makeIssue('STATUS_UNKNOWN', locate(where, r, cols.statusCol), { value: statusText, fallback: STATUS_LABELS[x.fallbackStatus] }));
  }
  let date: string | undefined;
  const dateCell = cellOf(row, cols.dateCol);
  if (cols.dateCol !== undefined && dateCell && dateCell.value !== null && cellText(dateCell) !== '') {
    cells.push(['date', cols.dateCol]);
    date = parseDateCell(dateCell, x.date1904);
    if (!date) out.issues.push(makeIssue('DATE_INVALID', locate(where, r, cols.dateCol), { value: cellText(dateCell) }));
  }
  const addressCol = cols.addressCols.find((c) => textOf(row, c) !== '');
  const address = addressCol === undefined ? '' : textOf(row, addressCol);
  if (addressCol !== undefined) cells.push(['address', addressCol]);
  const note = textOf(row, cols.noteCol);
  const headcount = readCount(cellOf(row, cols.headcountCol));
  const participants = readCount(cellOf(row, cols.participantsCol));
  if (cols.headcountCol !== undefined && headcount !== undefined) cells.push(['headcount', cols.headcountCol]);
  if (cols.participantsCol !== undefined && participants !== undefined) cells.push(['participants', cols.participantsCol]);
  const anonymous = cols.anonymousCol !== undefined && anonymousFromText(textOf(row, cols.anonymousCol));
  if (anonymous) cells.push(['anonymous', cols.anonymousCol!]);

  let first = true;
  for (const part of parts) {
    const donation: Donation = {
      unitId: ctx.unitId,
      name: x.name,
      category,
      status: part.status,
      amount: part.amount,
      provenance: rowProvenance(ctx.source, x.sheet.name, x.rowNo, [...cells, ['amount', part.col]], ctx.sha256),
    };
    if (address) donation.address = address;
    if (date) donation.date = date;
    if (note) donation.note = note;
    if (anonymous) donation.anonymous = true;
    // Counts of people belong to the row, so only its first money part carries them.
    if (first && headcount !== undefined) donation.headcount = headcount;
    if (first && participants !== undefined) donation.participants = participants;
    first = false;
    out.donations.push(donation);
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

/** The figure a total row states, added up the way a donor row's money columns are. */
function statedTotal(row: Row, amountCols: readonly AmountColumn[]): { amount: number; col: number } | undefined {
  const amounts: RowAmount[] = [];
  for (const { col, scale, role, status } of amountCols) {
    const cell = row[col];
    if (!cell || cell.value === null) continue;
    const parsed = parseAmount(cell, scale);
    if (parsed.ok) amounts.push({ status, role, amount: parsed.amount, col });
  }
  if (amounts.length === 0) return undefined;
  return { amount: moneyParts(amounts, 'unstated').total, col: amounts[amounts.length - 1]!.col };
}
