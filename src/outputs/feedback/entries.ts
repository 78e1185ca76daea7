/**
 * What each submitter is told: the errors and warnings of its own sources, worded from the issue
 * catalogue for the unit that reads them (its own file, sheet and row; another unit by name; no pair
 * ids, scores or the district's folders), including the second row of every suspected pair (the
 * issue itself sits on the first). Pure.
 */
import type { PairSide, SuspectedPair } from '../../model/review.js';
import type { Consolidation } from '../../model/consolidation.js';
import { makeIssue, type Issue, type Severity } from '../../model/issue.js';
import { issueHint, issueLetterMessage, issueTitle } from '../../format/issue-messages.js';

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

/** "submissions/2023/xa-a.xlsx" → "xa-a.xlsx": the name the unit gave its file. */
export function fileName(source: string): string {
  return source.replace(/\\/g, '/').split('/').pop() ?? source;
}

/** CSV and other text tables have lines, not sheets. */
export function isTextTable(source: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(source);
}

/** Folders in free text (a reader's error, a path in a reason) cut down to the file name. */
function withoutFolders(text: string): string {
  return text.replace(/(?:[A-Za-z]:)?(?:[\\/]?[^\s\\/"“”()']+[\\/])+([^\s\\/"“”()']+\.[A-Za-z][A-Za-z0-9]{1,4})(?![\w/])/g, (whole, name: string) =>
    /^[a-z]+:\/\//i.test(whole) ? whole : name,
  );
}

/** The other row of a pair as the reader of `reader`'s letter knows it. */
function otherSideText(reader: PairSide, other: PairSide, unitNames: ReadonlyMap<string, string>): string {
  if (other.unitId !== reader.unitId) return `danh sách của ${unitNames.get(other.unitId) ?? other.unitId}`;
  const parts: string[] = [];
  if (other.source !== reader.source) parts.push(`tệp ${fileName(other.source)}`);
  if (!isTextTable(other.source) && (other.source !== reader.source || other.sheet !== reader.sheet)) parts.push(`trang "${other.sheet}"`);
  parts.push(`dòng ${other.row}`);
  return parts.join(', ');
}

function entryOf(issue: Issue, pairs: ReadonlyMap<string, SuspectedPair>, unitNames: ReadonlyMap<string, string>): FeedbackEntry {
  const pair = typeof issue.params['pair'] === 'string' ? pairs.get(issue.params['pair']) : undefined;
  let worded = issue;
  if (pair) {
    const onB = pair.b.source === issue.location.source && pair.b.sheet === issue.location.sheet && pair.b.row === issue.location.row;
    const [reader, other] = onB ? [pair.b, pair.a] : [pair.a, pair.b];
    worded = { ...issue, params: { ...issue.params, other: otherSideText(reader, other, unitNames) } };
  }
  const e: FeedbackEntry = {
    severity: issue.severity,
    code: issue.code,
    title: issueTitle(issue),
    message: withoutFolders(issueLetterMessage(worded)),
    hint: issueHint(issue),
  };
  const { source, sheet, row, cell } = issue.location;
  if (source !== undefined) e.source = source;
  if (sheet !== undefined) e.sheet = sheet;
  if (row !== undefined) e.row = row;
  if (cell !== undefined) e.cell = cell;
  return e;
}

/** The pair's issue seen from its second row, so both submitters see it in their own file ({other} is worded per reader). */
function mirrorIssue(pair: SuspectedPair): Issue {
  const { b } = pair;
  return makeIssue(
    pair.kind === 'duplicate' ? 'DUPLICATE_SUSPECTED' : 'OVERLAP_SUSPECTED',
    { unitId: b.unitId, source: b.source, sheet: b.sheet, row: b.row, cell: b.cell },
    { pair: pair.pair, name: b.name, amount: b.amount, score: pair.score, evidence: pair.evidence.join(', ') },
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
  const suspected = consolidation.overlaps?.suspected ?? [];
  const pairs = new Map(suspected.map((p) => [p.pair, p]));
  const mirrored = suspected.map(mirrorIssue);
  const entry = (i: Issue): FeedbackEntry => entryOf(i, pairs, unitNames);
  const all = [...actionable, ...mirrored];
  // A unit's problem found in the bank statement (money reported but not received, or a different amount) is the unit's as a whole.
  const statements = new Set(consolidation.reconciliation?.statements.map((s) => s.path) ?? []);
  const ofWholeUnit = (i: Issue) => i.location.source === undefined || statements.has(i.location.source);
  const out: UnitFeedback[] = [];
  for (const unit of units) {
    // A missing unit gets no letter here: there is no list to comment on (UNIT_MISSING is for staff).
    const sources = consolidation.sources
      .filter((s) => s.unitId === unit.id)
      .map((s) => ({
        path: s.path,
        status: s.status,
        entries: all.filter((i) => i.location.unitId === unit.id && i.location.source === s.path).map(entry).sort(byPlace),
      }));
    const unitEntries = all.filter((i) => i.location.unitId === unit.id && ofWholeUnit(i) && i.code !== 'UNIT_MISSING').map(entry);
    if (sources.length === 0) continue;
    if (sources.every((s) => s.entries.length === 0) && unitEntries.length === 0) continue;
    out.push({ unitId: unit.id, sources, unitEntries });
  }
  return out;
}
