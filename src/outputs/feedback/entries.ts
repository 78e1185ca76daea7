/**
 * What each submitter is told: the errors and warnings of its own sources, worded from the issue
 * catalogue, including the second row of every suspected pair (the issue itself sits on the first).
 * Pure.
 */
import { sideText } from '../../review/decisions.js';
import type { SuspectedPair } from '../../model/review.js';
import type { Consolidation } from '../../model/consolidation.js';
import { makeIssue, type Issue, type Severity } from '../../model/issue.js';
import { issueHint, issueMessage, issueTitle } from '../../format/issue-messages.js';

export type FeedbackEntry = {
  severity: Severity;
  code: string;
  title: string;
  message: string;
  hint: string;
  /** Absent for problems of a whole unit (late) or file (unreadable). */
  source?: string;
  sheet?: string;
  row?: number;
  cell?: string;
};

/** Everything one unit is told. */
export type UnitFeedback = {
  unitId: string;
  /** The unit's sources that were read or tried, with their own entries (possibly none). */
  sources: { path: string; status: 'ok' | 'failed'; entries: FeedbackEntry[] }[];
  /** Problems of the unit as a whole (late report). */
  unitEntries: FeedbackEntry[];
};

function entryOf(issue: Issue): FeedbackEntry {
  const e: FeedbackEntry = {
    severity: issue.severity,
    code: issue.code,
    title: issueTitle(issue),
    message: issueMessage(issue),
    hint: issueHint(issue),
  };
  const { source, sheet, row, cell } = issue.location;
  if (source !== undefined) e.source = source;
  if (sheet !== undefined) e.sheet = sheet;
  if (row !== undefined) e.row = row;
  if (cell !== undefined) e.cell = cell;
  return e;
}

/** The pair's issue seen from its second row, so both submitters see it in their own file. */
function mirrorIssue(pair: SuspectedPair, unitNames: ReadonlyMap<string, string>): Issue {
  const { a, b } = pair;
  const other = a.unitId === b.unitId ? sideText(a) : `${unitNames.get(a.unitId) ?? a.unitId} (${sideText(a)})`;
  return makeIssue(
    pair.kind === 'duplicate' ? 'DUPLICATE_SUSPECTED' : 'OVERLAP_SUSPECTED',
    { unitId: b.unitId, source: b.source, sheet: b.sheet, row: b.row, cell: b.cell },
    { pair: pair.pair, name: b.name, amount: b.amount, other, score: pair.score, evidence: pair.evidence.join(', ') },
  );
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function byPlace(x: FeedbackEntry, y: FeedbackEntry): number {
  return (x.sheet ?? '').localeCompare(y.sheet ?? '') || (x.row ?? 0) - (y.row ?? 0) || RANK[x.severity] - RANK[y.severity] || x.code.localeCompare(y.code);
}

/**
 * Feedback for every unit that has something to act on: errors and warnings only (information
 * notes such as "summary sheet skipped" need nothing from the submitter). Units in config order.
 */
export function collectFeedback(
  units: readonly { id: string; name: string }[],
  consolidation: Consolidation,
  issues: readonly Issue[],
): UnitFeedback[] {
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const actionable = issues.filter((i) => i.severity !== 'info');
  const mirrored = (consolidation.overlaps?.suspected ?? []).map((p) => mirrorIssue(p, unitNames));
  const all = [...actionable, ...mirrored];
  const out: UnitFeedback[] = [];
  for (const unit of units) {
    // A missing unit gets no letter here: there is no list to comment on (UNIT_MISSING is for staff).
    const sources = consolidation.sources
      .filter((s) => s.unitId === unit.id)
      .map((s) => ({
        path: s.path,
        status: s.status,
        entries: all.filter((i) => i.location.unitId === unit.id && i.location.source === s.path).map(entryOf).sort(byPlace),
      }));
    const unitEntries = all.filter((i) => i.location.unitId === unit.id && i.location.source === undefined && i.code !== 'UNIT_MISSING').map(entryOf);
    if (sources.length === 0) continue;
    if (sources.every((s) => s.entries.length === 0) && unitEntries.length === 0) continue;
    out.push({ unitId: unit.id, sources, unitEntries });
  }
  return out;
}
