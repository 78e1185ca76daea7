import { makeIssue, type Issue, type Location } from '../model/issue.js';
import type { SourceOutcome } from '../model/source.js';
import type { Field } from './columns.js';
import type { HeaderLayout } from './header.js';
import type { TableRead } from './read-rows.js';

/** Fields that never label an aggregate row. */
const NOT_A_LABEL: ReadonlySet<Field> = new Set(['stt', 'amount', 'headcount', 'participants', 'date', 'note', 'status', 'anonymous']);

/**
 * A table with amounts but no name column, whose rows are labelled by an "Đơn vị", "Chi hội",
 * "Thôn" column (or the first column no known field claims): read with that column as the name.
 */
export function aggregateLayout(layout: HeaderLayout): HeaderLayout | undefined {
  const claimed = new Set<number>();
  for (const [field, cols] of Object.entries(layout.columns) as [Field, number[]][]) if (NOT_A_LABEL.has(field)) cols.forEach((c) => claimed.add(c));
  const labelCol =
    layout.columns.address?.[0] ??
    layout.columns.category?.[0] ??
    [...layout.labels.keys()].sort((a, b) => a - b).find((c) => !claimed.has(c) && !Object.values(layout.columns).some((cols) => cols?.includes(c)));
  if (labelCol === undefined) return undefined;
  const columns = { ...layout.columns, name: [labelCol] };
  columns.address = (layout.columns.address ?? []).filter((c) => c !== labelCol);
  if (columns.address.length === 0) delete columns.address;
  if (columns.category?.includes(labelCol)) delete columns.category;
  return { ...layout, columns };
}

/**
 * A summary sheet beside detail sheets is not counted; its total is checked against theirs. A
 * disagreement is a warning at the summary's total cell (the details are what is counted).
 */
export function checkSummary(
  where: Location,
  sheet: string,
  cell: string,
  headerRow: number,
  summary: Pick<TableRead, 'amount' | 'statedTotal'>,
  details: readonly { sheet: string; amount: number }[]): Issue {
  const stated = summary.statedTotal?.amount ?? summary.amount;
  const counted = details.reduce((n, d) => n + d.amount, 0);
  const at = { ...where, cell, column: cell.replace(/\d+$/, ''), row: Number(cell.replace(/^[A-Z]+/, '')) };
  if (stated === counted) return makeIssue('SHEET_SUMMARY_SKIPPED', { ...where, row: headerRow }, { sheet });
  return makeIssue('SUMMARY_MISMATCH', at, {
    sheet,
    stated,
    computed: counted,
    difference: stated - counted,
    details: details.map((d) => `"${d.sheet}"`).join(', '),
  });
}

type Analysed = { outcome: SourceOutcome; issues: Issue[] };

/**
 * A unit that sends a summary file (read as aggregate rows) beside files of detail rows: the
 * summary is not counted — it would count the same money twice — and is checked against them.
 * Returns settled copies; the per-source analyses (snapshots) stay as read.
 */
export function settleSummaryFiles<T extends Analysed>(analyses: readonly T[]): T[] {
  const aggregateSheets = (a: Analysed) => a.issues.filter((i) => i.code === 'SHEET_AGGREGATE_READ');
  return analyses.map((one) => {
    const aggregates = aggregateSheets(one);
    if (aggregates.length === 0) return one;
    const details = analyses
      .filter((other) => other !== one && other.outcome.unitId === one.outcome.unitId && aggregateSheets(other).length === 0)
      .flatMap((other) => other.outcome.sheets.filter((s) => s.outcome === 'read' && s.donors > 0).map((s) => ({ sheet: `${other.outcome.path} › ${s.sheet}`, amount: s.amount })));
    if (details.length === 0) return one;
    const skipped = new Set(aggregates.map((i) => i.location.sheet));
    const issues = one.issues.filter((i) => !(i.code === 'SHEET_AGGREGATE_READ' || (i.location.sheet !== undefined && skipped.has(i.location.sheet))));
    const sheets = one.outcome.sheets.map((s) => (skipped.has(s.sheet) ? { ...s, outcome: 'summary' as const } : s));
    for (const aggregate of aggregates) {
      const sheet = sheets.find((s) => s.sheet === aggregate.location.sheet)!;
      const stated: Pick<TableRead, 'amount' | 'statedTotal'> = { amount: sheet.amount };
      const row = aggregate.location.row ?? 1;
      issues.push(checkSummary({ ...aggregate.location }, sheet.sheet, `${sheet.columns?.amount ?? 'A'}${row}`, row, stated, details));
    }
    const donations = one.outcome.donations.filter((d) => !skipped.has(d.provenance.sheet));
    return { ...one, issues, outcome: { ...one.outcome, sheets, donations } };
  });
}
