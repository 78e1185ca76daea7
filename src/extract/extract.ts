import { cellAddress, columnLetter, type SheetGrid, type WorkbookGrid } from '../model/grid.js';
import type { Donation } from '../model/record.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import { aggregateLayout, checkSummary } from './aggregate.js';
import { FIELD_LABELS, REQUIRED_FIELDS, type AliasTable } from './columns.js';
import { cellText, describeLabels, detectHeader, firstCellsPreview, sheetWindow, type HeaderLayout } from './header.js';
import { guessColumns, guessHeaderRow } from './header-guess.js';
import { hiddenLineIssues } from './hidden-lines.js';
import { readRows, type SourceContext, type TableRead } from './read-rows.js';
import { conflictingUnit, declaredUnit, implausibleUnit } from './unit-of-measure.js';

export type { SourceContext } from './read-rows.js';

type SheetOutcome = {
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

type Window = ReturnType<typeof sheetWindow>;
/** A sheet whose table has amounts but no donor names: agencies, branches, hamlets — or a summary. */
type Pending = { sheet: SheetGrid; layout: HeaderLayout; window: Window; where: Location; outcome: SheetOutcome };

/**
 * Turns a grid into donation records: finds each sheet's donor table, skips title, blank, heading,
 * total and signature rows, reads amounts and collects every problem as a located issue. A table
 * of agencies or hamlets is read as aggregate rows, unless detail sheets of the same workbook
 * account for it (then it is a summary, checked against them). Pure: same grid in, same records out.
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
  const pending: Pending[] = [];
  for (const sheet of sheets) {
    const found = extractSheet(sheet, grid.date1904, ctx, aliases, result, sheets.length === 1);
    if (found) pending.push(found);
  }
  const details = result.sheets.filter((s) => s.outcome === 'read');
  for (const p of pending) {
    const read = readTable(p.sheet, grid.date1904, ctx, p.layout, p.window, p.where);
    if (details.length > 0) {
      // Detail sheets are the list; the summary only checks them.
      p.outcome.outcome = 'summary';
      const at = read.statedTotal?.cell ?? cellAddress(p.layout.lastRow, p.layout.amountColumns[0]!.col);
      result.issues.push(checkSummary(p.where, p.sheet.name, at, p.layout.lastRow + 1, read, details));
      continue;
    }
    if (new Set(read.names).size < read.names.length) {
      // Repeated labels are not one row per agency: a donor list whose name column is unknown.
      p.outcome.outcome = 'missing-column';
      result.issues.push(missingColumnIssue(p.sheet, p.layout, p.window, p.where, 'name'));
      continue;
    }
    p.outcome.columns = { ...p.outcome.columns, name: columnLetter(p.layout.columns.name![0]!) };
    result.issues.push(
      makeIssue('SHEET_AGGREGATE_READ', { ...p.where, row: p.layout.lastRow + 1 }, { sheet: p.sheet.name, column: p.layout.labels.get(p.layout.columns.name![0]!) ?? '', rows: read.donors }),
    );
    keep(result, p.outcome, read);
  }
  // Summary and aggregate sheets were settled last; list issues in sheet order all the same.
  const order = new Map(sheets.map((s, i) => [s.name, i]));
  result.issues.sort((a, b) => (order.get(a.location.sheet ?? '') ?? -1) - (order.get(b.location.sheet ?? '') ?? -1));
  if (!result.sheets.some((s) => s.outcome === 'read' || s.outcome === 'missing-column') && !result.issues.some((i) => i.code === 'SHEET_NOT_FOUND' || i.code === 'HEADER_UNKNOWN')) {
    result.issues.push(makeIssue('SOURCE_NO_DATA', { unitId: ctx.unitId, source: ctx.source }));
  }
  return result;
}

function isEmptySheet(sheet: SheetGrid): boolean {
  return sheet.rows.every((row) => row.every((cell) => cellText(cell) === ''));
}

function extractSheet(sheet: SheetGrid, date1904: boolean, ctx: SourceContext, aliases: AliasTable, result: Extraction, onlySheet: boolean): Pending | undefined {
  const where: Location = { unitId: ctx.unitId, source: ctx.source, sheet: sheet.name };
  const outcome: SheetOutcome = { sheet: sheet.name, hidden: sheet.hidden, outcome: 'empty', donors: 0, amount: 0 };
  result.sheets.push(outcome);
  if (isEmptySheet(sheet)) return undefined;
  const window = sheetWindow(sheet, ctx.range);
  const layout = detectHeader(sheet, aliases, window);
  const hasDonorTable = Boolean(layout?.columns.name && layout.columns.amount);

  if (sheet.hidden && !onlySheet) {
    outcome.outcome = 'hidden';
    result.issues.push(makeIssue(hasDonorTable ? 'SHEET_HIDDEN_SKIPPED' : 'SHEET_HIDDEN', where, { sheet: sheet.name }));
    return undefined;
  }
  if (!layout) {
    outcome.outcome = 'no-header';
    result.issues.push(noHeaderIssue(sheet, window, where));
    return undefined;
  }
  outcome.headerRows = [layout.firstRow + 1, layout.lastRow + 1];
  outcome.columns = Object.fromEntries(Object.entries(layout.columns).map(([field, cols]) => [field, columnLetter(cols[0]!)]));
  if (!layout.columns.name && layout.columns.amount) {
    const aggregate = aggregateLayout(layout);
    if (aggregate) {
      return { sheet, layout: aggregate, window, where, outcome };
    }
  }
  const missing = REQUIRED_FIELDS.filter((field) => !layout.columns[field]);
  if (missing.length) {
    outcome.outcome = 'missing-column';
    for (const field of missing) result.issues.push(missingColumnIssue(sheet, layout, window, where, field));
    return undefined;
  }
  keep(result, outcome, readTable(sheet, date1904, ctx, layout, window, where));
  return undefined;
}

/** Reads one table with the unit of measure it declares, and checks that its amounts are plausible. */
function readTable(sheet: SheetGrid, date1904: boolean, ctx: SourceContext, layout: HeaderLayout, window: Window, where: Location): TableRead {
  const unit = declaredUnit(sheet, layout, window);
  const scaled: HeaderLayout = unit
    ? { ...layout, amountColumns: layout.amountColumns.map((a) => (a.scaleDeclared ? a : { ...a, scale: unit.scale, scaleDeclared: true })) }
    : layout;
  const read = readRows(sheet, date1904, ctx, scaled, window, where);
  const col = scaled.amountColumns[0]!.col;
  const at = { ...where, row: layout.lastRow + 1, column: columnLetter(col), cell: cellAddress(layout.lastRow, col) };
  const suspect = !scaled.amountColumns.some((a) => a.scaleDeclared)
    ? implausibleUnit(read.rowAmounts, at, sheet.name)
    : unit && !layout.amountColumns.some((a) => a.scaleDeclared)
      ? conflictingUnit(read.rowAmounts, unit, at, sheet.name)
      : undefined;
  if (suspect) read.issues.push(suspect);
  read.issues.push(...hiddenLineIssues(sheet, layout, read, where));
  return read;
}

function keep(result: Extraction, outcome: SheetOutcome, read: TableRead): void {
  outcome.outcome = 'read';
  outcome.donors = read.donors;
  outcome.amount = read.amount;
  result.donations.push(...read.donations);
  result.issues.push(...read.issues);
}

function missingColumnIssue(sheet: SheetGrid, layout: HeaderLayout, window: Window, where: Location, field: 'name' | 'amount'): Issue {
  const { name: _aggregateLabel, ...known } = layout.columns;
  const guess = guessColumns(sheet, layout.lastRow, layout.labels, field === 'name' ? known : layout.columns, window);
  return makeIssue('COLUMN_MISSING', { ...where, row: layout.lastRow + 1 }, {
    column: FIELD_LABELS[field],
    seen: describeLabels(layout),
    alias: guess?.alias ? guess.alias : `columns: { ${field}: ["<tên cột trong tệp>"] }`,
  });
}

/** A sheet with no header it knows: say which labels it saw and what to add, when it looks like a list. */
function noHeaderIssue(sheet: SheetGrid, window: Window, where: Location): Issue {
  const header = guessHeaderRow(sheet, window);
  const guess = header && guessColumns(sheet, header.row, header.labels, {}, window);
  if (header && guess?.fields.amount !== undefined) {
    return makeIssue('HEADER_UNKNOWN', { ...where, row: header.row + 1 }, { sheet: sheet.name, seen: guess.seen, alias: guess.alias });
  }
  return makeIssue('SHEET_NO_HEADER', where, { sheet: sheet.name, seen: firstCellsPreview(sheet, window) });
}
