/**
 * Who reported and when. Every unit in the config is expected; each gets a status from its sources'
 * outcomes and submission times, measured against the campaign deadline. Pure.
 */
import type { CampaignConfig, SourceSpec } from '../model/config.js';
import type { SourceOutcome } from '../model/source.js';
import type { WorkbookGrid } from '../model/grid.js';
import { formatDateShort } from '../format/date.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { findReportDate } from './report-date.js';
import {
  SUBMISSION_VIA_LABELS,
  type Completeness,
  type SubmissionVia,
  type UnitSubmission,
} from '../model/review.js';

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Vietnam of an ISO date or date-time ("2023-10-04T18:30:00Z" → "2023-10-05"). */
export function vietnamDay(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso.slice(0, 10);
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(isoDay: string): number {
  return Math.round(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
}

function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * "Trước ngày 05/10/2023": with deadlineInclusive (the default) a report of 05/10 is on time;
 * without it the last on-time day is 04/10.
 */
export function lastOnTimeDay(config: CampaignConfig): string {
  return config.campaign.deadlineInclusive ? config.campaign.deadline : addDays(config.campaign.deadline, -1);
}

/** What the analysis records about when a source arrived. */
type SubmissionStamp = Pick<SourceOutcome, 'submittedAt' | 'submittedVia'>;

function configuredSubmittedAt(spec: SourceSpec): string | undefined {
  return 'submittedAt' in spec && typeof spec.submittedAt === 'string' ? spec.submittedAt : undefined;
}

/** The place-date line of a sheet, as recorded on the source's outcome by the analysis. */
export function reportDateOf(grid: WorkbookGrid, sheet: string | undefined): Pick<SourceOutcome, 'reportDate' | 'reportDateCell'> {
  const found = findReportDate(grid, { sheet });
  return found ? { reportDate: found.date, reportDateCell: `${found.sheet}!${found.cell}` } : {};
}

/** Without a report date, file times this long after the deadline are copies, not submissions. */
const FILE_TIME_GRACE_DAYS = 30;

/**
 * A file's modification time after the report's date cannot be when the unit sent it (the file was
 * copied or saved again since): such a time is unknown, not "late by N days". With no `report.date`
 * the run's own day says nothing, so a time more than FILE_TIME_GRACE_DAYS after the deadline is
 * taken for a copy (files copied today for a 2023 campaign are not "1158 days late").
 */
export function modifiedAfterReport(config: CampaignConfig, modifiedAt: string | undefined): boolean {
  if (modifiedAt === undefined) return false;
  const limit = config.report.date ?? addDays(config.campaign.deadline, FILE_TIME_GRACE_DAYS);
  return vietnamDay(modifiedAt) > limit;
}

/**
 * When a source was submitted, by priority: a date in the config (the source's, then the unit's),
 * the place-date line written in the sheet (unless it is older than the plan: a template left over
 * from an earlier campaign), then the file's or Drive's modification time.
 */
export function stampSubmission(
  config: CampaignConfig,
  source: { unitId: string; spec: SourceSpec },
  outcome: Pick<SourceOutcome, 'reportDate' | 'modifiedAt'>,
): SubmissionStamp {
  const unit = config.units.find((u) => u.id === source.unitId);
  const configured = configuredSubmittedAt(source.spec) ?? unit?.submittedAt;
  const written = outcome.reportDate && outcome.reportDate >= config.campaign.plan.date ? outcome.reportDate : undefined;
  if (configured) return { submittedAt: configured, submittedVia: 'config' };
  if (written) return { submittedAt: written, submittedVia: 'sheet' };
  if (outcome.modifiedAt && !modifiedAfterReport(config, outcome.modifiedAt)) return { submittedAt: outcome.modifiedAt, submittedVia: source.spec.type === 'file' ? 'file' : 'drive' };
  return {};
}

/**
 * Status of every configured unit and the completeness table; UNIT_LATE issues for late units.
 * A unit's report counts as received on the latest day among its readable sources (a supplement
 * sent after the deadline makes the unit late: the report was not complete until then).
 */
export function assessCompleteness(
  config: CampaignConfig,
  outcomes: readonly SourceOutcome[],
): { completeness: Completeness; issues: Issue[] } {
  const lastDay = lastOnTimeDay(config);
  const issues: Issue[] = [];
  const units: UnitSubmission[] = config.units.map((unit) => {
    const own = outcomes.filter((o) => o.unitId === unit.id);
    const entry: UnitSubmission = { unitId: unit.id, status: 'missing', sources: own.map((o) => o.path) };
    if (own.length === 0) return entry;
    const readable = own.filter((o) => o.status === 'ok');
    // Last good data standing in for a file that now fails (nightly runs) still counts, marked stale.
    if (own.some((o) => o.stale)) entry.status = 'stale';
    else if (readable.length === 0) {
      entry.status = 'failed';
      return entry;
    }
    let latest: { day: string; via: SubmissionVia } | undefined;
    for (const o of readable) {
      if (!o.submittedAt || !o.submittedVia) continue;
      const day = vietnamDay(o.submittedAt);
      if (!latest || day > latest.day) latest = { day, via: o.submittedVia };
    }
    if (latest) {
      entry.submittedAt = latest.day;
      entry.submittedVia = latest.via;
    }
    if (entry.status === 'stale') return entry;
    if (!latest) {
      entry.status = 'undated';
      return entry;
    }
    const daysLate = dayNumber(latest.day) - dayNumber(lastDay);
    if (daysLate > 0) {
      entry.status = 'late';
      entry.daysLate = daysLate;
      issues.push(
        makeIssue('UNIT_LATE', { unitId: unit.id }, {
          unit: unit.name,
          submitted: formatDateShort(latest.day),
          days: daysLate,
          deadline: formatDateShort(config.campaign.deadline),
          via: SUBMISSION_VIA_LABELS[latest.via],
        }),
      );
    } else {
      entry.status = 'on-time';
    }
    return entry;
  });

  const count = (status: UnitSubmission['status']): number => units.filter((u) => u.status === status).length;
  const received = units.length - count('missing') - count('failed');
  return {
    completeness: {
      deadline: config.campaign.deadline,
      deadlineInclusive: config.campaign.deadlineInclusive,
      lastOnTimeDay: lastDay,
      expected: units.length,
      received,
      onTime: count('on-time'),
      late: count('late'),
      undated: count('undated'),
      stale: count('stale'),
      missing: count('missing'),
      failed: count('failed'),
      receivedRatio: units.length > 0 ? received / units.length : 0,
      units,
    },
    issues,
  };
}
