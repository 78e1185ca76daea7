/**
 * Snapshots of what a source yielded, so nightly runs neither parse unchanged files again nor drop
 * a unit to zero when its new file cannot be read. The store implements the cache
 * (src/store/snapshots.ts) and intake asks it before parsing; turning a snapshot back into an
 * outcome is pure and lives here.
 */
import type { ReusedRead, SourceOutcome, SourceSnapshot } from '../model/source.js';
import { formatDateShort, todayInVietnam } from '../format/date.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';

/** The outcome and issues of an unchanged source, as its snapshot recorded them. */
export function reusedSource(read: ReusedRead): { outcome: SourceOutcome; issues: Issue[] } {
  const outcome: SourceOutcome = { ...read.reused.outcome, sha256: read.sha256 };
  if (read.modifiedAt) outcome.modifiedAt = read.modifiedAt;
  return { outcome, issues: read.reused.issues };
}

/** Donor rows (a row split across money stages is one donor) and money of an outcome. */
function figures(outcome: SourceOutcome): { records: number; amount: number } {
  const rows = new Set(outcome.donations.map((d) => `${d.provenance.sheet}\u0000${d.provenance.row}`));
  return { records: rows.size, amount: outcome.donations.reduce((sum, d) => sum + d.amount, 0) };
}

/**
 * A failed source standing in with its last good snapshot: the same records, marked stale, plus a
 * SOURCE_STALE warning saying which day's data is used.
 */
export function staleSource(snapshot: SourceSnapshot, where: Location): { outcome: SourceOutcome; issues: Issue[] } {
  const outcome: SourceOutcome = { ...snapshot.outcome, stale: true, staleFrom: snapshot.runId };
  const warning = makeIssue('SOURCE_STALE', where, {
    date: formatDateShort(todayInVietnam(new Date(snapshot.readAt))),
    run: snapshot.runId,
    ...figures(snapshot.outcome),
  });
  return { outcome, issues: [warning, ...snapshot.issues] };
}
