/**
 * Shapes of what the submission checks add to a consolidation (and so to summary.json): who reported
 * and when, suspected duplicates and the staff's decisions on them, and the one-day-wage participation.
 * Kept apart from consolidate/schema.ts so the checks can grow without touching the totals.
 */
import { z } from 'zod';
import { MoneySchema as Money, CountSchema as Count } from './numbers.js';

/** Where a source's submission time came from. */
export const SubmissionViaSchema = z.enum(['config', 'sheet', 'file', 'drive']);
export type SubmissionVia = z.infer<typeof SubmissionViaSchema>;

/** Vietnamese labels for reports: "nguồn thời điểm: …". */
export const SUBMISSION_VIA_LABELS: Readonly<Record<SubmissionVia, string>> = {
  config: 'cấu hình',
  sheet: 'ngày ghi trong báo cáo',
  file: 'tệp',
  drive: 'Drive',
};

const SubmissionStatusSchema = z.enum(['on-time', 'late', 'undated', 'stale', 'failed', 'missing']);
type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;

const UnitSubmissionSchema = z.object({
  unitId: z.string(),
  status: SubmissionStatusSchema,
  /** Day the unit's report counts as received (Vietnam time): the latest of its readable sources. */
  submittedAt: z.string().optional(),
  submittedVia: SubmissionViaSchema.optional(),
  /** Calendar days after the last on-time day (late units only). */
  daysLate: z.number().int().positive().optional(),
  sources: z.array(z.string()),
});
export type UnitSubmission = z.infer<typeof UnitSubmissionSchema>;

/** Who reported: the completeness table of the report and the dashboard. */
export const CompletenessSchema = z.object({
  deadline: z.string(),
  /** True when a report dated on the deadline day is on time. */
  deadlineInclusive: z.boolean(),
  /** The last day a report counts as on time. */
  lastOnTimeDay: z.string(),
  expected: Count,
  /** Units whose data counts: on time + late + undated + stale. */
  received: Count,
  onTime: Count,
  late: Count,
  undated: Count,
  stale: Count,
  missing: Count,
  failed: Count,
  /** received / expected (0 when nothing is expected). */
  receivedRatio: z.number(),
  units: z.array(UnitSubmissionSchema),
});
export type Completeness = z.infer<typeof CompletenessSchema>;

/** One side of a suspected pair: enough to open the file and find the row. */
const PairSideSchema = z.object({
  unitId: z.string(),
  source: z.string(),
  sheet: z.string(),
  row: z.number().int().positive(),
  /** Cell of the donor's name. */
  cell: z.string().optional(),
  name: z.string(),
  address: z.string().optional(),
  amount: Money,
});
export type PairSide = z.infer<typeof PairSideSchema>;

const SuspectedPairSchema = z.object({
  /** Stable across runs: copy it into decisions.yaml. */
  pair: z.string(),
  kind: z.enum(['duplicate', 'overlap']),
  /** 0–100, see src/review/overlaps.ts. */
  score: z.number().int(),
  /** Why the two rows look like one donation. */
  evidence: z.array(z.string()),
  a: PairSideSchema,
  b: PairSideSchema,
});
export type SuspectedPair = z.infer<typeof SuspectedPairSchema>;

/** A donor row left out of the totals because staff decided it repeats another. */
const ExcludedRowSchema = PairSideSchema.extend({
  pair: z.string(),
  /** The source whose row is counted instead. */
  keptIn: z.string(),
});
export type ExcludedRow = z.infer<typeof ExcludedRowSchema>;

export const OverlapsSchema = z.object({
  /** Pairs nobody has decided on yet. */
  suspected: z.array(SuspectedPairSchema),
  /** The money that may be counted twice among undecided pairs (each row once). */
  suspectedAmount: Money,
  decided: z.object({ same: Count, different: Count }),
  excluded: z.array(ExcludedRowSchema),
  excludedAmount: Money,
  /** Decisions in the file that matched no pair of this run. */
  unusedDecisions: z.array(z.string()),
});
export type Overlaps = z.infer<typeof OverlapsSchema>;

const ParticipationRowSchema = z.object({
  unitId: z.string(),
  /** Aggregate rows (member units) carrying both counts. */
  rows: Count,
  headcount: Count,
  participants: Count,
  /** participants / headcount. */
  rate: z.number().optional(),
});
export type ParticipationRow = z.infer<typeof ParticipationRowSchema>;

/** The one-day-wage call: people who gave out of the people asked, from aggregate rows. */
export const ParticipationSchema = z.object({
  units: z.array(ParticipationRowSchema),
  headcount: Count,
  participants: Count,
  rate: z.number().optional(),
});
export type Participation = z.infer<typeof ParticipationSchema>;

/** Added to totals: counted money stays the total; overlaps are shown beside it. */
export const OverlapTotalsSchema = z.object({
  suspectedPairs: Count,
  suspectedAmount: Money,
  excludedRows: Count,
  excludedAmount: Money,
});

/** "trùng"/"khác" typed in Vietnamese are read as same/different. */
function decisionWord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
  if (['trung', 'la mot', 'cung mot'].includes(word)) return 'same';
  if (['khac', 'khac nhau', 'khac nguoi'].includes(word)) return 'different';
  return word;
}

/** One staff decision on a suspected pair (decisions.yaml). */
export const DecisionSchema = z
  .object({
    /** The pair id from the issue or summary.json ("tr-3fa9c01b2d"). */
    pair: z.string().trim().regex(/^tr-[0-9a-f]{10}$/, 'expected a pair id like tr-3fa9c01b2d'),
    /** same: one donation, count it once; different: two donations, stop reporting the pair. */
    decision: z.preprocess(decisionWord, z.enum(['same', 'different'])),
    /** For "same": the source path (or unit id) whose row is counted. @default the pair's first side */
    keep: z.string().trim().min(1).optional(),
    /** Who decided, when and why: kept for the record, never used. */
    by: z.string().optional(),
    date: z.union([z.string(), z.date()]).optional(),
    note: z.string().optional(),
  })
  .strict();
export type Decision = z.infer<typeof DecisionSchema>;
