import { z } from 'zod';
import { ConsolidationSchema } from './consolidation.js';
import { CertificateSummarySchema } from './certificate.js';
import { ChangesSchema, RunStatsSchema } from './changes.js';
import { IssueCodeSchema, SeveritySchema } from './issue.js';

export const SUMMARY_SCHEMA_VERSION = 1;

export const SummaryIssueSchema = z.object({
  code: IssueCodeSchema,
  severity: SeveritySchema,
  message: z.string(),
  hint: z.string(),
  unitId: z.string().optional(),
  source: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  cell: z.string().optional(),
});

const RunInfoSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  tool: z.string(),
  /** What the run parsed, reused and printed (runs written by `run`; absent for in-memory analyses). */
  stats: RunStatsSchema.optional(),
});

/** summary.json: the machine-readable result of a run (JSON Schema in schema/summary.schema.json). */
export const SummarySchema = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  run: RunInfoSchema,
  campaign: z.object({
    title: z.string(),
    purpose: z.string(),
    plan: z.object({ number: z.string(), date: z.string() }),
    period: z.object({ from: z.string(), to: z.string() }),
    deadline: z.string(),
    target: z.number().int().optional(),
    reportNumber: z.string(),
    reportDate: z.string(),
  }),
  totals: ConsolidationSchema.shape.totals,
  groups: ConsolidationSchema.shape.groups,
  units: ConsolidationSchema.shape.units,
  sources: ConsolidationSchema.shape.sources,
  topDonors: ConsolidationSchema.shape.topDonors,
  /** Who reported, when, and how late (the dashboard's completeness table). */
  completeness: ConsolidationSchema.shape.completeness,
  /** Suspected repeats still undecided, and rows excluded by decisions.yaml. */
  overlaps: ConsolidationSchema.shape.overlaps,
  /** One-day-wage participation from aggregate rows. */
  participation: ConsolidationSchema.shape.participation,
  /** The money trail: statement credits against money reported as sent (campaigns with `bank:`). */
  reconciliation: ConsolidationSchema.shape.reconciliation,
  issueCounts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  issues: z.array(SummaryIssueSchema),
  /** Thank-you certificates of this run (only when the campaign configures them). */
  certificates: CertificateSummarySchema.optional(),
  /** What changed since the previous successful run (every written run has it). */
  changes: ChangesSchema.optional(),
});
export type Summary = z.infer<typeof SummarySchema>;
export type RunInfo = z.infer<typeof RunInfoSchema>;

/** JSON Schema of summary.json, generated from the zod schema (committed; a test keeps it in step). */
export function summaryJsonSchema(): unknown {
  return z.toJSONSchema(SummarySchema, { target: 'draft-2020-12' });
}
