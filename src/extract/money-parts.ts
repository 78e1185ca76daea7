import type { MoneyStatus } from '../model/record.js';
import type { AmountRole } from './columns.js';

export type RowAmount = { status: MoneyStatus | undefined; role: AmountRole; amount: number; col: number };
type MoneyPart = { status: MoneyStatus; amount: number; col: number };

/** What a row's money cells add up to: the parts to count, and a row-total column that disagrees with them. */
type RowMoney = { parts: MoneyPart[]; total: number; totalMismatch?: { col: number; stated: number } };

const STAGE: MoneyStatus[] = ['pledged', 'collected', 'paid', 'transferred'];

/**
 * Several amount columns on one row. Columns naming a money status are stages of the same money
 * (pledged ⊇ collected ⊇ paid ⊇ transferred), so each stage gets only what the later stage lacks —
 * unless an "outstanding" column ("Chưa nộp", "Còn nợ") is beside them: then every column is its
 * own share. Columns without a status are separate sums (cash, transfer, hamlets, months) and all
 * count. A row-total column ("Cộng", "Tổng số") is counted only when nothing else is filled; else
 * it is the whole of the stages, or a check on the separate sums.
 */
export function moneyParts(amounts: RowAmount[], rowStatus: MoneyStatus): RowMoney {
  const totals = amounts.filter((a) => a.role === 'total');
  let others = amounts.filter((a) => a.role !== 'total');
  if (others.length === 0) {
    // The usual row: one amount column (or only the total filled).
    const whole = totals.reduce((best, a) => (a.amount > best.amount ? a : best), totals[0]!);
    const status = whole.status ?? rowStatus;
    return { parts: whole.amount > 0 ? [{ status, amount: whole.amount, col: whole.col }] : [], total: whole.amount };
  }
  const disjoint = others.some((a) => a.role === 'outstanding');
  const allStages = others.every((a) => a.status !== undefined);
  const total = totals[0];
  if (total && !disjoint && allStages) {
    // "Tổng số" beside "Đã nộp": the whole pledge, of which the stage columns are parts.
    others = [...others, { ...total, status: 'pledged', role: 'part' }];
  }
  const parts: MoneyPart[] = [];
  const staged: MoneyPart[] = [];
  for (const a of others) {
    if (a.status === undefined || disjoint) {
      if (a.amount > 0) parts.push({ status: a.status ?? rowStatus, amount: a.amount, col: a.col });
    } else staged.push({ status: a.status, amount: a.amount, col: a.col });
  }
  staged.sort((a, b) => STAGE.indexOf(b.status) - STAGE.indexOf(a.status));
  let covered = 0;
  for (const stage of staged) {
    const extra = stage.amount - covered;
    if (extra > 0) parts.push({ ...stage, amount: extra });
    covered = Math.max(covered, stage.amount);
  }
  const sum = parts.reduce((n, p) => n + p.amount, 0);
  const result: RowMoney = { parts, total: sum };
  if (total && total.amount !== sum && !(allStages && !disjoint)) result.totalMismatch = { col: total.col, stated: total.amount };
  return result;
}
