import { z } from 'zod';
import { ISSUE_CODES, catalogue, type IssueCode } from './issue-catalogue.js';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const IssueCodeSchema = z.enum(ISSUE_CODES);

/** Exact place of a data problem; every field that is known is filled. */
const LocationSchema = z.object({
  unitId: z.string().optional(),
  source: z.string().optional(),
  sheet: z.string().optional(),
  /** 1-based row. */
  row: z.number().int().positive().optional(),
  /** Column letter ("F"). */
  column: z.string().optional(),
  /** Cell address ("F12"). */
  cell: z.string().optional(),
});
export type Location = z.infer<typeof LocationSchema>;

const IssueParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type IssueParams = z.infer<typeof IssueParamsSchema>;

/** A collected data problem. Messages are rendered from code + params in one place (messages.ts). */
const IssueSchema = z.object({
  code: IssueCodeSchema,
  severity: SeveritySchema,
  params: IssueParamsSchema,
  location: LocationSchema,
});
export type Issue = z.infer<typeof IssueSchema>;

export function makeIssue(code: IssueCode, location: Location, params: IssueParams = {}): Issue {
  return { code, severity: catalogue[code].severity, params, location: dropUndefined(location) };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order for every listing: by unit (in the given order), source, sheet, row, severity, code. */
export function compareIssues(a: Issue, b: Issue, unitOrder: ReadonlyMap<string, number> = new Map()): number {
  const unitRank = (i: Issue) => unitOrder.get(i.location.unitId ?? '') ?? Number.MAX_SAFE_INTEGER;
  return (
    unitRank(a) - unitRank(b) ||
    (a.location.unitId ?? '').localeCompare(b.location.unitId ?? '') ||
    (a.location.source ?? '').localeCompare(b.location.source ?? '') ||
    (a.location.sheet ?? '').localeCompare(b.location.sheet ?? '') ||
    (a.location.row ?? 0) - (b.location.row ?? 0) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    a.code.localeCompare(b.code)
  );
}
