/**
 * Staff decisions on suspected pairs (decisions.yaml next to the campaign file):
 *   same      → one donation: the row in the other source is left out of the totals (still listed
 *               as excluded, with its place), the row in `keep` is counted;
 *   different → two donations: the pair is no longer reported.
 * Only undecided pairs are shown. Applying decisions is pure; reading the file is the edge below.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { SourceOutcome } from '../consolidate/consolidate.js';
import { ConfigError } from '../errors/errors.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { rowKeyOf } from './overlaps.js';
import { DecisionSchema, type Decision, type ExcludedRow, type PairSide, type SuspectedPair } from '../model/review.js';

export type DecisionResult = {
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

/** Parses decisions.yaml text; errors name the file, line and field. */
export function parseDecisions(text: string, file: string): Decision[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}: YAML không hợp lệ: ${first.message.split('\n')[0]}`);
  }
  // A bare list, or the list under `decisions:`; validated as a list so errors point at the entry.
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? null;
  const underKey = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  const list = underKey ? (raw as Record<string, unknown>).decisions ?? [] : raw ?? [];
  const extra = underKey ? Object.keys(raw).filter((k) => k !== 'decisions') : [];
  const result = z.array(DecisionSchema).safeParse(list);
  if (result.success && extra.length === 0) return result.data;
  const problems = result.success
    ? [{ path: [extra[0]!], message: 'unknown key (expected only "decisions")', prefix: false }]
    : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message, prefix: underKey }));
  const lines = problems.slice(0, 10).map((issue) => {
    const fieldPath = [...(issue.prefix ? ['decisions'] : []), ...issue.path];
    let line: number | undefined;
    for (let depth = fieldPath.length; depth >= 0 && line === undefined; depth--) {
      const node = doc.getIn(fieldPath.slice(0, depth).map((p) => (typeof p === 'number' ? p : String(p))), true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    return `  ${file}${line ? `:${line}` : ''}: ${fieldPath.map(String).join('.') || '(gốc)'}: ${issue.message}`;
  });
  throw new ConfigError(`Tệp quyết định trùng lặp không hợp lệ:\n${lines.join('\n')}`);
}

/** Edge: reads the decisions file when it exists (no file = no decisions yet). */
export async function loadDecisions(file: string, shownAs: string = file): Promise<Decision[]> {
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Không đọc được tệp quyết định ${shownAs}: ${(cause as Error).message}`, { cause });
  }
  return parseDecisions(text, shownAs);
}
