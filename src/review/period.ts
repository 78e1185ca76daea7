/**
 * Donations dated outside the campaign period (DATE_OUTSIDE_PERIOD): still counted — the money is
 * in the list — but said, once per donor row, at the date's cell. Pure.
 */
import type { CampaignConfig } from '../model/config.js';
import { makeIssue, type Issue } from '../model/issue.js';
import type { SourceOutcome } from '../model/source.js';
import { formatDateShort } from '../format/date.js';

export function findDatesOutsidePeriod(config: CampaignConfig, outcomes: readonly SourceOutcome[]): Issue[] {
  const { from, to } = config.campaign.period;
  const issues: Issue[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== 'ok') continue;
    const rows = new Map<string, { date: string; name: string; amount: number; cell?: string; sheet: string; row: number }>();
    for (const d of outcome.donations) {
      if (!d.date || (d.date >= from && d.date <= to)) continue;
      const key = `${d.provenance.sheet}\u0000${d.provenance.row}`;
      const row = rows.get(key);
      if (row) row.amount += d.amount;
      else {
        const entry: { date: string; name: string; amount: number; cell?: string; sheet: string; row: number } = { date: d.date, name: d.name, amount: d.amount, sheet: d.provenance.sheet, row: d.provenance.row };
        const cell = d.provenance.cells.date;
        if (cell) entry.cell = cell;
        rows.set(key, entry);
      }
    }
    for (const r of rows.values()) {
      issues.push(
        makeIssue('DATE_OUTSIDE_PERIOD', { unitId: outcome.unitId, source: outcome.path, sheet: r.sheet, row: r.row, cell: r.cell, column: r.cell?.replace(/\d+$/, '') }, {
          date: formatDateShort(r.date),
          name: r.name,
          from: formatDateShort(from),
          to: formatDateShort(to),
          amount: r.amount,
        }),
      );
    }
  }
  return issues;
}
