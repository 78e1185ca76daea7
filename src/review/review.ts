/**
 * The checks that look across rows and sources once every source is read, before consolidation:
 * suspected duplicates and overlaps (with the staff's decisions applied), outlying amounts,
 * who reported and when, and the one-day-wage participation. Pure.
 */
import type { CampaignConfig } from '../model/config.js';
import type { SourceOutcome } from '../model/source.js';
import type { Consolidation } from '../model/consolidation.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { assessCompleteness } from './completeness.js';
import { applyDecisions, sideText } from './decisions.js';
import { findOutliers } from './outliers.js';
import { donorRows, findSuspectedPairs } from './overlaps.js';
import { measureParticipation } from './participation.js';
import type { Completeness, Overlaps, Participation, SuspectedPair } from '../model/review.js';

type Review = {
  /** The outcomes to consolidate: rows staff marked as repeats are taken out. */
  outcomes: SourceOutcome[];
  issues: Issue[];
  completeness: Completeness;
  overlaps: Overlaps;
  participation: Participation;
};

function pairIssue(pair: SuspectedPair, unitNames: ReadonlyMap<string, string>): Issue {
  const { a, b } = pair;
  const other = a.unitId === b.unitId ? sideText(b) : `${unitNames.get(b.unitId) ?? b.unitId} (${sideText(b)})`;
  return makeIssue(
    pair.kind === 'duplicate' ? 'DUPLICATE_SUSPECTED' : 'OVERLAP_SUSPECTED',
    { unitId: a.unitId, source: a.source, sheet: a.sheet, row: a.row, column: a.cell?.replace(/\d+$/, ''), cell: a.cell },
    { pair: pair.pair, name: a.name, amount: a.amount, other, score: pair.score, evidence: pair.evidence.join(', ') },
  );
}

/** Runs every cross-row check over the read sources. */
export function reviewSubmissions(config: CampaignConfig, outcomes: readonly SourceOutcome[]): Review {
  const unitNames = new Map(config.units.map((u) => [u.id, u.name]));
  const { pairs } = findSuspectedPairs(donorRows(outcomes), config.units);
  const decided = applyDecisions(pairs, config.decisions, outcomes);
  const issues: Issue[] = [...decided.issues, ...decided.undecided.map((p) => pairIssue(p, unitNames))];

  // Money that may be counted twice: the second row of each undecided pair, each row once.
  const seen = new Set<string>();
  let suspectedAmount = 0;
  for (const { b } of decided.undecided) {
    const key = `${b.source}\u0000${b.sheet}\u0000${b.row}`;
    if (seen.has(key)) continue;
    seen.add(key);
    suspectedAmount += b.amount;
  }

  for (const issue of findOutliers(decided.outcomes, config.outliers)) issues.push(issue);
  const completeness = assessCompleteness(config, decided.outcomes);
  issues.push(...completeness.issues);
  const participation = measureParticipation(config, decided.outcomes);
  issues.push(...participation.issues);

  return {
    outcomes: decided.outcomes,
    issues,
    completeness: completeness.completeness,
    overlaps: {
      suspected: decided.undecided,
      suspectedAmount,
      decided: decided.decided,
      excluded: decided.excluded,
      excludedAmount: decided.excluded.reduce((s, r) => s + r.amount, 0),
      unusedDecisions: decided.unused,
    },
    participation: participation.participation,
  };
}

/** The consolidation with the review's findings beside the totals (the totals stay as counted). */
export function withReview(consolidation: Consolidation, review: Review): Consolidation {
  return {
    ...consolidation,
    totals: {
      ...consolidation.totals,
      overlap: {
        suspectedPairs: review.overlaps.suspected.length,
        suspectedAmount: review.overlaps.suspectedAmount,
        excludedRows: review.overlaps.excluded.length,
        excludedAmount: review.overlaps.excludedAmount,
      },
    },
    completeness: review.completeness,
    overlaps: review.overlaps,
    participation: review.participation,
  };
}
