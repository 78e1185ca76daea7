/**
 * The district report: ReportView → HTML (templates/report.hbs) → PDF (Chromium).
 * Layout follows Nghị định 30/2020/NĐ-CP; see templates/styles/report.css.
 */
import { type FontFace, safeFileUrl, tinosFontFaces } from '../pdf/fonts.js';
import { printPdf, type Printer } from '../pdf/pdf.js';
import type { ReportView } from './view.js';
import { defaultTemplatesDir, loadTemplates } from '../pdf/templates.js';
import { join } from 'node:path';

type ReportRenderOptions = {
  /**
   * Folder with report.hbs, partials/, styles/report.css and blank.html.
   * @default the repository's templates/ folder
   */
  readonly templatesDir?: string;
};

/** What report.hbs sees: the view with every field present, plus assets and layout decisions. */
type ReportContext = Omit<ReportView, 'signerOnBehalf' | 'annexCaption' | 'groupSections' | 'categoryAnnex' | 'reconciliation'> & {
  reconciliation: ReportView['reconciliation'] | null;
  groupSections: NonNullable<ReportView['groupSections']>;
  categoryAnnex: NonNullable<ReportView['categoryAnnex']>;
  signerOnBehalf: string;
  annexCaption: string;
  /** More than one recipient: printed as a list "- A;" … "- Z." instead of inline. */
  severalRecipients: boolean;
  fonts: FontFace[];
  /** file:// URL of styles/report.css. */
  stylesheet: string;
};

/** Text from spreadsheets may be decomposed (NFD); the fonts and PDF search expect composed letters. */
function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => nfc(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, nfc(item)])) as T;
  }
  return value;
}

/** "(Kèm theo Báo cáo số 62/BC-MTTQ-BTT ngày 05 tháng 10 năm 2023)" from the header fields. */
export function defaultAnnexCaption(view: Pick<ReportView, 'kind' | 'numberLine' | 'placeDate'>): string {
  const kind = view.kind.trim().toLocaleLowerCase('vi');
  const kindSentence = kind.charAt(0).toLocaleUpperCase('vi') + kind.slice(1);
  const number = view.numberLine.replace(/^\s*số\s*:?\s*/iu, '').trim();
  const date = /ngày\s.*$/u.exec(view.placeDate)?.[0].trim();
  return `(Kèm theo ${kindSentence}${number ? ` số ${number}` : ''}${date ? ` ${date}` : ''})`;
}

function buildReportContext(view: ReportView, templatesDir: string): ReportContext {
  const v = nfc(view);
  // The template adds the list punctuation (";" between recipients, "." at the end).
  const recipients = v.recipients.map((r) => r.trim().replace(/[.;,]+$/u, '')).filter(Boolean);
  return {
    ...v,
    recipients,
    severalRecipients: recipients.length > 1,
    signerOnBehalf: v.signerOnBehalf ?? '',
    annexCaption: v.annexCaption ?? defaultAnnexCaption(v),
    groupSections: v.groupSections ?? [],
    categoryAnnex: v.categoryAnnex ?? { groups: [], columnNumbers: [], rows: [] },
    reconciliation: v.reconciliation ?? null,
    fonts: tinosFontFaces(),
    stylesheet: safeFileUrl(join(templatesDir, 'styles', 'report.css')),
  };
}

/** The report as a standalone HTML document (file:// links to its stylesheet and fonts). */
export function renderReportHtml(view: ReportView, options: ReportRenderOptions = {}): string {
  const templates = loadTemplates(options.templatesDir ?? defaultTemplatesDir());
  return templates.render('report', buildReportContext(view, templates.dir));
}

/** Renders the report and prints it to `outFile` with the caller's browser. */
export async function renderReportPdf(
  browser: Printer,
  view: ReportView,
  outFile: string,
  options: ReportRenderOptions = {},
): Promise<void> {
  const templatesDir = options.templatesDir ?? defaultTemplatesDir();
  const html = renderReportHtml(view, { templatesDir });
  await printPdf(browser, html, outFile, { baseDir: templatesDir });
}
