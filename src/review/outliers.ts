/**
 * Amounts far from their unit's usual, e.g. an extra zero typed (2.000.000 for 200.000). Pure.
 *
 * Rows are compared within the same unit AND donor category (businesses legitimately give far more
 * than residents). Donations spread over orders of magnitude, so the test runs on log10(amount):
 * the modified z-score 0.6745 · (x − median) / MAD, flagged above 3.5 (Iglewicz and Hoaglin), only
 * for groups of at least 8 rows. A MAD below log10(2) is raised to it, so a list where nearly everyone
 * gave the same 200.000 does not flag a 500.000; with that floor a flagged amount is at least about
 * 36 times (or at most 1/36 of) the group's median — 2^(3.5/0.6745) — so a resident's generous
 * 5.000.000 among 200.000s passes and 20.000.000 typed for 2.000.000 does not. Aggregate rows (an agency's staff together,
 * with a headcount) are sums of many gifts and are not compared.
 */
import type { SourceOutcome } from '../model/source.js';
import type { Donation, DonorCategory } from '../model/record.js';
import { formatMoney } from '../format/number.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { CATEGORY_LABELS } from '../extract/categories.js';

const OUTLIER_DEFAULTS = {
  /** Modified z-score above which an amount is an outlier. */
  threshold: 3.5,
  /** Fewer rows than this in a unit and category: no "usual" to compare with. */
  minRows: 8,
  /** Smallest spread assumed, in log10 units (a factor of 2). */
  minMad: Math.log10(2),
} as const;

type OutlierOptions = { readonly threshold?: number; readonly minRows?: number; readonly minMad?: number };

type Row = {
  unitId: string;
  category: DonorCategory;
  name: string;
  amount: number;
  source: string;
  sheet: string;
  row: number;
  /** The row's first donation: its amount cell is looked up only for a row that is flagged. */
  first: Donation;
};

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "khoảng 25 lần" or "khoảng 1/20" of the median. */
function ratioText(amount: number, med: number): string {
  const ratio = amount / med;
  return ratio >= 1 ? `gấp khoảng ${Math.round(ratio)} lần` : `chỉ bằng khoảng 1/${Math.round(1 / ratio)}`;
}

/** AMOUNT_OUTLIER warnings at the amount cell of each outlying row. */
export function findOutliers(outcomes: readonly SourceOutcome[], options: OutlierOptions = {}): Issue[] {
  const threshold = options.threshold ?? OUTLIER_DEFAULTS.threshold;
  const minRows = options.minRows ?? OUTLIER_DEFAULTS.minRows;
  const minMad = options.minMad ?? OUTLIER_DEFAULTS.minMad;

  const rows = new Map<string, Row>();
  const aggregate = new Set<string>();
  for (const o of outcomes) {
    if (o.status !== 'ok') continue;
    for (const d of o.donations) {
      const key = `${d.provenance.source}\u0000${d.provenance.sheet}\u0000${d.provenance.row}`;
      if (d.headcount !== undefined || d.participants !== undefined) aggregate.add(key);
      const existing = rows.get(key);
      if (existing) existing.amount += d.amount;
      else
        rows.set(key, {
          unitId: d.unitId,
          category: d.category,
          name: d.name,
          amount: d.amount,
          source: d.provenance.source,
          sheet: d.provenance.sheet,
          row: d.provenance.row,
          first: d,
        });
    }
  }
  const groups = new Map<string, Row[]>();
  for (const [key, row] of rows) {
    if (aggregate.has(key) || row.amount <= 0) continue;
    const g = `${row.unitId}\u0000${row.category}`;
    const list = groups.get(g);
    if (list) list.push(row);
    else groups.set(g, [row]);
  }

  const issues: Issue[] = [];
  for (const group of groups.values()) {
    if (group.length < minRows) continue;
    const logs = group.map((r) => Math.log10(r.amount));
    const sorted = [...logs].sort((a, b) => a - b);
    const med = median(sorted);
    const mad = Math.max(median(logs.map((x) => Math.abs(x - med)).sort((a, b) => a - b)), minMad);
    const medianAmount = 10 ** med;
    group.forEach((row, i) => {
      const z = (0.6745 * (logs[i]! - med)) / mad;
      if (Math.abs(z) <= threshold) return;
      const cell = row.first.provenance.cells.amount;
      issues.push(
        makeIssue(
          'AMOUNT_OUTLIER',
          { unitId: row.unitId, source: row.source, sheet: row.sheet, row: row.row, column: cell?.replace(/\d+$/, ''), cell },
          {
            name: row.name,
            amount: row.amount,
            group: CATEGORY_LABELS[row.category],
            median: formatMoney(Math.round(medianAmount)),
            ratio: ratioText(row.amount, medianAmount),
          },
        ),
      );
    });
  }
  return issues;
}
