/**
 * The one-page letter to a unit (thu-phan-hoi.pdf): what is wrong in its list, in plain words, and
 * what to do. View built purely from the feedback; printed with the run's browser like the report.
 */
import { join } from 'node:path';
import type { UnitSubmission } from '../../model/review.js';
import { issuerSentenceName } from '../certificates/select.js';
import type { CampaignConfig } from '../../model/config.js';
import { formatDateLong, formatDateShort } from '../../format/date.js';
import { type FontFace, safeFileUrl, tinosFontFaces } from '../pdf/fonts.js';
import { printPdf, type Printer } from '../pdf/pdf.js';
import { defaultTemplatesDir, loadTemplates } from '../pdf/templates.js';
import type { PrintJob } from '../pdf/batch.js';
import { deadlineText } from '../report/submissions.js';
import { fileName, isTextTable, type FeedbackEntry, type UnitFeedback } from './entries.js';
import { purposeCause } from '../../format/purpose.js';

/** Rows the letter lists at most before pointing to the marked workbook. */
export const LETTER_MAX_ROWS = 8;

/**
 * Lines of the problem table that fit on the page beside the header, text and signature (10 pt in
 * the widths of templates/styles/feedback-letter.css); rows are listed while their estimated lines
 * fit, so the letter stays one page however long the messages are.
 */
const LETTER_TABLE_LINES = 24;

/** Estimated printed lines of a row: the tallest of its cells (about 44 and 32 characters a line). */
function rowLines(e: FeedbackEntry): number {
  return Math.max(Math.ceil(e.message.length / 44), Math.ceil(e.hint.length / 32), 2) + 0.4;
}

type LetterRow = { stt: string; where: string; problem: string; action: string; severity: string };

export type FeedbackLetterView = {
  issuerParents: string[];
  issuerBody: string;
  /** "Số:      /MTTQ-BTT": the number is written by hand when the letter is registered. */
  numberLine: string;
  placeDate: string;
  /** "V/v phản hồi …" under the number. */
  subjectLine: string;
  recipient: string;
  intro: string[];
  rows: LetterRow[];
  /** "… và còn 5 điểm khác …" or "". */
  more: string;
  closing: string[];
  signerOnBehalf: string;
  signerTitle: string;
  signerName: string;
  copiesTo: string[];
};

/** "62/BC-MTTQ-BTT" → "Số:      /MTTQ-BTT" (the issuer's code without the document type). */
function letterNumberLine(reportNumber: string): string {
  const blank = '\u00a0'.repeat(8);
  const code = reportNumber.split('/').slice(1).join('/');
  const issuerCode = code.includes('-') ? code.slice(code.indexOf('-') + 1) : code;
  return issuerCode ? `Số:${blank}/${issuerCode}` : `Số:${blank}`;
}

/** The place as the unit finds it in its own file: sheet and cell, or a CSV's line and column. */
function whereText(entry: FeedbackEntry, severalFiles: boolean): string {
  const parts: string[] = [];
  const text = entry.source !== undefined && isTextTable(entry.source);
  if (severalFiles && entry.source) parts.push(`tệp ${fileName(entry.source)}`);
  if (entry.sheet && !text) parts.push(`trang "${entry.sheet}"`);
  const row = entry.row ?? (entry.cell ? Number(/\d+$/.exec(entry.cell)?.[0]) : undefined);
  if (text && row !== undefined && Number.isFinite(row)) parts.push(`dòng ${row}${entry.cell ? `, cột ${entry.cell.replace(/\d+$/, '')}` : ''}`);
  else if (entry.cell) parts.push(`ô ${entry.cell}`);
  else if (entry.row !== undefined) parts.push(`dòng ${entry.row}`);
  return parts.length ? parts.join(', ') : 'cả tệp';
}

const SEVERITY_WORD = { error: 'Lỗi', warning: 'Cần xem lại', info: 'Lưu ý' } as const;

/** Builds the letter for one unit. `attachments` are the file names of its marked workbooks. */
export function buildFeedbackLetter(
  config: CampaignConfig,
  feedback: UnitFeedback,
  options: { reportDate: string; submission?: UnitSubmission | undefined; attachments: readonly string[] },
): FeedbackLetterView {
  const unit = config.units.find((u) => u.id === feedback.unitId);
  const unitName = unit?.name ?? feedback.unitId;
  const issuerName = config.certificates?.issuerName ?? issuerSentenceName(config.issuer.body, config.issuer.parents);
  const entries = feedback.sources.flatMap((s) => s.entries);
  const errors = entries.filter((e) => e.severity === 'error').length;
  const warnings = entries.filter((e) => e.severity === 'warning').length;
  const files = feedback.sources.map((s) => fileName(s.path));
  const severalFiles = feedback.sources.length > 1;

  const intro: string[] = [];
  intro.push(
    `${issuerName} đã nhận danh sách ${purposeCause(config.campaign.purpose)} của ${unitName} (${files.length > 1 ? 'các tệp' : 'tệp'} ${files.join(', ')}).` +
      (entries.length
        ? ` Qua kiểm tra khi tổng hợp, danh sách còn ${entries.length} điểm cần xem lại` +
          `${errors && warnings ? ` (${errors} lỗi, ${warnings} cảnh báo)` : errors ? ` (${errors} lỗi)` : ` (${warnings} cảnh báo)`}, cụ thể như sau:`
        : ''),
  );
  const s = options.submission;
  if (s?.status === 'late' && s.submittedAt) {
    intro.push(
      `Báo cáo của đơn vị gửi ngày ${formatDateShort(s.submittedAt)}, chậm ${s.daysLate} ngày so với hạn ${deadlineText(config)}; ` +
        'đề nghị đơn vị lưu ý gửi đúng thời gian quy định.',
    );
  }
  for (const e of feedback.unitEntries) {
    if (e.code !== 'UNIT_LATE') intro.push(e.message);
  }

  // Each intro paragraph beyond the first takes about three table lines.
  let budget = LETTER_TABLE_LINES - 3 * (intro.length - 1);
  let shown = 0;
  while (shown < Math.min(entries.length, LETTER_MAX_ROWS)) {
    budget -= rowLines(entries[shown]!);
    if (budget < 0 && shown > 0) break;
    shown++;
  }
  const rows: LetterRow[] = entries.slice(0, shown).map((e, i) => ({
    stt: String(i + 1),
    where: whereText(e, severalFiles),
    problem: e.message,
    action: e.hint,
    severity: SEVERITY_WORD[e.severity],
  }));
  const rest = entries.length - rows.length;
  const marked = options.attachments.length > 0;
  const more =
    rest > 0
      ? `… và còn ${rest} điểm khác${marked ? `, xem đủ ở trang "Kiểm tra" trong tệp gửi kèm` : ' (xem danh sách vấn đề kèm theo kết quả tổng hợp)'}.`
      : '';

  const closing: string[] = [];
  if (entries.length) {
    closing.push(
      `Đề nghị ${unitName} kiểm tra, sửa các điểm trên` +
        (marked
          ? ` (các ô có vấn đề đã được tô màu, có ghi chú và liệt kê ở trang "Kiểm tra" trong ${options.attachments.length > 1 ? 'các tệp' : 'tệp'} gửi kèm: ${options.attachments.join(', ')})`
          : '') +
        ` rồi gửi lại danh sách về ${issuerName} để tổng hợp. Điểm nào là cảnh báo, nếu số liệu đã đúng thì không cần sửa.`,
    );
  }
  closing.push('Trân trọng./.');

  return {
    ...buildLetterFrame(config, options.reportDate, { subjectLine: 'V/v phản hồi kết quả kiểm tra danh sách ủng hộ', recipient: unitName, intro, closing }),
    rows,
    more,
  };
}

/** The parts every letter to a unit shares (ND30 header, number, place-date, signature, copies). */
export function buildLetterFrame(
  config: CampaignConfig,
  reportDate: string,
  body: Pick<FeedbackLetterView, 'subjectLine' | 'recipient' | 'intro' | 'closing'>,
): FeedbackLetterView {
  return {
    issuerParents: config.issuer.parents,
    issuerBody: config.issuer.body,
    numberLine: letterNumberLine(config.report.number),
    placeDate: `${config.issuer.place}, ${formatDateLong(reportDate)}`,
    ...body,
    rows: [],
    more: '',
    signerOnBehalf: config.issuer.signer.onBehalf ?? '',
    signerTitle: config.issuer.signer.title,
    signerName: config.issuer.signer.name,
    copiesTo: ['- Như trên;', '- Lưu: VT.'],
  };
}

/** Text from spreadsheets may be decomposed (NFD); the fonts and PDF search expect composed letters. */
function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => nfc(item)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)])) as T;
  return value;
}

type LetterContext = FeedbackLetterView & { fonts: FontFace[]; stylesheets: string[] };

/** The letter as HTML, from feedback-letter.hbs of `templatesDir` (or the bundled one when it has none). */
export function renderFeedbackLetterHtml(view: FeedbackLetterView, templatesDir?: string): { html: string; dir: string } {
  let templates = loadTemplates(templatesDir ?? defaultTemplatesDir());
  // A campaign's templates copied before letters existed: use the bundled letter.
  if (!templates.names.includes('feedback-letter')) templates = loadTemplates(defaultTemplatesDir());
  const context: LetterContext = {
    ...nfc(view),
    fonts: tinosFontFaces(),
    stylesheets: [safeFileUrl(join(templates.dir, 'styles', 'report.css')), safeFileUrl(join(templates.dir, 'styles', 'feedback-letter.css'))],
  };
  return { html: templates.render('feedback-letter', context), dir: templates.dir };
}

/** The letter as a print job for printBatched. */
export function letterJob(view: FeedbackLetterView, outFile: string, templatesDir?: string): PrintJob {
  const { html, dir } = renderFeedbackLetterHtml(view, templatesDir);
  return { html, baseDir: dir, outFile };
}

/** Prints the letter to `outFile` with the run's browser. */
export async function renderFeedbackLetterPdf(browser: Printer, view: FeedbackLetterView, outFile: string, templatesDir?: string): Promise<void> {
  const { html, dir } = renderFeedbackLetterHtml(view, templatesDir);
  await printPdf(browser, html, outFile, { baseDir: dir });
}
