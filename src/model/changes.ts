/**
 * Shapes of a run's counters and of "what changed since the last successful run", both part of
 * summary.json (src/model/summary.ts). Kept apart so the diff can be computed from stored summaries.
 */
import { z } from 'zod';

const Int = z.number().int();

/** What a nightly run did, to show (and test) that unchanged work was skipped. */
export const RunStatsSchema = z.object({
  /** Sources found this run. */
  sources: Int,
  /** Sources read and parsed from their bytes. */
  parsed: Int,
  /** Unchanged sources whose stored snapshot was reused instead of parsing them again. */
  reused: Int,
  /** Sources that failed and stand in with their last good snapshot. */
  stale: Int,
  /** Sources that failed with no earlier snapshot to fall back on. */
  failed: Int,
  /** PDF files printed by this run (0 when the outputs of an identical earlier run were reused). */
  rendered: Int,
  /** The earlier run whose outputs were linked into this one because nothing had changed. */
  outputsReusedFrom: z.string().optional(),
  durationMs: Int.optional(),
});
export type RunStats = z.infer<typeof RunStatsSchema>;

const Delta = z.object({ before: Int, after: Int, difference: Int });
export type Delta = z.infer<typeof Delta>;

const SourceStateSchema = z.object({
  status: z.string(),
  sha256: z.string().optional(),
  records: Int,
  amount: Int,
  stale: z.boolean().optional(),
});

const SourceChangeSchema = z.object({
  unitId: z.string(),
  path: z.string(),
  change: z.enum(['added', 'updated', 'removed']),
  before: SourceStateSchema.optional(),
  after: SourceStateSchema.optional(),
});
export type SourceChange = z.infer<typeof SourceChangeSchema>;

const UnitChangeSchema = z.object({ unitId: z.string(), name: z.string(), amount: Delta, donors: Delta });
export type UnitChange = z.infer<typeof UnitChangeSchema>;

/** A unit's status field (status, stale, or any status another stage adds) that changed value. */
const StatusChangeSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  field: z.string(),
  from: z.union([z.string(), z.boolean()]).nullable(),
  to: z.union([z.string(), z.boolean()]).nullable(),
  kind: z.enum(['newly-missing', 'newly-failed', 'newly-late', 'newly-stale', 'now-reported', 'changed']),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

/** An issue as matched between runs: by code and location. */
const IssueRefSchema = z.object({
  code: z.string(),
  severity: z.string(),
  message: z.string(),
  unitId: z.string().optional(),
  source: z.string().optional(),
  sheet: z.string().optional(),
  row: Int.optional(),
  cell: z.string().optional(),
});
export type IssueRef = z.infer<typeof IssueRefSchema>;

/**
 * A donor (one row of a list) added, removed or changed (amount or name) in a source that changed.
 * The place is where the row is now (where it was, for a removed donor).
 */
const DonorChangeSchema = z.object({
  unitId: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  name: z.string(),
  /** The name before, when the row now reads differently. */
  previousName: z.string().optional(),
  amount: Delta,
  source: z.string(),
  sheet: z.string(),
  row: Int,
  /** The amount's cell (the name's when the amount has none). */
  cell: z.string().optional(),
});
export type DonorChange = z.infer<typeof DonorChangeSchema>;

/** Differences from the previous successful run (`previousRunId` null: this is the first run). */
export const ChangesSchema = z.object({
  previousRunId: z.string().nullable(),
  previousStartedAt: z.string().optional(),
  totals: z.object({ amount: Delta, donors: Delta, reported: Delta }),
  sources: z.array(SourceChangeSchema),
  units: z.array(UnitChangeSchema),
  statuses: z.array(StatusChangeSchema),
  issues: z.object({ new: z.array(IssueRefSchema), resolved: z.array(IssueRefSchema) }),
  /** Donors added, removed or changed in the sources that changed (absent in runs before this was kept). */
  donors: z.array(DonorChangeSchema).optional(),
  /** The bank reconciliation since the previous run (campaigns with `bank:`): money in, matched, misses, matches made or undone. */
  reconciliation: z
    .object({
      received: Delta,
      matchedReceived: Delta,
      notReceived: Delta,
      unreported: Delta,
      newMatches: z.array(z.string()),
      goneMatches: z.array(z.string()),
    })
    .optional(),
});
export type Changes = z.infer<typeof ChangesSchema>;
