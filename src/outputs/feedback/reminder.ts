/**
 * Reminder letters ("thư đôn đốc"): one page in the ND30 letter layout (the same template as the
 * feedback letter) to each unit whose report has not arrived, before or after the deadline, and,
 * when `reminders.belowTarget` is set, to each unit that reported less than its target. Each names
 * the plan, the deadline and what is missing. Pure: config and consolidation in, views out.
 */
import type { CampaignConfig } from '../../model/config.js';
import type { Consolidation } from '../../model/consolidation.js';
import { formatDateShort } from '../../format/date.js';
import { formatMoney, formatPercent } from '../../format/number.js';
import { purposeCampaign } from '../../format/purpose.js';
import { issuerSentenceName } from '../certificates/select.js';
import { deadlineText } from '../report/submissions.js';
import { buildLetterFrame, type FeedbackLetterView } from './letter.js';

export type Reminder = { unitId: string; reason: 'missing' | 'below-target'; view: FeedbackLetterView };

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/** The reminders a run writes, in unit order. */
export function buildReminders(config: CampaignConfig, consolidation: Consolidation, reportDate: string): Reminder[] {
  const settings = config.reminders;
  if (!settings.enabled) return [];
  const issuerName = config.certificates?.issuerName ?? issuerSentenceName(config.issuer.body, config.issuer.parents);
  const plan = config.campaign.plan;
  const lastDay = consolidation.completeness?.lastOnTimeDay ?? config.campaign.deadline;
  const overdue = dayNumber(reportDate) - dayNumber(lastDay);
  const status = new Map((consolidation.completeness?.units ?? []).map((u) => [u.unitId, u.status]));
  const summaries = new Map(consolidation.units.map((u) => [u.id, u]));
  const planLine =
    `Thực hiện Kế hoạch số ${plan.number} ngày ${formatDateShort(plan.date)} của ${issuerName} về việc ${purposeCampaign(config.campaign.purpose)}, ` +
    `các đơn vị gửi báo cáo kết quả kèm danh sách người ủng hộ về ${issuerName} ${deadlineText(config)}.`;

  const out: Reminder[] = [];
  for (const unit of config.units) {
    const summary = summaries.get(unit.id);
    const missing = status.get(unit.id) === 'missing' || (status.get(unit.id) === undefined && summary?.status === 'missing');
    const target = unit.target ?? summary?.target;
    const below = settings.belowTarget && !missing && target !== undefined && target > 0 && (summary?.amount ?? 0) < target;
    if (!missing && !below) continue;
    const intro = [planLine];
    const closing: string[] = [];
    if (missing) {
      intro.push(
        `Đến ngày ${formatDateShort(reportDate)}, ${issuerName} chưa nhận được báo cáo kết quả và danh sách ủng hộ của ${unit.name}` +
          (overdue > 0 ? `, đã chậm ${overdue} ngày so với thời hạn nêu trên.` : '.'),
      );
      closing.push(
        `Đề nghị ${unit.name} khẩn trương tổng hợp, gửi báo cáo kết quả vận động kèm danh sách người ủng hộ (họ tên, địa chỉ, số tiền) về ${issuerName} ` +
          // On the last day itself "trước ngày <deadline>" would ask for the impossible: name the last day.
          (overdue > 0 ? 'ngay khi nhận được văn bản này' : `chậm nhất trong ngày ${formatDateShort(lastDay)}`) +
          ' để kịp tổng hợp báo cáo cấp trên.',
      );
    } else {
      const amount = summary?.amount ?? 0;
      intro.push(
        `Theo báo cáo đã nhận, ${unit.name} đã vận động được ${formatMoney(amount)} đồng, đạt ${formatPercent(amount / target!)} ` +
          `chỉ tiêu được giao (${formatMoney(target!)} đồng); còn ${formatMoney(target! - amount)} đồng chưa đạt.`,
      );
      closing.push(`Đề nghị ${unit.name} tiếp tục vận động, phấn đấu hoàn thành chỉ tiêu và báo cáo kết quả bổ sung về ${issuerName}.`);
    }
    closing.push('Trân trọng./.');
    const view = buildLetterFrame(config, reportDate, {
      subjectLine: missing ? 'V/v đôn đốc gửi báo cáo kết quả vận động' : 'V/v đôn đốc thực hiện chỉ tiêu vận động',
      recipient: unit.name,
      intro,
      closing,
    });
    out.push({ unitId: unit.id, reason: missing ? 'missing' : 'below-target', view });
  }
  return out;
}
