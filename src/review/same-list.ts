/**
 * The same list submitted twice — one workbook listed for two units, a copy saved under another
 * name, an .xlsx and its CSV export — is counted once. Two sources are the same list when their
 * bytes are identical (sha256) or when they yield the same rows (name and amount, in order, at least
 * MIN_ROWS of them). The first in config order is kept; each later one yields nothing, fails with
 * LIST_REPEATED and names the place it repeats. Pure.
 */
import { createHash } from 'node:crypto';
import { makeIssue, type Issue } from '../model/issue.js';
import type { SourceOutcome } from '../model/source.js';

/** Fewer identical rows than this may be two units' genuine one-line lists ("Tập thể cán bộ" 5.000.000). */
const MIN_ROWS = 3;

/** The list's rows as (name, amount) in order; a row split across money stages is one row. */
function rowsOf(outcome: SourceOutcome): { key: string; rows: number; amount: number } {
  const rows: { name: string; amount: number }[] = [];
  let last = '';
  for (const d of outcome.donations) {
    const at = `${d.provenance.sheet}\u0000${d.provenance.row}`;
    if (at === last) rows[rows.length - 1]!.amount += d.amount;
    else rows.push({ name: d.name.normalize('NFC').trim().toLowerCase(), amount: d.amount });
    last = at;
  }
  const key = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  return { key, rows: rows.length, amount: rows.reduce((s, r) => s + r.amount, 0) };
}

/** The outcomes with every repeat emptied (new objects: the per-source snapshots stay as read), and the issues. */
export function dropRepeatedLists(
  outcomes: readonly SourceOutcome[],
  unitNames: ReadonlyMap<string, string>,
): { outcomes: SourceOutcome[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const kept: SourceOutcome[] = [];
  const byBytes = new Map<string, SourceOutcome>();
  const byRows = new Map<string, SourceOutcome>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'ok' || outcome.donations.length === 0) {
      kept.push(outcome);
      continue;
    }
    const list = rowsOf(outcome);
    const sameBytes = outcome.sha256 ? byBytes.get(outcome.sha256) : undefined;
    const sameRows = list.rows >= MIN_ROWS ? byRows.get(list.key) : undefined;
    const first = sameBytes ?? sameRows;
    if (!first) {
      if (outcome.sha256) byBytes.set(outcome.sha256, outcome);
      byRows.set(list.key, outcome);
      kept.push(outcome);
      continue;
    }
    issues.push(
      makeIssue('LIST_REPEATED', { unitId: outcome.unitId, source: outcome.path }, {
        source: outcome.path,
        how: sameBytes ? 'là bản sao giống hệt từng byte' : 'có đúng các dòng (họ tên, số tiền, thứ tự) như',
        other: first.path,
        otherUnit: unitNames.get(first.unitId) ?? first.unitId,
        rows: list.rows,
        amount: list.amount,
      }),
    );
    kept.push({ ...outcome, donations: [], sheets: [], status: 'failed', failure: 'LIST_REPEATED' });
  }
  return { outcomes: kept, issues };
}
