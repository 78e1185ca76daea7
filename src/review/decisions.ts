/**
 * Staff decisions on suspected pairs (decisions.yaml next to the campaign file):
 *   same      → one donation: the row in the other source is left out of the totals (still listed
 *               as excluded, with its place), the row in `keep` is counted;
 *   different → two donations: the pair is no longer reported.
 * Only undecided pairs are shown. Applying decisions is pure; reading the file is config's (src/config/decisions.ts).
 */
import type { SourceOutcome } from '../model/source.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { rowKeyOf } from './overlaps.js';
import type { Decision, ExcludedRow, PairSide, SuspectedPair } from '../model/review.js';

type DecisionResult = {
  /** Pairs without a decision: reported as issues. */
  undecided: SuspectedPair[];
  excluded: ExcludedRow[];
  decided: { same: number; different: number };
  unused: string[];
  /** Outcomes without the excluded rows. */
  outcomes: SourceOutcome[];
  issues: Issue[];
};

function sideRowKey(side: PairSide): string {
  return `${side.source}\u0000${side.sheet}\u0000${side.row}`;
}

/** "tệp x.xlsx, trang "Danh sách", dòng 12" */
export function sideText(side: PairSide): string {
  return `tệp ${side.source}, trang "${side.sheet}", dòng ${side.row}`;
}

/** Which side a `keep` names: a source path or a unit id (only when it tells the sides apart). */
function keptSide(pair: SuspectedPair, keep: string | undefined): 'a' | 'b' | undefined {
  if (keep === undefined) return 'a';
  const k = keep.replace(/\\/g, '/');
  const a = pair.a.source === k || (pair.a.unitId === k && pair.b.unitId !== k);
  const b = pair.b.source === k || (pair.b.unitId === k && pair.a.unitId !== k);
  if (a && !b) return 'a';
  if (b && !a) return 'b';
  // Both sides in the same source: "keep" cannot choose, the first row is counted.
  if (a && b) return 'a';
  return undefined;
}

/** Applies every decision to this run's pairs. The last decision on a pair wins. */
export function applyDecisions(
  pairs: readonly SuspectedPair[],
  decisions: readonly Decision[],
  outcomes: readonly SourceOutcome[],
): DecisionResult {
  const byPair = new Map<string, Decision>();
  for (const d of decisions) byPair.set(d.pair, d);
  const issues: Issue[] = [];
  const undecided: SuspectedPair[] = [];
  const excluded: ExcludedRow[] = [];
  const excludedKeys = new Set<string>();
  const decided = { same: 0, different: 0 };
  const seen = new Set<string>();

  for (const pair of pairs) {
    const decision = byPair.get(pair.pair);
    if (!decision) {
      undecided.push(pair);
      continue;
    }
    seen.add(pair.pair);
    if (decision.decision === 'different') {
      decided.different++;
      continue;
    }
    const kept = keptSide(pair, decision.keep);
    if (!kept) {
      issues.push(
        makeIssue('DECISION_UNUSED', {}, {
          pair: pair.pair,
          reason: `"keep: ${decision.keep ?? ''}" không phải tệp hay đơn vị của một trong hai dòng (${pair.a.source}, ${pair.b.source})`,
        }),
      );
      undecided.push(pair);
      continue;
    }
    decided.same++;
    const keep = kept === 'a' ? pair.a : pair.b;
    const drop = kept === 'a' ? pair.b : pair.a;
    const key = sideRowKey(drop);
    if (excludedKeys.has(key)) continue;
    excludedKeys.add(key);
    excluded.push({ ...drop, pair: pair.pair, keptIn: keep.source });
    issues.push(
      makeIssue(
        'DUPLICATE_EXCLUDED',
        { unitId: drop.unitId, source: drop.source, sheet: drop.sheet, row: drop.row, cell: drop.cell },
        { pair: pair.pair, name: drop.name, amount: drop.amount, kept: sideText(keep) },
      ),
    );
  }
  for (const id of byPair.keys()) {
    if (!seen.has(id)) {
      issues.push(makeIssue('DECISION_UNUSED', {}, { pair: id, reason: 'không còn cặp nghi trùng nào có mã này (số liệu đã thay đổi hoặc đã được sửa)' }));
    }
  }
  const unused = [...byPair.keys()].filter((id) => !seen.has(id));
  const filtered = excludedKeys.size === 0
    ? [...outcomes]
    : outcomes.map((o) => ({ ...o, donations: o.donations.filter((d) => !excludedKeys.has(rowKeyOf(d))) }));
  return { undecided, excluded, decided, unused, outcomes: filtered, issues };
}
