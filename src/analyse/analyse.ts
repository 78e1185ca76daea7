import type { CampaignConfig, UnitKind } from '../model/config.js';
import type { Consolidation } from '../model/consolidation.js';
import type { WorkbookGrid } from '../model/grid.js';
import { compareIssues, makeIssue, type Issue } from '../model/issue.js';
import type { ResolvedSource, ReusedRead, SourceOutcome, SourceSnapshot } from '../model/source.js';
import type { SourceError } from '../errors/errors.js';
import { buildAliasTable, type AliasTable } from '../extract/columns.js';
import { extractDonations } from '../extract/extract.js';
import { repairLegacyGrid } from '../extract/repair.js';
import { reportDateOf, stampSubmission } from '../review/completeness.js';
import { reviewSubmissions, withReview } from '../review/review.js';
import { consolidate } from '../consolidate/consolidate.js';
import { formatMoney } from '../format/number.js';
import { reusedSource, staleSource } from './snapshots.js';

/** A source as read from the outside world: a grid, or the reason it could not be read. */
export type SourceRead =
  | { source: ResolvedSource; ok: true; grid: WorkbookGrid; sha256: string; modifiedAt?: string; lastGood?: SourceSnapshot }
  | { source: ResolvedSource; ok: false; error: SourceError; lastGood?: SourceSnapshot }
  /** Unchanged since its snapshot was taken (nightly runs): not parsed again. */
  | ({ source: ResolvedSource; ok: true } & ReusedRead);

/** What one source yielded, with its own issues (stored as its snapshot by nightly runs). */
export type SourceAnalysis = { outcome: SourceOutcome; issues: Issue[]; read: 'parsed' | 'reused' | 'stale' | 'failed' };

export type Analysis = { consolidation: Consolidation; issues: Issue[]; outcomes: SourceOutcome[]; perSource: SourceAnalysis[] };

/**
 * Pure core of a run: grids in, records, issues and totals out. Nothing here touches the disk,
 * so a whole campaign can be analysed and asserted on in memory.
 */
export function analyse(
  config: CampaignConfig,
  reads: SourceRead[],
  unresolved: { unitId: string; pattern: string }[] = [],
  aliases: AliasTable = buildAliasTable(config.columns),
): Analysis {
  const issues: Issue[] = [];
  const outcomes: SourceOutcome[] = [];
  const kinds = new Map(config.units.map((u) => [u.id, u.kind]));

  for (const { unitId, pattern } of unresolved) {
    issues.push(makeIssue('SOURCE_NOT_FOUND', { unitId, source: pattern }, { pattern }));
  }
  const perSource: SourceAnalysis[] = [];
  for (const read of reads) {
    const one = analyseGuarded(read, kinds.get(read.source.unitId) ?? 'commune', aliases);
    Object.assign(one.outcome, stampSubmission(config, read.source, one.outcome));
    perSource.push(one);
    issues.push(...one.issues);
    outcomes.push(one.outcome);
  }
  for (const unit of config.units) {
    if (!outcomes.some((o) => o.unitId === unit.id)) {
      issues.push(makeIssue('UNIT_MISSING', { unitId: unit.id }, { unit: unit.name }));
    }
  }
  // Duplicates (with staff decisions), outliers, timeliness, participation: across sources, before the totals.
  const review = reviewSubmissions(config, outcomes);
  issues.push(...review.issues, ...oversizedTotals(config, review.outcomes));
  const unitOrder = new Map(config.units.map((u, index) => [u.id, index]));
  issues.sort((a, b) => compareIssues(a, b, unitOrder));
  const consolidation = withReview(consolidate(config, review.outcomes, issues), review);
  return { consolidation, issues, outcomes: review.outcomes, perSource };
}

/**
 * One source, with any unexpected error (a bug, or input no check foresaw) caught and kept as a
 * located issue: one strange file never costs the campaign its report.
 */
function analyseGuarded(read: SourceRead, unitKind: UnitKind, aliases: AliasTable): SourceAnalysis {
  try {
    return analyseSource(read, unitKind, aliases);
  } catch (error) {
    const { source } = read;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const failure = makeIssue('SOURCE_ANALYSIS_FAILED', { unitId: source.unitId, source: source.display }, { reason: reason.slice(0, 200) });
    return {
      outcome: { path: source.display, unitId: source.unitId, status: 'failed', failure: 'SOURCE_ANALYSIS_FAILED', sheets: [], donations: [] },
      issues: [failure],
      read: 'failed',
    };
  }
}

/** Largest amount a double adds exactly; past it a total would state a figure nobody wrote. */
const LARGEST_EXACT = Number.MAX_SAFE_INTEGER;

/** TOTAL_TOO_LARGE for each unit, and for the campaign, whose sum is past exact arithmetic. */
function oversizedTotals(config: CampaignConfig, outcomes: SourceOutcome[]): Issue[] {
  const byUnit = new Map<string, number>();
  for (const o of outcomes) for (const d of o.donations) byUnit.set(o.unitId, (byUnit.get(o.unitId) ?? 0) + d.amount);
  const issues: Issue[] = [];
  const limit = formatMoney(LARGEST_EXACT);
  let all = 0;
  for (const unit of config.units) {
    const sum = byUnit.get(unit.id) ?? 0;
    all += sum;
    if (sum > LARGEST_EXACT) issues.push(makeIssue('TOTAL_TOO_LARGE', { unitId: unit.id }, { amount: formatMoney(sum), limit }));
  }
  if (issues.length === 0 && all > LARGEST_EXACT) issues.push(makeIssue('TOTAL_TOO_LARGE', {}, { amount: formatMoney(all), limit }));
  return issues;
}

/**
 * One source: its records and its own issues. An unchanged source reuses its snapshot; a source
 * that fails while a last good snapshot exists stands in with that snapshot, marked stale. Pure.
 */
export function analyseSource(read: SourceRead, unitKind: UnitKind, aliases: AliasTable): SourceAnalysis {
  const { source } = read;
  const where = { unitId: source.unitId, source: source.display };
  if ('reused' in read) return { ...reusedSource(read), read: 'reused' };
  if (!read.ok) {
    const failure = makeIssue(read.error.issueCode, where, { ...read.error.params });
    if (read.lastGood) {
      const stale = staleSource(read.lastGood, where);
      return { outcome: stale.outcome, issues: [failure, ...stale.issues], read: 'stale' };
    }
    return {
      outcome: { path: source.display, unitId: source.unitId, status: 'failed', failure: read.error.issueCode, sheets: [], donations: [] },
      issues: [failure],
      read: 'failed',
    };
  }
  const issues: Issue[] = [];
  issues.push(...repairLegacyGrid(read.grid, where));
  const extraction = extractDonations(
    read.grid,
    {
      unitId: source.unitId,
      unitKind,
      source: source.display,
      sha256: read.sha256,
      sheet: source.spec.sheet,
      range: source.spec.range,
    },
    aliases,
  );
  issues.push(...extraction.issues);
  const failedWhole = extraction.issues.some((i) => i.code === 'SOURCE_NO_DATA' || i.code === 'SHEET_NOT_FOUND');
  const outcome: SourceOutcome = {
    path: source.display,
    unitId: source.unitId,
    status: failedWhole && extraction.donations.length === 0 ? 'failed' : 'ok',
    sha256: read.sha256,
    sheets: extraction.sheets,
    donations: extraction.donations,
  };
  if (outcome.status === 'failed') outcome.failure = extraction.issues.find((i) => i.code === 'SOURCE_NO_DATA' || i.code === 'SHEET_NOT_FOUND')!.code;
  if (read.modifiedAt) outcome.modifiedAt = read.modifiedAt;
  Object.assign(outcome, reportDateOf(read.grid, source.spec.sheet));
  if (outcome.status === 'failed' && read.lastGood) {
    const stale = staleSource(read.lastGood, where);
    return { outcome: stale.outcome, issues: [...issues, ...stale.issues], read: 'stale' };
  }
  return { outcome, issues, read: outcome.status === 'ok' ? 'parsed' : 'failed' };
}
