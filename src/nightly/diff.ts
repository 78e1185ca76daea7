/**
 * "What changed": compares a run's summary with the previous successful run's. Pure, so the same
 * function serves the nightly run, the `diff` command (over stored summaries) and the dashboard.
 */
import type { Summary } from '../model/summary.js';
import type { Changes, Delta, IssueRef, SourceChange, StatusChange, UnitChange } from '../model/changes.js';

/** The parts of a summary the diff reads; stored summaries of older runs may lack newer fields. */
export type ComparableSummary = Pick<Summary, 'run' | 'totals' | 'units' | 'sources' | 'issues' | 'completeness'> & Partial<Pick<Summary, 'reconciliation'>>;

const IDENTITY_FIELDS = new Set(['id', 'name', 'code', 'kind', 'group']);

function delta(before: number, after: number): Delta {
  return { before, after, difference: after - before };
}

function sourceKey(s: { unitId: string; path: string }): string {
  return `${s.unitId}\u0000${s.path}`;
}

/** Issues are the same problem when code and place match; the message may differ (amounts). */
function issueKey(i: { code: string; unitId?: string | undefined; source?: string | undefined; sheet?: string | undefined; cell?: string | undefined; row?: number | undefined }): string {
  return [i.code, i.unitId ?? '', i.source ?? '', i.sheet ?? '', i.cell ?? (i.row === undefined ? '' : String(i.row))].join('\u0000');
}

function issueRef(i: Summary['issues'][number]): IssueRef {
  const ref: IssueRef = { code: i.code, severity: i.severity, message: i.message };
  if (i.unitId !== undefined) ref.unitId = i.unitId;
  if (i.source !== undefined) ref.source = i.source;
  if (i.sheet !== undefined) ref.sheet = i.sheet;
  if (i.row !== undefined) ref.row = i.row;
  if (i.cell !== undefined) ref.cell = i.cell;
  return ref;
}

function sourceState(s: Summary['sources'][number]): NonNullable<SourceChange['before']> {
  const state: NonNullable<SourceChange['before']> = { status: s.status, records: s.records, amount: s.amount };
  if (s.sha256 !== undefined) state.sha256 = s.sha256;
  if (s.stale) state.stale = true;
  return state;
}

/** Issues of `a` with no counterpart in `b`, counting repeats (two equal issues need two matches). */
function unmatched(a: Summary['issues'], b: Summary['issues']): IssueRef[] {
  const pool = new Map<string, number>();
  for (const i of b) pool.set(issueKey(i), (pool.get(issueKey(i)) ?? 0) + 1);
  const out: IssueRef[] = [];
  for (const i of a) {
    const key = issueKey(i);
    const left = pool.get(key) ?? 0;
    if (left > 0) pool.set(key, left - 1);
    else out.push(issueRef(i));
  }
  return out;
}

function statusKind(field: string, from: unknown, to: unknown): StatusChange['kind'] {
  if (field === 'stale') return to === true ? 'newly-stale' : 'changed';
  if (to === 'missing') return 'newly-missing';
  if (to === 'failed') return 'newly-failed';
  if (to === 'late' && from !== 'late') return 'newly-late';
  if (field === 'status' && to === 'reported') return 'now-reported';
  return 'changed';
}

/** A unit's status-like fields, plus its submission status ("on-time", "late", …) when the summary has one. */
function statusFields(unit: object, submission: string | undefined): Map<string, string | boolean> {
  const out = new Map<string, string | boolean>();
  if (submission !== undefined) out.set('submission', submission);
  for (const [key, value] of Object.entries(unit)) {
    if (IDENTITY_FIELDS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean') out.set(key, value);
  }
  // A unit that is not stale has no `stale` field; compare it as false.
  if (!out.has('stale')) out.set('stale', false);
  return out;
}

/** Differences from `previous` to `current`; with no previous run, the lists are empty. */
export function diffSummaries(previous: ComparableSummary | undefined, current: ComparableSummary): Changes {
  const totals = (s: ComparableSummary | undefined) => ({
    amount: s?.totals.amount ?? 0,
    donors: s?.totals.donors ?? 0,
    reported: s?.totals.units.reported ?? 0,
  });
  const [b, a] = [totals(previous), totals(current)];
  const changes: Changes = {
    previousRunId: previous?.run.id ?? null,
    totals: { amount: delta(b.amount, a.amount), donors: delta(b.donors, a.donors), reported: delta(b.reported, a.reported) },
    sources: [],
    units: [],
    statuses: [],
    issues: { new: [], resolved: [] },
  };
  if (!previous) return changes;
  changes.previousStartedAt = previous.run.startedAt;

  const before = new Map(previous.sources.map((s) => [sourceKey(s), s]));
  const after = new Map(current.sources.map((s) => [sourceKey(s), s]));
  for (const s of current.sources) {
    const old = before.get(sourceKey(s));
    if (!old) {
      changes.sources.push({ unitId: s.unitId, path: s.path, change: 'added', after: sourceState(s) });
    } else if (old.sha256 !== s.sha256 || old.status !== s.status || Boolean(old.stale) !== Boolean(s.stale) || old.amount !== s.amount || old.records !== s.records) {
      changes.sources.push({ unitId: s.unitId, path: s.path, change: 'updated', before: sourceState(old), after: sourceState(s) });
    }
  }
  for (const s of previous.sources) {
    if (!after.has(sourceKey(s))) changes.sources.push({ unitId: s.unitId, path: s.path, change: 'removed', before: sourceState(s) });
  }

  const oldUnits = new Map(previous.units.map((u) => [u.id, u]));
  const submissions = (s: ComparableSummary) => new Map((s.completeness?.units ?? []).map((u) => [u.unitId, u.status as string]));
  const [oldSubmission, newSubmission] = [submissions(previous), submissions(current)];
  for (const unit of current.units) {
    const old = oldUnits.get(unit.id);
    const change: UnitChange = {
      unitId: unit.id,
      name: unit.name,
      amount: delta(old?.amount ?? 0, unit.amount),
      donors: delta(old?.donors ?? 0, unit.donors),
    };
    if (change.amount.difference !== 0 || change.donors.difference !== 0) changes.units.push(change);
    if (!old) continue;
    const was = statusFields(old, oldSubmission.get(unit.id));
    const own: StatusChange[] = [];
    for (const [field, value] of statusFields(unit, newSubmission.get(unit.id))) {
      const from = was.get(field) ?? null;
      if (from === value) continue;
      own.push({ unitId: unit.id, name: unit.name, field, from, to: value, kind: statusKind(field, from, value) });
    }
    // The submission status repeats a change of `status` or `stale`; it is news only on its own (late).
    const mainChanged = own.some((c) => c.field === 'status' || c.field === 'stale');
    changes.statuses.push(...own.filter((c) => !(mainChanged && c.field === 'submission')));
  }

  changes.issues.new = unmatched(current.issues, previous.issues);
  changes.issues.resolved = unmatched(previous.issues, current.issues);
  const reconciliation = reconciliationChanges(previous.reconciliation, current.reconciliation);
  if (reconciliation) changes.reconciliation = reconciliation;
  return changes;
}

/** Money in, matched and missing since the last run, and which matches were made or undone (by id). */
function reconciliationChanges(before: Summary['reconciliation'], after: Summary['reconciliation']): Changes['reconciliation'] {
  if (!after) return undefined;
  const ids = (r: Summary['reconciliation']) => new Set((r?.matches ?? []).map((m) => m.id));
  const [was, now] = [ids(before), ids(after)];
  return {
    received: delta(before?.received ?? 0, after.received),
    matchedReceived: delta(before?.matchedReceived ?? 0, after.matchedReceived),
    notReceived: delta(before?.notReceived.length ?? 0, after.notReceived.length),
    unreported: delta(before?.unreported.length ?? 0, after.unreported.length),
    newMatches: [...now].filter((id) => !was.has(id)),
    goneMatches: [...was].filter((id) => !now.has(id)),
  };
}
