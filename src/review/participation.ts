/**
 * The one-day-wage call: organisations that report aggregate rows (a member unit, its headcount,
 * how many gave, the amount) show how many of the people asked took part. Pure.
 */
import type { CampaignConfig } from '../model/config.js';
import type { SourceOutcome } from '../model/source.js';
import { makeIssue, type Issue } from '../model/issue.js';
import type { Participation, ParticipationRow } from '../model/review.js';

/** Participation per unit (only units with aggregate rows) and overall; a warning where participants exceed headcount. */
export function measureParticipation(
  config: CampaignConfig,
  outcomes: readonly SourceOutcome[],
): { participation: Participation; issues: Issue[] } {
  const issues: Issue[] = [];
  const byUnit = new Map<string, ParticipationRow>();
  for (const o of outcomes) {
    if (o.status !== 'ok') continue;
    for (const d of o.donations) {
      // Only rows with both counts say who was asked and who gave.
      if (d.headcount === undefined || d.participants === undefined) continue;
      const row = byUnit.get(d.unitId) ?? { unitId: d.unitId, rows: 0, headcount: 0, participants: 0 };
      byUnit.set(d.unitId, row);
      row.rows += 1;
      row.headcount += d.headcount;
      row.participants += d.participants;
      if (d.participants > d.headcount) {
        const cell = d.provenance.cells.participants;
        issues.push(
          makeIssue(
            'PARTICIPANTS_EXCEED_HEADCOUNT',
            { unitId: d.unitId, source: d.provenance.source, sheet: d.provenance.sheet, row: d.provenance.row, column: cell?.replace(/\d+$/, ''), cell },
            { name: d.name, participants: d.participants, headcount: d.headcount },
          ),
        );
      }
    }
  }
  const order = new Map(config.units.map((u, i) => [u.id, i]));
  const units = [...byUnit.values()].sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0));
  for (const u of units) if (u.headcount > 0) u.rate = u.participants / u.headcount;
  const headcount = units.reduce((s, u) => s + u.headcount, 0);
  const participants = units.reduce((s, u) => s + u.participants, 0);
  const participation: Participation = { units, headcount, participants };
  if (headcount > 0) participation.rate = participants / headcount;
  return { participation, issues };
}
