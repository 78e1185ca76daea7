import type { CampaignConfig } from '../config/schema.js';
import type { Consolidation, GroupSummary, UnitSummary } from '../consolidate/schema.js';
import { DonorCategorySchema, MoneyStatusSchema } from '../core/record.js';
import { formatDateLong, formatDateShort } from '../format/date.js';
import { formatCount, formatMoney, formatPercent } from '../format/number.js';
import { amountInWords } from '../format/words.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../normalize/categories.js';
import type { CategoryRow, ReportRow, ReportView, StatusRow } from './report-view.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** Narrative text of a section, as paragraphs (blank-line separated, markdown markers dropped). */
export type Narrative = { direction: string[]; assessment: string[]; recommendations: string[] };

type Figures = Pick<UnitSummary, 'amount' | 'donors' | 'byCategory' | 'byStatus'> & { target?: number | undefined };

function moneyOrBlank(n: number): string {
  return n === 0 ? '' : formatMoney(n);
}

function figureColumns(f: Figures): Omit<ReportRow, 'stt' | 'name' | 'note' | 'kind'> {
  const c = f.byCategory;
  const paid = f.byStatus.paid + f.byStatus.transferred;
  return {
    target: f.target !== undefined ? formatMoney(f.target) : '',
    cbccvc: moneyOrBlank(c.cbccvc.amount),
    business: moneyOrBlank(c.business.amount),
    philanthropist: moneyOrBlank(c.philanthropist.amount + c.overseas.amount),
    resident: moneyOrBlank(c.resident.amount),
    other: moneyOrBlank(c['armed-forces'].amount + c.organisation.amount + c.other.amount),
    total: formatMoney(f.amount),
    percent: f.target ? formatPercent(f.amount / f.target) : '',
    paid: moneyOrBlank(paid),
    unpaid: moneyOrBlank(f.amount - paid),
    donors: formatCount(f.donors),
  };
}

const STATUS_NOTES: Record<UnitSummary['status'], string> = {
  reported: '',
  missing: 'Chưa báo cáo',
  failed: 'Tệp lỗi, chưa đọc được',
};

function unitRows(consolidation: Consolidation): ReportRow[] {
  const rows: ReportRow[] = [];
  const byId = new Map(consolidation.units.map((u) => [u.id, u]));
  consolidation.groups.forEach((group: GroupSummary, gi) => {
    if (group.unitIds.length === 0) return;
    rows.push({ ...blankFigures(), stt: ROMAN[gi] ?? String(gi + 1), name: group.label, note: '', kind: 'group' });
    group.unitIds.forEach((id, ui) => {
      const unit = byId.get(id)!;
      const figures = unit.status === 'reported' ? figureColumns(unit) : { ...blankFigures(), target: unit.target !== undefined ? formatMoney(unit.target) : '' };
      const note = unit.status === 'reported' && unit.errors > 0 ? `Có ${unit.errors} lỗi cần sửa` : STATUS_NOTES[unit.status];
      rows.push({ ...figures, stt: String(ui + 1), name: unit.name, note, kind: 'unit' });
    });
    rows.push({ ...figureColumns(group), stt: '', name: 'Cộng', note: '', kind: 'subtotal' });
  });
  const total = consolidation.totals;
  const targets = consolidation.groups.map((g) => g.target).filter((t): t is number => t !== undefined);
  const unitTargets = targets.length ? targets.reduce((a, b) => a + b, 0) : undefined;
  rows.push({ ...figureColumns({ ...total, target: unitTargets }), stt: '', name: 'Tổng cộng', note: '', kind: 'total' });
  return rows;
}

function blankFigures(): Omit<ReportRow, 'stt' | 'name' | 'note' | 'kind'> {
  return { target: '', cbccvc: '', business: '', philanthropist: '', resident: '', other: '', total: '', percent: '', paid: '', unpaid: '', donors: '' };
}

function share(part: number, whole: number): string {
  return whole > 0 ? formatPercent(part / whole) : '';
}

/** Builds the report's view: every figure worded and formatted, nothing left for templates to compute. */
export function buildReportView(
  config: CampaignConfig,
  consolidation: Consolidation,
  options: { reportDate: string; narrative: Narrative; generatedNote: string },
): ReportView {
  const { totals } = consolidation;
  const unitName = new Map(consolidation.units.map((u) => [u.id, u.name]));
  const missing = consolidation.units.filter((u) => u.status !== 'reported');
  const c = config.campaign;

  const results: string[] = [];
  results.push(
    `Tính đến ${formatDateLong(options.reportDate)}, có ${totals.units.reported}/${totals.units.expected} đơn vị đã báo cáo kết quả vận động; ` +
      `${formatCount(totals.donors)} lượt tập thể, cá nhân tham gia ủng hộ.`,
  );
  if (totals.target !== undefined && totals.targetRatio !== undefined) {
    results.push(`So với chỉ tiêu ${formatMoney(totals.target)} đồng, đạt ${formatPercent(totals.targetRatio)}.`);
  }
  if (missing.length) {
    results.push(`Các đơn vị chưa có số liệu: ${missing.map((u) => u.name).join(', ')}.`);
  }

  const categoryRows: CategoryRow[] = DonorCategorySchema.options
    .filter((cat) => totals.byCategory[cat].amount > 0)
    .map((cat, i) => ({
      stt: String(i + 1),
      label: CATEGORY_LABELS[cat],
      donors: formatCount(totals.byCategory[cat].donors),
      amount: formatMoney(totals.byCategory[cat].amount),
      share: share(totals.byCategory[cat].amount, totals.amount),
      kind: 'row' as const,
    }));
  categoryRows.push({ stt: '', label: 'Tổng cộng', donors: formatCount(totals.donors), amount: formatMoney(totals.amount), share: totals.amount > 0 ? '100%' : '', kind: 'total' });

  const statusRows: StatusRow[] = MoneyStatusSchema.options.map((s) => ({
    label: STATUS_LABELS[s],
    amount: formatMoney(totals.byStatus[s]),
    share: share(totals.byStatus[s], totals.amount),
  }));

  const direction = options.narrative.direction.length
    ? options.narrative.direction
    : [
        `Thực hiện Kế hoạch số ${c.plan.number} ngày ${formatDateShort(c.plan.date)} về ${c.purpose}, ` +
          `thời gian từ ngày ${formatDateShort(c.period.from)} đến ngày ${formatDateShort(c.period.to)}, ` +
          `các đơn vị đã triển khai vận động và báo cáo kết quả như sau.`,
      ];

  return {
    issuerParents: config.issuer.parents,
    issuerBody: config.issuer.body,
    numberLine: `Số: ${config.report.number}`,
    placeDate: `${config.issuer.place}, ${formatDateLong(options.reportDate)}`,
    kind: config.report.kind,
    subject: c.title,
    recipients: config.report.recipients,
    direction,
    resultParagraphs: results,
    totalAmount: formatMoney(totals.amount),
    totalInWords: amountInWords(totals.amount),
    totalDonors: formatCount(totals.donors),
    reportedUnits: `${totals.units.reported}/${totals.units.expected}`,
    missingUnits: missing.map((u) => u.name),
    unitRows: unitRows(consolidation),
    categoryRows,
    statusRows,
    topDonors: consolidation.topDonors.slice(0, config.report.topDonors).map((d, i) => ({
      stt: String(i + 1),
      name: d.name,
      unit: unitName.get(d.unitId) ?? d.unitId,
      amount: formatMoney(d.amount),
    })),
    assessment: options.narrative.assessment,
    recommendations: options.narrative.recommendations,
    signerOnBehalf: config.issuer.signer.onBehalf,
    signerTitle: config.issuer.signer.title,
    signerName: config.issuer.signer.name,
    copiesTo: config.report.copiesTo.map((line) => (line.startsWith('-') ? line : `- ${line}`)),
    generatedNote: options.generatedNote,
  };
}

/** Splits a staff-written text/markdown file into paragraphs. */
export function narrativeParagraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.replace(/^#{1,6}\s+/, '').replace(/^\s*[-*]\s+/, '- ').trim())
        .join(' ')
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/\*(.+?)\*/g, '$1')
        .trim(),
    )
    .filter(Boolean);
}
