import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { LoadedConfig } from './config/load.js';
import { issuesCsv } from './output/issues-csv.js';
import type { Summary } from './output/summary.js';
import type { Analysis } from './pipeline.js';
import { buildReportView, type Narrative } from './render/report-data.js';
import { renderReportPdf } from './render/report.js';
import { TOOL_VERSION } from './version.js';

export const OUTPUT_FILES = {
  report: 'bao-cao-tong-hop.pdf',
  summary: 'summary.json',
  issues: 'issues.csv',
} as const;

/** Everything an output writer may use. `dir` is the run's temporary folder. */
export type OutputContext = {
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
  /** One browser for the whole run. */
  browser: Browser;
  log: (line: string) => void;
};

/**
 * Writes every output of a run into ctx.dir. Each writer is one step here, in order;
 * summary.json is written last so it can record what the others produced.
 */
export async function writeOutputs(ctx: OutputContext): Promise<void> {
  await writeIssues(ctx);
  await writeReport(ctx);
  await writeSummary(ctx);
}

async function writeIssues(ctx: OutputContext): Promise<void> {
  const unitNames = new Map(ctx.loaded.config.units.map((u) => [u.id, u.name]));
  await writeFile(path.join(ctx.dir, OUTPUT_FILES.issues), issuesCsv(ctx.analysis.issues, unitNames), 'utf8');
}

async function writeReport(ctx: OutputContext): Promise<void> {
  const view = buildReportView(ctx.loaded.config, ctx.analysis.consolidation, {
    reportDate: ctx.reportDate,
    narrative: ctx.narrative,
    generatedNote: `Tổng hợp tự động bằng tonghop ${TOOL_VERSION}, lần chạy ${ctx.runId}, từ ${ctx.summary.sources.length} tệp của ${ctx.summary.totals.units.reported} đơn vị. Nguồn của từng con số: summary.json.`,
  });
  await renderReportPdf(ctx.browser, view, path.join(ctx.dir, OUTPUT_FILES.report));
}

async function writeSummary(ctx: OutputContext): Promise<void> {
  ctx.summary.run.finishedAt = new Date().toISOString();
  await writeFile(path.join(ctx.dir, OUTPUT_FILES.summary), JSON.stringify(ctx.summary, null, 2) + '\n', 'utf8');
}
