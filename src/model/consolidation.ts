import { z } from 'zod';
import { MoneySchema as Money } from './numbers.js';
import { DonorCategorySchema, MoneyStatusSchema } from './record.js';
import { UnitKindSchema } from './config.js';
import { ReconciliationSchema } from './reconciliation.js';
import { CompletenessSchema, OverlapsSchema, OverlapTotalsSchema, ParticipationSchema, SubmissionViaSchema } from './review.js';

const CategoryTotalsSchema = z.record(DonorCategorySchema, z.object({ amount: Money, donors: z.number().int() }));
const StatusTotalsSchema = z.record(MoneyStatusSchema, Money);

const SheetOutcomeSchema = z.object({
  sheet: z.string(),
  hidden: z.boolean(),
  outcome: z.enum(['read', 'summary', 'no-header', 'hidden', 'empty', 'missing-column']),
  headerRows: z.tuple([z.number().int(), z.number().int()]).optional(),
  columns: z.record(z.string(), z.string()).optional(),
  donors: z.number().int(),
  amount: Money,
});

const SourceSummarySchema = z.object({
  path: z.string(),
  unitId: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Donor rows read (a row split across money stages is one donor). */
  records: z.number().int(),
  amount: Money,
  sha256: z.string().optional(),
  modifiedAt: z.string().optional(),
  /** When the unit submitted it (ISO date or date-time) and where that came from (src/review/completeness.ts). */
  submittedAt: z.string().optional(),
  submittedVia: SubmissionViaSchema.optional(),
  /** The date of the place-date line written in the sheet ("…, ngày 28 tháng 9 năm 2023") and its cell ("Danh sách!F45"). */
  reportDate: z.string().optional(),
  reportDateCell: z.string().optional(),
  /** Issue code when the source failed as a whole. */
  failure: z.string().optional(),
  /** The current file failed; these figures are its last good snapshot (nightly runs). */
  stale: z.boolean().optional(),
  /** Run that read the snapshot standing in for a stale source. */
  staleFrom: z.string().optional(),
  sheets: z.array(SheetOutcomeSchema),
});
export type SourceSummary = z.infer<typeof SourceSummarySchema>;

/** The figures a unit and the whole campaign both have. */
const FiguresSchema = z.object({
  amount: Money,
  donors: z.number().int(),
  target: Money.optional(),
  /** amount / target, when a target is set. */
  targetRatio: z.number().optional(),
  byCategory: CategoryTotalsSchema,
  byStatus: StatusTotalsSchema,
});

const UnitSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().optional(),
  kind: UnitKindSchema,
  group: z.string(),
  status: z.enum(['reported', 'missing', 'failed']),
  /** Reported, but some figures come from the last good snapshot of a file that now fails. */
  stale: z.boolean().optional(),
  ...FiguresSchema.shape,
  sources: z.array(z.string()),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type UnitSummary = z.infer<typeof UnitSummarySchema>;

const GroupSummarySchema = z.object({
  label: z.string(),
  unitIds: z.array(z.string()),
  amount: Money,
  donors: z.number().int(),
  target: Money.optional(),
  byCategory: CategoryTotalsSchema,
  byStatus: StatusTotalsSchema,
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

const TopDonorSchema = z.object({
  name: z.string(),
  unitId: z.string(),
  amount: Money,
  source: z.string(),
  sheet: z.string(),
  row: z.number().int(),
});

const TotalsSchema = z.object({
  ...FiguresSchema.shape,
  units: z.object({
    expected: z.number().int(),
    reported: z.number().int(),
    missing: z.number().int(),
    failed: z.number().int(),
  }),
  /** Suspected and excluded repeats beside the counted total (src/review/review.ts). */
  overlap: OverlapTotalsSchema.optional(),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const ConsolidationSchema = z.object({
  totals: TotalsSchema,
  groups: z.array(GroupSummarySchema),
  units: z.array(UnitSummarySchema),
  sources: z.array(SourceSummarySchema),
  topDonors: z.array(TopDonorSchema),
  /** Who reported and when; suspected repeats and decisions; one-day-wage participation (src/review). */
  completeness: CompletenessSchema.optional(),
  overlaps: OverlapsSchema.optional(),
  participation: ParticipationSchema.optional(),
  /** Bank statement credits matched with what was reported as sent (only when the campaign has `bank:`). */
  reconciliation: ReconciliationSchema.optional(),
});
export type Consolidation = z.infer<typeof ConsolidationSchema>;
