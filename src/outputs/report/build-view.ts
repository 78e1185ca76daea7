import type { CampaignConfig } from '../../model/config.js';
import type { Consolidation, GroupSummary, UnitSummary } from '../../model/consolidation.js';
import { DonorCategorySchema, MoneyStatusSchema } from '../../model/record.js';
import { formatDateLong, formatDateShort } from '../../format/date.js';
import { formatCount, formatMoney, formatPercent } from '../../format/number.js';
import { summedAmountInWords } from '../../format/words.js';
import { purposeCampaign } from '../../format/purpose.js';
import { clipText } from '../../format/text.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../extract/categories.js';
import { reconciliationView } from './reconciliation-view.js';
import type { CategoryAnnex, CategoryRow, GroupSection, ReportRow, ReportView, StatusRow } from './view.js';
import { checksView } from './submissions.js';

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
    // Owed as the lists say; money of unstated status is not owed (the limits line names it).
    unpaid: moneyOrBlank(f.byStatus.pledged + f.byStatus.collected),
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

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

function ratio(unit: Pick<UnitSummary, 'amount' | 'target'>): number | undefined {
  return unit.target ? unit.amount / unit.target : undefined;
}

/** Section II per group: who reported, how much, share of the whole, target, who reached it, who is missing. */
function groupSections(consolidation: Consolidation): GroupSection[] {
  const byId = new Map(consolidation.units.map((u) => [u.id, u]));
  const total = consolidation.totals.amount;
  return consolidation.groups
    .filter((g) => g.unitIds.length > 0)
    .map((group) => {
      const units = group.unitIds.map((id) => byId.get(id)!);
      const reported = units.filter((u) => u.status === 'reported');
      const sentences = [
        `${group.label}: ${reported.length}/${units.length} đơn vị đã báo cáo, vận động được ${formatMoney(group.amount)} đồng` +
          (total > 0 ? `, bằng ${formatPercent(group.amount / total)} tổng số` : '') +
          (group.target ? `, đạt ${formatPercent(group.amount / group.target)} chỉ tiêu` : '') +
          '.',
      ];
      const reached = reported.filter((u) => (ratio(u) ?? 0) >= 1);
      if (reached.length) {
        sentences.push(`Đạt và vượt chỉ tiêu: ${reached.map((u) => `${u.name} (${formatPercent(ratio(u)!)})`).join(', ')}.`);
      }
      const missing = units.filter((u) => u.status === 'missing').map((u) => u.name);
      const failed = units.filter((u) => u.status === 'failed').map((u) => u.name);
      if (missing.length) sentences.push(`Chưa báo cáo: ${missing.join(', ')}.`);
      if (failed.length) sentences.push(`Tệp báo cáo lỗi, chưa đọc được: ${failed.join(', ')}.`);
      sentences.push('Chi tiết tại Biểu 01.');
      // Organisations are few and each is named in the text of a report: list them in a short table.
      const organisations = units.every((u) => u.kind === 'organisation' || u.kind === 'agency');
      const table: GroupSection['table'] = organisations
        ? [
            ...units.map((u, i) => ({
              stt: String(i + 1),
              name: u.name,
              amount: u.status === 'reported' ? formatMoney(u.amount) : '',
              percent: u.status === 'reported' && ratio(u) !== undefined ? formatPercent(ratio(u)!) : '',
              note: STATUS_NOTES[u.status],
              kind: 'row' as const,
            })),
            {
              stt: '',
              name: 'Cộng',
              amount: formatMoney(group.amount),
              percent: group.target ? formatPercent(group.amount / group.target) : '',
              note: '',
              kind: 'total' as const,
            },
          ]
        : [];
      return { heading: `Kết quả của ${lowerFirst(group.label)}`, paragraph: sentences.join(' '), table };
    });
}

/** Biểu 02: each donor category, per group of units and in total. */
function categoryAnnex(consolidation: Consolidation): CategoryAnnex {
  const groups = consolidation.groups.filter((g) => g.unitIds.length > 0);
  const { totals } = consolidation;
  const rows: CategoryAnnex['rows'] = DonorCategorySchema.options
    .filter((cat) => totals.byCategory[cat].amount > 0)
    .map((cat, i) => ({
      stt: String(i + 1),
      label: CATEGORY_LABELS[cat],
      cells: groups.map((g) => ({
        donors: g.byCategory[cat].donors ? formatCount(g.byCategory[cat].donors) : '',
        amount: moneyOrBlank(g.byCategory[cat].amount),
      })),
      donors: formatCount(totals.byCategory[cat].donors),
      amount: formatMoney(totals.byCategory[cat].amount),
      share: share(totals.byCategory[cat].amount, totals.amount),
      kind: 'row' as const,
    }));
  rows.push({
    stt: '',
    label: 'Tổng cộng',
    cells: groups.map((g) => ({ donors: formatCount(g.donors), amount: formatMoney(g.amount) })),
    donors: formatCount(totals.donors),
    amount: formatMoney(totals.amount),
    share: totals.amount > 0 ? '100%' : '',
    kind: 'total',
  });
  const columns = 2 + groups.length * 2 + 3;
  return {
    groups: groups.map((g) => g.label),
    columnNumbers: Array.from({ length: columns }, (_, i) => `(${i + 1})`),
    rows: rows.length > 1 ? rows : [],
  };
}

/** Section III when staff wrote none: the facts an assessment starts from, worded plainly. */
function defaultAssessment(consolidation: Consolidation): string[] {
  const { totals, units } = consolidation;
  const reported = units.filter((u) => u.status === 'reported');
  const withTarget = reported.filter((u) => u.target);
  const reached = withTarget.filter((u) => (ratio(u) ?? 0) >= 1);
  const out = [
    `Đợt vận động được các đơn vị hưởng ứng; ${totals.units.reported}/${totals.units.expected} đơn vị đã báo cáo với ` +
      `${formatCount(totals.donors)} lượt tập thể, cá nhân ủng hộ, tổng số tiền ${formatMoney(totals.amount)} đồng` +
      (totals.targetRatio !== undefined ? `, đạt ${formatPercent(totals.targetRatio)} chỉ tiêu` : '') +
      '.',
  ];
  if (withTarget.length) {
    out.push(`Có ${reached.length}/${withTarget.length} đơn vị đã báo cáo đạt và vượt chỉ tiêu được giao.`);
  }
  const late = units.filter((u) => u.status !== 'reported').map((u) => u.name);
  const unpaid = totals.byStatus.pledged + totals.byStatus.collected;
  const limits: string[] = [];
  if (late.length) limits.push(`${late.length} đơn vị chưa có số liệu (${late.join(', ')})`);
  if (unpaid > 0) limits.push(`${formatMoney(unpaid)} đồng đã đăng ký hoặc đã thu nhưng chưa nộp về tài khoản`);
  // Lists that do not say where their money is: stated as unknown, never counted as owed.
  if (totals.byStatus.unstated > 0) limits.push(`${formatMoney(totals.byStatus.unstated)} đồng chưa rõ đã nộp về tài khoản hay chưa (danh sách không ghi tình trạng)`);
  if (limits.length) out.push(`Tuy nhiên, còn ${limits.join('; ')}.`);
  return out;
}

/** Section IV when staff wrote none: what the figures ask of the units. */
function defaultRecommendations(consolidation: Consolidation): string[] {
  const { totals, units } = consolidation;
  const out: string[] = [];
  const late = units.filter((u) => u.status !== 'reported').map((u) => u.name);
  if (late.length) out.push(`Đề nghị ${late.join(', ')} khẩn trương tổng hợp, báo cáo kết quả vận động.`);
  const unpaid = totals.byStatus.pledged + totals.byStatus.collected;
  if (unpaid > 0) out.push('Đề nghị các đơn vị còn số tiền đã đăng ký, đã thu nhưng chưa nộp khẩn trương nộp về tài khoản theo quy định.');
  if (totals.byStatus.unstated > 0) out.push('Đề nghị các đơn vị ghi rõ tình trạng từng khoản (đã thu, đã nộp về tài khoản, đã chuyển cấp trên) trong danh sách gửi về để tổng hợp chính xác.');
  if (out.length === 0) out.push('Đề nghị các đơn vị tiếp tục thực hiện việc quản lý, sử dụng nguồn ủng hộ đúng mục đích, công khai, minh bạch.');
  return out;
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

  // "Chưa rõ" appears only when some list left its status unsaid.
  const statusRows: StatusRow[] = MoneyStatusSchema.options.filter((s) => s !== 'unstated' || totals.byStatus.unstated > 0).map((s) => ({
    label: STATUS_LABELS[s],
    amount: formatMoney(totals.byStatus[s]),
    share: share(totals.byStatus[s], totals.amount),
  }));

  const direction = options.narrative.direction.length
    ? options.narrative.direction
    : [
        `Thực hiện Kế hoạch số ${c.plan.number} ngày ${formatDateShort(c.plan.date)} về việc ${purposeCampaign(c.purpose)}, ` +
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
    totalInWords: summedAmountInWords(totals.amount),
    totalDonors: formatCount(totals.donors),
    reportedUnits: `${totals.units.reported}/${totals.units.expected}`,
    missingUnits: missing.map((u) => u.name),
    unitRows: unitRows(consolidation),
    categoryRows,
    statusRows,
    topDonors: consolidation.topDonors.slice(0, config.report.topDonors).map((d, i) => ({
      stt: String(i + 1),
      // A hostile 10,000-character cell must not fill pages of the report.
      name: clipText(d.name),
      unit: unitName.get(d.unitId) ?? d.unitId,
      amount: formatMoney(d.amount),
    })),
    groupSections: groupSections(consolidation),
    categoryAnnex: categoryAnnex(consolidation),
    assessment: options.narrative.assessment.length ? options.narrative.assessment : defaultAssessment(consolidation),
    recommendations: options.narrative.recommendations.length ? options.narrative.recommendations : defaultRecommendations(consolidation),
    signerOnBehalf: config.issuer.signer.onBehalf,
    signerTitle: config.issuer.signer.title,
    signerName: config.issuer.signer.name,
    copiesTo: config.report.copiesTo.map((line) => (line.startsWith('-') ? line : `- ${line}`)),
    generatedNote: options.generatedNote,
    ...checksView(config, consolidation),
    reconciliation: reconciliationView(consolidation.reconciliation),
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
