/**
 * Snapshots of what a source yielded, so nightly runs neither parse unchanged files again nor drop
 * a unit to zero when its new file cannot be read. The store implements the cache
 * (src/store/snapshots.ts); turning a snapshot back into an outcome is pure and lives here.
 */
import type { SourceOutcome } from '../consolidate/consolidate.js';
import { formatDateShort, todayInVietnam } from '../format/date.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import type { ResolvedSource } from '../intake/resolve.js';

/** One version of a source as analysed: its outcome (records included) and its own issues. */
export type SourceSnapshot = {
  outcome: SourceOutcome;
  issues: Issue[];
  /** The run that read this version. */
  runId: string;
  /** When that run started (ISO). */
  readAt: string;
};

/** A source whose content has not changed since `reused` was taken. */
export type ReusedRead = { sha256: string; modifiedAt?: string; reused: SourceSnapshot };

export interface SourceCache {
  /** The snapshot of this source's current content, when it was read before with the same parser settings. */
  reuse(source: ResolvedSource): Promise<ReusedRead | undefined>;
  /** The latest snapshot that read cleanly, to stand in when the current content fails. */
  lastGood(unitId: string, path: string): SourceSnapshot | undefined;
}

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
