import { columnLetter, parseAddress, type SheetGrid } from '../model/grid.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import type { HeaderLayout } from './header.js';
import type { TableRead } from './read-rows.js';
import { locate } from './row-kinds.js';

/**
 * Warnings for money counted from rows or columns hidden in Excel. Hidden rows are counted, as
 * Excel's SUM counts them, but a clerk may have hidden a cancelled gift instead of deleting it:
 * one ROW_HIDDEN per donor row (each with its exact cell; the terminal groups them), and one
 * COLUMN_HIDDEN per hidden money column that held counted amounts.
 */
export function hiddenLineIssues(sheet: SheetGrid, layout: HeaderLayout, read: TableRead, where: Location): Issue[] {
  if (!sheet.hiddenRows && !sheet.hiddenColumns) return [];
  const hiddenRows = new Set(sheet.hiddenRows);
  const hiddenColumns = new Set(sheet.hiddenColumns);
  const rows = new Map<number, { name: string; amount: number; col: number }>();
  const columns = new Map<number, { rows: number; amount: number }>();
  for (const donation of read.donations) {
    const at = parseAddress(donation.provenance.cells.amount ?? '');
    if (!at) continue;
    if (hiddenRows.has(at.row)) {
      // A row split into money parts (pledged / paid) is one row: its first part's cell, its whole money.
      const row = rows.get(at.row) ?? { name: donation.name, amount: 0, col: at.col };
      row.amount += donation.amount;
      rows.set(at.row, row);
    }
    if (hiddenColumns.has(at.col)) {
      const column = columns.get(at.col) ?? { rows: 0, amount: 0 };
      column.rows += 1;
      column.amount += donation.amount;
      columns.set(at.col, column);
    }
  }
  const issues: Issue[] = [];
  for (const [col, { rows: count, amount }] of columns) {
    issues.push(
      makeIssue('COLUMN_HIDDEN', locate(where, layout.lastRow, col), {
        sheet: sheet.name,
        column: layout.labels.get(col) ?? columnLetter(col),
        letter: columnLetter(col),
        rows: count,
        amount,
      }),
    );
  }
  for (const [r, { name, amount, col }] of [...rows].sort((a, b) => a[0] - b[0])) {
    issues.push(makeIssue('ROW_HIDDEN', locate(where, r, col), { row: r + 1, name, amount }));
  }
  return issues;
}
