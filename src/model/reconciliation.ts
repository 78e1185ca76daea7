/**
 * The money trail: bank statement lines as read, what units and direct donors reported as sent,
 * the matches between them (with confidence and evidence) and what does not match, both ways.
 * Part of summary.json (`reconciliation`); matching itself is src/review/reconcile.ts.
 */
import { z } from 'zod';

const Money = z.number().int().nonnegative();
const Count = z.number().int().nonnegative();

/** One line of a bank statement, as its file has it. */
const StatementLineSchema = z.object({
  /** Stable across runs (file, reference, date, amounts, memo; not the row, which shifts). */
  id: z.string(),
  source: z.string(),
  sheet: z.string(),
  /** 1-based row (or line of the PDF's text). */
  row: z.number().int().positive(),
  /** Field → cell address ("credit" → "E12"); empty for PDF statements. */
  cells: z.record(z.string(), z.string()),
  /** ISO date of the transaction (undefined when the line has none it could read). */
  date: z.string().optional(),
  credit: Money,
  debit: Money,
  memo: z.string(),
  reference: z.string().optional(),
  balance: z.number().optional(),
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

/** A statement file as read: its lines, or why it could not be read. */
const StatementReadSchema = z.object({
  path: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Issue code and reason when the file failed. */
  failure: z.string().optional(),
  reason: z.string().optional(),
  sha256: z.string().optional(),
  /** Account number printed in the statement, when found. */
  account: z.string().optional(),
  lines: z.array(StatementLineSchema),
});
export type StatementRead = z.infer<typeof StatementReadSchema>;

/** Money reported as sent to the account: a unit's "đã nộp"/"đã chuyển" rows, or a donor who transferred directly. */
const ReceivableSchema = z.object({
  /** "unit:xa-an-tho" or "donor:<unit>:<name>:<amount>". */
  party: z.string(),
  kind: z.enum(['unit', 'donor']),
  unitId: z.string(),
  name: z.string(),
  amount: Money,
  /** Donor rows behind the amount. */
  rows: Count,
  /** Direct donors: the row to trace it to. */
  source: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().int().positive().optional(),
  cell: z.string().optional(),
  date: z.string().optional(),
});
export type Receivable = z.infer<typeof ReceivableSchema>;

const MatchKindSchema = z.enum(['exact', 'fee', 'split', 'combined', 'amount-only', 'differs']);
type MatchKind = z.infer<typeof MatchKindSchema>;

export const MATCH_KIND_LABELS: Readonly<Record<MatchKind, string>> = {
  exact: 'khớp đúng số tiền',
  fee: 'khớp, trừ phí ngân hàng',
  split: 'chuyển thành nhiều lần',
  combined: 'nhiều đơn vị chung một lần chuyển',
  'amount-only': 'chỉ khớp số tiền',
  differs: 'số tiền chênh lệch',
};

/** Statement lines and reported money taken to be the same money. */
const MatchSchema = z.object({
  /** Stable across runs: copy it into decisions.yaml (`matches:`). */
  id: z.string(),
  kind: MatchKindSchema,
  /** matched: sure enough; suggested: staff should confirm; confirmed: staff did; differs: linked but amounts differ. */
  status: z.enum(['matched', 'suggested', 'confirmed', 'differs']),
  /** 0–100 (src/review/reconcile.ts). */
  confidence: z.number().int(),
  evidence: z.array(z.string()),
  lines: z.array(z.string()),
  parties: z.array(z.string()),
  received: Money,
  reported: Money,
  /** received − reported (negative: less arrived than reported). */
  difference: z.number().int(),
});
export type Match = z.infer<typeof MatchSchema>;

export const ReconciliationSchema = z.object({
  account: z.string().optional(),
  /** Credits dated inside this window are the campaign's receipts. */
  window: z.object({ from: z.string(), to: z.string() }),
  feeMargin: Money,
  statements: z.array(StatementReadSchema.omit({ lines: true }).extend({ lines: Count, credits: Money, debits: Money })),
  lines: z.array(StatementLineSchema),
  receivables: z.array(ReceivableSchema),
  /** Credits in the window. */
  received: Money,
  /** Debits (money passed up or spent), listed apart. */
  debited: Money,
  /** Money units and direct donors reported as sent. */
  reported: Money,
  /** Of received, the credits in a match (confirmed, matched or differing). */
  matchedReceived: Money,
  matches: z.array(MatchSchema),
  /** Parties reported as sent with no credit found. */
  notReceived: z.array(z.string()),
  /** Credits in the window nobody reported. */
  unreported: z.array(z.string()),
  /** Credits dated outside the window. */
  outsideWindow: z.array(z.string()),
  debits: z.array(z.string()),
  decided: z.object({ confirmed: Count, rejected: Count }),
  unusedDecisions: z.array(z.string()),
});
export type Reconciliation = z.infer<typeof ReconciliationSchema>;

/** "đúng"/"sai" typed in Vietnamese are read as confirm/reject. */
function matchWord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
  if (['dung', 'xac nhan', 'khop', 'dong y'].includes(word)) return 'confirm';
  if (['sai', 'khong dung', 'bac bo', 'khong khop', 'tu choi'].includes(word)) return 'reject';
  return word;
}

/** One staff decision on a match (decisions.yaml, under `matches:`). */
export const MatchDecisionSchema = z
  .object({
    /** The match id from the issue or summary.json ("dc-3fa9c01b2d"). */
    match: z.string().trim().regex(/^dc-[0-9a-f]{10}$/, 'expected a match id like dc-3fa9c01b2d'),
    decision: z.preprocess(matchWord, z.enum(['confirm', 'reject'])),
    by: z.string().optional(),
    date: z.union([z.string(), z.date()]).optional(),
    note: z.string().optional(),
  })
  .strict();
export type MatchDecision = z.infer<typeof MatchDecisionSchema>;
