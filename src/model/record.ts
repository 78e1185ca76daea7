import { z } from 'zod';

/** Where a figure came from: enough to open the file and put a finger on the row. */
const ProvenanceSchema = z.object({
  /** Source path as written in reports (relative to the campaign folder, or a Google URL). */
  source: z.string(),
  sheet: z.string(),
  /** 1-based spreadsheet row number. */
  row: z.number().int().positive(),
  /** Field → cell address ("amount" → "F12"). */
  cells: z.record(z.string(), z.string()),
  /** sha256 of the source file's bytes (or of the fetched values for Google sources). */
  sha256: z.string(),
});

/**
 * Money moves pledged → collected → paid to the campaign account → transferred upward.
 * 'unstated': the list does not say (no status column, blank cell) and no default was configured.
 */
export const MoneyStatusSchema = z.enum(['pledged', 'collected', 'paid', 'transferred', 'unstated']);
export type MoneyStatus = z.infer<typeof MoneyStatusSchema>;

export const DonorCategorySchema = z.enum([
  'cbccvc',
  'business',
  'philanthropist',
  'overseas',
  'resident',
  'armed-forces',
  'organisation',
  'other',
]);
export type DonorCategory = z.infer<typeof DonorCategorySchema>;

const DonationSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  address: z.string().optional(),
  category: DonorCategorySchema,
  status: MoneyStatusSchema,
  /** Whole đồng. */
  amount: z.number().int().nonnegative(),
  /** ISO date (YYYY-MM-DD) when the sheet gives one. */
  date: z.string().optional(),
  note: z.string().optional(),
  /** The donor asked not to be named in public: a mark in an "Ẩn danh" / "Không công khai tên" column. */
  anonymous: z.boolean().optional(),
  /** Aggregate rows (an agency reporting for its staff): people in the unit. */
  headcount: z.number().int().nonnegative().optional(),
  /** Aggregate rows: people who gave (for the "one day's wage" participation rate). */
  participants: z.number().int().nonnegative().optional(),
  provenance: ProvenanceSchema,
});
export type Donation = z.infer<typeof DonationSchema>;
