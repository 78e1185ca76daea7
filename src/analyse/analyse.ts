import type { CampaignConfig, UnitKind } from '../model/config.js';
import type { Consolidation } from '../model/consolidation.js';
import type { WorkbookGrid } from '../model/grid.js';
import type { MoneyStatus } from '../model/record.js';
import { compareIssues, makeIssue, type Issue } from '../model/issue.js';
import type { AcceptedBytes, ResolvedSource, ReusedRead, SourceOutcome, SourceSnapshot, UnresolvedSource } from '../model/source.js';
import type { SourceError } from '../errors/errors.js';
import { buildAliasTable, type AliasTable } from '../extract/columns.js';
import { settleSummaryFiles } from '../extract/aggregate.js';
import { extractDonations } from '../extract/extract.js';
import { repairLegacyGrid } from '../extract/repair.js';
import { modifiedAfterReport, reportDateOf, stampSubmission, vietnamDay } from '../review/completeness.js';
import { dropRepeatedLists } from '../review/same-list.js';
import { findDatesOutsidePeriod } from '../review/period.js';
import { formatDateShort } from '../format/date.js';
import { catalogue } from '../model/issue-catalogue.js';
import { reviewSubmissions, withReview } from '../review/review.js';
import { consolidate } from '../consolidate/consolidate.js';
import { formatMoney } from '../format/number.js';
import { reusedSource, staleSource } from './snapshots.js';

/** A source as read from the outside world: a grid, or the reason it could not be read. */
export type SourceRead =
  | { source: ResolvedSource; ok: true; grid: WorkbookGrid; sha256: string; modifiedAt?: string; lastGood?: SourceSnapshot; accepted?: AcceptedBytes }
  | { source: ResolvedSource; ok: false; error: SourceError; lastGood?: SourceSnapshot }
  /** Unchanged since its snapshot was taken (nightly runs): not parsed again. */
  | ({ source: ResolvedSource; ok: true } & ReusedRead)
  /** Analysed as soon as it was read (`digestRead`), its grid already let go. */
  | DigestedRead;

/**
 * A source whose own analysis is done and whose grid is dropped: a province's 200 grids (a million
 * rows of cells) are then never all in memory at once, only the records taken from them.
 */
type DigestedRead = { source: ResolvedSource; ok: true; sha256: string; modifiedAt?: string; accepted?: AcceptedBytes; digested: SourceAnalysis };

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
  unresolved: UnresolvedSource[] = [],
  aliases: AliasTable = buildAliasTable(config.columns),
): Analysis {
  const issues: Issue[] = [];
  const outcomes: SourceOutcome[] = [];
  const kinds = new Map(config.units.map((u) => [u.id, u.kind]));

  for (const { unitId, pattern, reason } of unresolved) {
    if (reason) issues.push(makeIssue(reason.code, { unitId, source: String(reason.params.path ?? pattern) }, reason.params));
    else issues.push(makeIssue('SOURCE_NOT_FOUND', { unitId, source: pattern }, { pattern }));
  }
  const perSource: SourceAnalysis[] = [];
  for (const read of reads) {
    const unit = config.units.find((u) => u.id === read.source.unitId);
    const one = analyseGuarded(read, kinds.get(read.source.unitId) ?? 'commune', aliases, unit?.status ?? config.status);
    Object.assign(one.outcome, stampSubmission(config, read.source, one.outcome));
    if (!one.outcome.submittedAt && modifiedAfterReport(config, one.outcome.modifiedAt)) {
      issues.push(makeIssue('SUBMISSION_TIME_UNKNOWN', { unitId: read.source.unitId, source: read.source.display }, {
        modified: formatDateShort(vietnamDay(one.outcome.modifiedAt!)),
        limit: config.report.date ? `ngày báo cáo ${formatDateShort(config.report.date)}` : `hạn báo cáo ${formatDateShort(config.campaign.deadline)} quá 30 ngày`,
      }));
    }
    perSource.push(one);
  }
  // A unit's summary file beside its detail files is checked against them, not counted (src/extract/aggregate.ts).
  for (const one of settleSummaryFiles(perSource)) {
    issues.push(...one.issues);
    outcomes.push(one.outcome);
  }
  const unitNames = new Map(config.units.map((u) => [u.id, u.name]));
  // The same list twice counts once; then a unit whose sources yield no donor rows has not reported.
  const repeated = dropRepeatedLists(outcomes, unitNames);
  issues.push(...repeated.issues, ...unitsWithoutRows(config, repeated.outcomes, perSource));
  const counted = repeated.outcomes.map((o) => (o.status === 'ok' && !unitHasRows(repeated.outcomes, o.unitId) && !o.stale ? { ...o, status: 'failed' as const, failure: 'UNIT_NO_ROWS' } : o));
  for (const unit of config.units) {
    if (!outcomes.some((o) => o.unitId === unit.id)) {
      issues.push(makeIssue('UNIT_MISSING', { unitId: unit.id }, { unit: unit.name }));
      for (const u of unresolved) {
        // Local paths only (they carry `closest`); an empty Drive folder is SOURCE_NOT_FOUND enough.
        if (u.unitId !== unit.id || u.reason || !u.closest) continue;
        const closest = u.closest?.length ? u.closest.map((f) => `"${f}"`).join(', ') : 'không có tệp nào';
        issues.push(makeIssue('SOURCE_PATH_UNMATCHED', { unitId: unit.id, source: u.pattern }, { unit: unit.name, pattern: u.pattern, closest }));
      }
    }
  }
  issues.push(...findDatesOutsidePeriod(config, counted));
  // Duplicates (with staff decisions), outliers, timeliness, participation: across sources, before the totals.
  const review = reviewSubmissions(config, counted);
  issues.push(...review.issues, ...oversizedTotals(config, review.outcomes));
  const unitOrder = new Map(config.units.map((u, index) => [u.id, index]));
  issues.sort((a, b) => compareIssues(a, b, unitOrder));
  const consolidation = withReview(consolidate(config, review.outcomes, issues), review);
  return { consolidation, issues, outcomes: review.outcomes, perSource };
}

/**
 * Analyses one source the moment intake has read it and returns it without its grid. A source that
 * fails whole keeps its grid (it may fall back on its last good snapshot, which analyse attaches later).
 */
export function digestRead(config: CampaignConfig, read: SourceRead, aliases: AliasTable): SourceRead {
  if (!read.ok || !('grid' in read)) return read;
  const unit = config.units.find((u) => u.id === read.source.unitId);
  const one = analyseGuarded(read, unit?.kind ?? 'commune', aliases, unit?.status ?? config.status);
  if (one.read !== 'parsed') return read;
  const { grid: _dropped, lastGood: _none, ...kept } = read;
  return { ...kept, digested: one };
}

/**
 * One source, with any unexpected error (a bug, or input no check foresaw) caught and kept as a
 * located issue: one strange file never costs the campaign its report.
 */
function analyseGuarded(read: SourceRead, unitKind: UnitKind, aliases: AliasTable, defaultStatus?: MoneyStatus): SourceAnalysis {
  try {
    return analyseSource(read, unitKind, aliases, defaultStatus);
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
function analyseSource(read: SourceRead, unitKind: UnitKind, aliases: AliasTable, defaultStatus?: MoneyStatus): SourceAnalysis {
  const { source } = read;
  const where = { unitId: source.unitId, source: source.display };
  if ('reused' in read) return { ...reusedSource(read), read: 'reused' };
  if ('digested' in read) return read.digested;
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
      defaultStatus,
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

function unitHasRows(outcomes: readonly SourceOutcome[], unitId: string): boolean {
  return outcomes.some((o) => o.unitId === unitId && o.donations.length > 0);
}

/**
 * UNIT_NO_ROWS for each unit with a readable source but not one donor row in any: it has not
 * reported, and the issue says, per file, why nothing was read (the first problem found there).
 */
function unitsWithoutRows(config: CampaignConfig, outcomes: readonly SourceOutcome[], perSource: readonly SourceAnalysis[]): Issue[] {
  const issues: Issue[] = [];
  for (const unit of config.units) {
    const own = outcomes.filter((o) => o.unitId === unit.id);
    if (!own.some((o) => o.status === 'ok') || own.some((o) => o.stale) || unitHasRows(outcomes, unit.id)) continue;
    const why = own.map((o) => {
      const found = perSource.find((p) => p.outcome.unitId === unit.id && p.outcome.path === o.path);
      const first = [...(found?.issues ?? [])].sort((a, b) => rank(a.severity) - rank(b.severity))[0];
      const reason = o.failure && o.failure !== 'UNIT_NO_ROWS' && o.failure in catalogue
        ? catalogue[o.failure as keyof typeof catalogue].title.toLowerCase()
        : first ? catalogue[first.code].title.toLowerCase() : 'không có dòng nào có họ tên và số tiền';
      return `tệp "${o.path}": ${reason}`;
    });
    issues.push(makeIssue('UNIT_NO_ROWS', { unitId: unit.id }, { unit: unit.name, why: why.join('; ') }));
  }
  return issues;
}

function rank(severity: Issue['severity']): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}
