import { z } from 'zod';
import { DonorCategorySchema, MoneyStatusSchema } from '../core/record.js';
import { UnitKindSchema } from '../config/schema.js';

const Money = z.number().int().nonnegative();

export const CategoryTotalsSchema = z.record(DonorCategorySchema, z.object({ amount: Money, donors: z.number().int() }));
export const StatusTotalsSchema = z.record(MoneyStatusSchema, Money);

export const SheetOutcomeSchema = z.object({
  sheet: z.string(),
  hidden: z.boolean(),
  outcome: z.enum(['read', 'summary', 'no-header', 'hidden', 'empty', 'missing-column']),
  headerRows: z.tuple([z.number().int(), z.number().int()]).optional(),
  columns: z.record(z.string(), z.string()).optional(),
  donors: z.number().int(),
  amount: Money,
});

export const SourceSummarySchema = z.object({
  path: z.string(),
  unitId: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Donor rows read (a row split across money stages is one donor). */
  records: z.number().int(),
  amount: Money,
  sha256: z.string().optional(),
  modifiedAt: z.string().optional(),
  /** Issue code when the source failed as a whole. */
  failure: z.string().optional(),
  sheets: z.array(SheetOutcomeSchema),
});
export type SourceSummary = z.infer<typeof SourceSummarySchema>;

export const UnitSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().optional(),
  kind: UnitKindSchema,
  group: z.string(),
  status: z.enum(['reported', 'missing', 'failed']),
  amount: Money,
  donors: z.number().int(),
  target: Money.optional(),
  /** amount / target, when a target is set. */
  targetRatio: z.number().optional(),
  byCategory: CategoryTotalsSchema,
  byStatus: StatusTotalsSchema,
  sources: z.array(z.string()),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type UnitSummary = z.infer<typeof UnitSummarySchema>;

export const GroupSummarySchema = z.object({
  label: z.string(),
  unitIds: z.array(z.string()),
  amount: Money,
  donors: z.number().int(),
  target: Money.optional(),
  byCategory: CategoryTotalsSchema,
  byStatus: StatusTotalsSchema,
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

export const TopDonorSchema = z.object({
  name: z.string(),
  unitId: z.string(),
  amount: Money,
  source: z.string(),
  sheet: z.string(),
  row: z.number().int(),
});

export const TotalsSchema = z.object({
  amount: Money,
  donors: z.number().int(),
  target: Money.optional(),
  targetRatio: z.number().optional(),
  byCategory: CategoryTotalsSchema,
  byStatus: StatusTotalsSchema,
  units: z.object({
    expected: z.number().int(),
    reported: z.number().int(),
    missing: z.number().int(),
    failed: z.number().int(),
  }),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const ConsolidationSchema = z.object({
  totals: TotalsSchema,
  groups: z.array(GroupSummarySchema),
  units: z.array(UnitSummarySchema),
  sources: z.array(SourceSummarySchema),
  topDonors: z.array(TopDonorSchema),
});
export type Consolidation = z.infer<typeof ConsolidationSchema>;
