import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Printer } from './pdf/pdf.js';
import type { LoadedConfig } from '../config/load.js';
import { ANNEX_FILE, writeAnnexXlsx } from './annex.js';
import { reconciliationSheet } from './annex-reconciliation.js';
import { campaignTemplatesDir, writeCertificatesStep } from './certificates/write.js';
import { startMarking, writeFeedback, type AcceptedSources, type Marking } from './feedback/write.js';
import { releaseIdleMarkWorkers } from './feedback/mark-guarded.js';
import { writeReminders } from './feedback/write-reminders.js';
import { writeReportDocx } from './docx/report-docx.js';
import { issuesCsv } from './issues-csv.js';
import type { Summary } from '../model/summary.js';
import type { Store } from '../store/db.js';
import type { Analysis } from '../analyse/analyse.js';
import { buildReportView, type Narrative } from './report/build-view.js';
import { renderReportPdf } from './report/print.js';
import { TOOL_VERSION } from '../version.js';
import { writeSummaryJson } from './summary-json.js';
import { writePublicOutputs } from './public/write-public.js';

export const OUTPUT_FILES = {
  report: 'bao-cao-tong-hop.pdf',
  /** The report as an editable Word copy, always written beside the PDF (cheap: well under a second). */
  reportDocx: 'bao-cao-tong-hop.docx',
  summary: 'summary.json',
  issues: 'issues.csv',
  annex: ANNEX_FILE,
} as const;

/** Everything an output writer may use. `dir` is the run's temporary folder. */
type OutputContext = {
  loaded: LoadedConfig;
  analysis: Analysis;
  summary: Summary;
  runId: string;
  reportDate: string;
  narrative: Narrative;
  /** The run's (temporary) folder; moved into place by the caller when every writer succeeded. */
  dir: string;
  /** The output root (parent of run folders), for caches and the store. */
  outputRoot: string;
  /** One browser for the whole run; absent with `run --no-print`: every output but the PDFs. */
  browser?: Printer;
  log: (line: string) => void;
  /** The run's open store (certificate numbers); writers open `<outputRoot>/tonghop.sqlite` themselves when absent. */
  store?: Store;
  /** run --full: print every certificate again under its number. */
  full?: boolean;
  /** The bytes intake accepted, by unit and source (feedback marks only these). */
  accepted?: AcceptedSources;
  /** Progress inside a long step (letters, certificates), for the CLI. */
  progress?: (step: 'certificates' | 'feedback', done: number, total: number) => void;
  /** Times each step (the bench reads them from the JSON log). */
  step?: (step: OutputStep) => void;
};

/** The steps of writeOutputs, in order. */
export type OutputStep = 'issues' | 'report' | 'annex' | 'certificates' | 'feedback' | 'public' | 'summary';

/** A context whose browser is there (every step that prints a PDF). */
type PrintContext = OutputContext & { browser: Printer };

/**
 * Writes every output of a run into ctx.dir. Each writer is one step here, in order;
 * summary.json is written last so it can record what the others produced.
 */
export async function writeOutputs(ctx: OutputContext): Promise<void> {
  // Marked copies are made in the guarded workers while the report and certificates print.
  const marking = startMarking({ loaded: ctx.loaded, consolidation: ctx.analysis.consolidation, issues: ctx.analysis.issues, ...(ctx.accepted ? { accepted: ctx.accepted } : {}) });
  ctx.step?.('issues');
  await writeIssues(ctx);
  ctx.step?.('report');
  const { browser } = ctx;
  if (browser) await writeReport({ ...ctx, browser });
  else await writeReportDocx(reportView(ctx), path.join(ctx.dir, OUTPUT_FILES.reportDocx));
  ctx.step?.('annex');
  await writeAnnex(ctx);
  if (browser) {
    ctx.step?.('certificates');
    await writeCertificates({ ...ctx, browser });
    ctx.step?.('feedback');
    await writeFeedbackStep({ ...ctx, browser }, marking);
    ctx.step?.('public');
    await writePublicStep({ ...ctx, browser });
  } else {
    // --no-print: the marked copies are still made (their cost is the data path's), not the letters.
    ctx.step?.('feedback');
    await Promise.all(marking.values());
    ctx.log('Không in (--no-print): không có báo cáo PDF, giấy chứng nhận, thư phản hồi và danh sách công khai.');
  }
  // The copies are made: the marking workers' heaps need not stay with the run until it ends.
  releaseIdleMarkWorkers();
  ctx.step?.('summary');
  await writeSummary(ctx);
}

/** cong-khai/: lists for posting and the public page (only with `public:` in the campaign). */
async function writePublicStep(ctx: PrintContext): Promise<void> {
  const templatesDir = campaignTemplatesDir(ctx.loaded);
  const written = await writePublicOutputs({ config: ctx.loaded.config, outcomes: ctx.analysis.outcomes, reportDate: ctx.reportDate, dir: ctx.dir, browser: ctx.browser, ...(templatesDir ? { templatesDir } : {}) });
  if (written.lists || written.page) ctx.log(`Danh sách công khai: ${written.lists} danh sách${written.page ? ', trang web công khai cong-khai/trang-web/index.html' : ''}`);
}

async function writeIssues(ctx: OutputContext): Promise<void> {
  const unitNames = new Map(ctx.loaded.config.units.map((u) => [u.id, u.name]));
  await writeFile(path.join(ctx.dir, OUTPUT_FILES.issues), issuesCsv(ctx.analysis.issues, unitNames), 'utf8');
}

function reportView(ctx: OutputContext): ReturnType<typeof buildReportView> {
  return buildReportView(ctx.loaded.config, ctx.analysis.consolidation, {
    reportDate: ctx.reportDate,
    narrative: ctx.narrative,
    generatedNote: `Tổng hợp tự động bằng tonghop ${TOOL_VERSION}, lần chạy ${ctx.runId}, từ ${ctx.summary.sources.length} tệp của ${ctx.summary.totals.units.reported} đơn vị. Nguồn của từng con số: summary.json.`,
  });
}

async function writeReport(ctx: PrintContext): Promise<void> {
  const view = reportView(ctx);
  const templatesDir = campaignTemplatesDir(ctx.loaded);
  await renderReportPdf(ctx.browser, view, path.join(ctx.dir, OUTPUT_FILES.report), templatesDir ? { templatesDir } : {});
  await writeReportDocx(view, path.join(ctx.dir, OUTPUT_FILES.reportDocx));
}

/** phu-luc-tong-hop.xlsx: Biểu 01 and Biểu 02 with live formulas; the next level reads it as a submission. */
async function writeAnnex(ctx: OutputContext): Promise<void> {
  const reconciliation = ctx.analysis.consolidation.reconciliation;
  const sheets = reconciliation ? [reconciliationSheet(reconciliation, ctx.loaded.config.campaign.title)] : [];
  await writeAnnexXlsx(path.join(ctx.dir, OUTPUT_FILES.annex), ctx.loaded.config, ctx.analysis.consolidation, { reportDate: ctx.reportDate, sheets });
}

/** Thank-you certificates (only when the campaign has a `certificates:` section). */
async function writeCertificates(ctx: PrintContext): Promise<void> {
  if (ctx.loaded.config.certificates) ctx.progress?.('certificates', 0, 0);
  const templatesDir = campaignTemplatesDir(ctx.loaded);
  const summary = await writeCertificatesStep({
    loaded: ctx.loaded,
    analysis: ctx.analysis,
    dir: ctx.dir,
    outputRoot: ctx.outputRoot,
    reportDate: ctx.reportDate,
    browser: ctx.browser,
    log: ctx.log,
    ...(ctx.store ? { store: ctx.store } : {}),
    ...(templatesDir ? { templatesDir } : {}),
    ...(ctx.full ? { reprint: true } : {}),
  });
  if (summary) ctx.summary.certificates = summary;
}

/** phan-hoi/<unit>/: each submitter's workbook with its problems marked, and a letter (src/outputs/feedback). */
async function writeFeedbackStep(ctx: PrintContext, marking: Marking): Promise<void> {
  const options = {
    loaded: ctx.loaded,
    consolidation: ctx.analysis.consolidation,
    issues: ctx.analysis.issues,
    reportDate: ctx.reportDate,
    dir: ctx.dir,
    browser: ctx.browser,
    log: ctx.log,
    templatesDir: campaignTemplatesDir(ctx.loaded),
  };
  await writeFeedback({
    ...options,
    marking,
    ...(ctx.progress ? { progress: (done: number, total: number) => ctx.progress!('feedback', done, total) } : {}),
  });
  // Thư đôn đốc to units whose report has not arrived (src/outputs/feedback/reminder.ts).
  await writeReminders(options);
}

async function writeSummary(ctx: OutputContext): Promise<void> {
  ctx.summary.run.finishedAt = new Date().toISOString();
  await writeSummaryJson(path.join(ctx.dir, OUTPUT_FILES.summary), ctx.summary);
}
