/**
 * The report's words for the submission checks: the completeness table and its notes, and the
 * sentences beside the total about repeats and the one-day-wage participation. Pure.
 */
import { SUBMISSION_VIA_LABELS } from '../../model/review.js';
import type { CampaignConfig } from '../../model/config.js';
import type { Consolidation } from '../../model/consolidation.js';
import { formatDateShort } from '../../format/date.js';
import { formatCount, formatMoney, formatPercent } from '../../format/number.js';
import type { ReportView, SubmissionsView } from './view.js';

/** "trước ngày 05/10/2023 (báo cáo gửi trong ngày 05/10/2023 vẫn đúng hạn)" */
export function deadlineText(config: CampaignConfig): string {
  const day = formatDateShort(config.campaign.deadline);
  return config.campaign.deadlineInclusive
    ? `trước ngày ${day} (báo cáo gửi trong ngày ${day} vẫn tính là đúng hạn)`
    : `trước ngày ${day} (báo cáo gửi từ ngày ${day} trở đi tính là chậm)`;
}

function submissionsView(config: CampaignConfig, consolidation: Consolidation): SubmissionsView | undefined {
  const c = consolidation.completeness;
  if (!c) return undefined;
  const names = new Map(config.units.map((u) => [u.id, u.name]));
  const notes = [`Hạn gửi báo cáo: ${deadlineText(config)}.`];
  const late = c.units.filter((u) => u.status === 'late');
  if (late.length) {
    const list = late.map(
      (u) =>
        `${names.get(u.unitId) ?? u.unitId} (chậm ${u.daysLate} ngày, gửi ngày ${formatDateShort(u.submittedAt!)}` +
        `${u.submittedVia ? `, nguồn thời điểm: ${SUBMISSION_VIA_LABELS[u.submittedVia]}` : ''})`,
    );
    notes.push(`Đơn vị gửi chậm: ${list.join('; ')}.`);
  }
  const stale = c.units.filter((u) => u.status === 'stale');
  if (stale.length) {
    notes.push(`Đơn vị có tệp mới không đọc được, đang dùng số liệu lần trước: ${stale.map((u) => names.get(u.unitId) ?? u.unitId).join(', ')}.`);
  }
  const undated = c.units.filter((u) => u.status === 'undated');
  if (undated.length) {
    notes.push(`Đơn vị đã gửi nhưng chưa rõ ngày gửi: ${undated.map((u) => names.get(u.unitId) ?? u.unitId).join(', ')}.`);
  }
  return {
    expected: formatCount(c.expected),
    received: formatCount(c.received),
    onTime: formatCount(c.onTime),
    late: formatCount(c.late),
    missing: formatCount(c.missing),
    failed: formatCount(c.failed),
    percent: formatPercent(c.receivedRatio),
    notes,
  };
}

/** Sentences beside the total: money left out as repeats, money still suspected, participation. */
export function checkNotes(config: CampaignConfig, consolidation: Consolidation): string[] {
  const notes: string[] = [];
  const overlap = consolidation.totals.overlap;
  if (overlap && overlap.excludedRows > 0) {
    notes.push(
      `Tổng số trên đã loại ${formatCount(overlap.excludedRows)} khoản ghi trùng giữa các danh sách ` +
        `(${formatMoney(overlap.excludedAmount)} đồng) theo xác nhận của cán bộ tổng hợp.`,
    );
  }
  if (overlap && overlap.suspectedPairs > 0) {
    notes.push(
      `Còn ${formatCount(overlap.suspectedPairs)} cặp khoản nghi ghi trùng chưa xác minh, ` +
        `tổng ${formatMoney(overlap.suspectedAmount)} đồng (vẫn đang tính trong tổng số trên).`,
    );
  }
  const p = consolidation.participation;
  if (p && p.headcount > 0 && p.rate !== undefined) {
    const names = new Map(config.units.map((u) => [u.id, u.name]));
    const from = p.units.map((u) => names.get(u.unitId) ?? u.unitId).join(', ');
    notes.push(
      `Hưởng ứng ủng hộ 01 ngày lương: ${formatCount(p.participants)}/${formatCount(p.headcount)} cán bộ, công chức, ` +
        `viên chức, người lao động tham gia, đạt ${formatPercent(p.rate)} (theo báo cáo của ${from}).`,
    );
  }
  return notes;
}

/** The optional parts of the report view the checks add (none when the consolidation has no checks). */
export function checksView(config: CampaignConfig, consolidation: Consolidation): Pick<ReportView, 'submissions' | 'checkNotes'> {
  const view: Pick<ReportView, 'submissions' | 'checkNotes'> = {};
  const submissions = submissionsView(config, consolidation);
  if (submissions) view.submissions = submissions;
  const notes = checkNotes(config, consolidation);
  if (notes.length) view.checkNotes = notes;
  return view;
}
