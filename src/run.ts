import { lstat, mkdir, readdir, readFile, rename, rm, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { ConfigError, OutputError } from './errors.js';
import { todayInVietnam } from './format/date.js';
import { formatMoney } from './format/number.js';
import type { Issue } from './issues/issue.js';
import { issueLine } from './issues/messages.js';
import { buildSummary, type Summary } from './output/summary.js';
import { analyse, readSources, type Analysis } from './pipeline.js';
import { launchBrowser } from './render/browser.js';
import { narrativeParagraphs, type Narrative } from './render/report-data.js';
import { writeOutputs } from './outputs.js';
import { TOOL_VERSION } from './version.js';

export type RunOptions = {
  configPath: string;
  /** "validate" reads and checks only: no files written, no browser. */
  mode: 'run' | 'validate';
  /** Clock for run ids and the default report date (tests pin it). */
  now?: Date;
  /** Output folder instead of the config's `output` (relative to the working directory). */
  outputDir?: string;
  /** Where progress lines go. */
  log?: (line: string) => void;
};

export type RunResult = {
  summary: Summary;
  issues: Issue[];
  analysis: Analysis;
  /** Folder of this run's outputs (undefined for validate). */
  runDir?: string;
};

/** "20261129-074512" (UTC), sortable and safe in every file system. */
export function runIdFor(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

async function readNarrative(loaded: LoadedConfig): Promise<Narrative> {
  const files = loaded.config.report.narrative;
  const read = async (file: string | undefined): Promise<string[]> => {
    if (!file) return [];
    const full = path.resolve(loaded.baseDir, file);
    try {
      return narrativeParagraphs(await readFile(full, 'utf8'));
    } catch (cause) {
      throw new ConfigError(`Không đọc được tệp nội dung báo cáo ${file} (report.narrative): ${(cause as Error).message}`, { cause });
    }
  };
  return {
    direction: await read(files.direction),
    assessment: await read(files.assessment),
    recommendations: await read(files.recommendations),
  };
}

/** Reads, checks and consolidates a campaign; in "run" mode also writes its outputs atomically. */
export async function runCampaign(options: RunOptions): Promise<RunResult> {
  const log = options.log ?? (() => {});
  const started = options.now ?? new Date();
  const loaded = await loadConfig(options.configPath);
  const { config } = loaded;
  const narrative = options.mode === 'run' ? await readNarrative(loaded) : undefined;

  log(`Đọc ${config.units.length} đơn vị từ ${path.relative(process.cwd(), loaded.file) || loaded.file}`);
  const { reads, unresolved } = await readSources(config, loaded.baseDir);
  const analysis = analyse(config, reads, unresolved);
  const { consolidation, issues } = analysis;
  const reportDate = config.report.date ?? todayInVietnam(started);
  const runId = runIdFor(started);
  const summary = buildSummary(config, consolidation, issues, {
    id: runId,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    tool: `tonghop ${TOOL_VERSION}`,
  }, reportDate);

  for (const issue of issues) if (issue.severity !== 'info') log(issueLine(issue));
  if (options.mode === 'validate') return { summary, issues, analysis };

  const outputRoot = options.outputDir ? path.resolve(options.outputDir) : path.resolve(loaded.baseDir, config.output);
  const runDir = await writeRun(outputRoot, runId, async (dir) => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      await writeOutputs({ loaded, analysis, summary, runId, reportDate, narrative: narrative!, dir, outputRoot, browser, log });
    } finally {
      await browser?.close().catch(() => {});
    }
  });
  log(
    `Tổng cộng ${formatMoney(summary.totals.amount)} đồng, ${summary.totals.donors} lượt ủng hộ; ` +
      `${summary.totals.units.reported}/${summary.totals.units.expected} đơn vị đã báo cáo; ` +
      `${summary.issueCounts.error} lỗi, ${summary.issueCounts.warning} cảnh báo.`,
  );
  log(`Kết quả: ${runDir}`);
  return { summary, issues, analysis, runDir };
}

/**
 * Writes a run into a temporary folder and moves it into place only when every file is written;
 * `latest` is switched only then. A failed run leaves earlier runs and `latest` untouched.
 */
export async function writeRun(outputRoot: string, runId: string, write: (dir: string) => Promise<void>): Promise<string> {
  try {
    await mkdir(outputRoot, { recursive: true });
  } catch (cause) {
    throw new OutputError(`Không tạo được thư mục kết quả ${outputRoot}: ${(cause as Error).message}`, { cause });
  }
  await removeStaleTemps(outputRoot);
  let finalId = runId;
  for (let n = 2; await exists(path.join(outputRoot, finalId)); n++) finalId = `${runId}-${n}`;
  const tmp = path.join(outputRoot, `.tmp-${finalId}`);
  await mkdir(tmp, { recursive: true });
  try {
    await write(tmp);
    const finalDir = path.join(outputRoot, finalId);
    await rename(tmp, finalDir);
    await pointLatest(outputRoot, finalId);
    return finalDir;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Temporary folders of runs that were killed half-way. */
async function removeStaleTemps(outputRoot: string): Promise<void> {
  for (const entry of await readdir(outputRoot)) {
    if (entry.startsWith('.tmp-')) await rm(path.join(outputRoot, entry), { recursive: true, force: true }).catch(() => {});
  }
}

/** Swaps `latest` atomically: a new link beside it, renamed over it. */
async function pointLatest(outputRoot: string, runId: string): Promise<void> {
  const link = path.join(outputRoot, 'latest');
  const tmpLink = path.join(outputRoot, `.latest-${runId}`);
  const target = process.platform === 'win32' ? path.join(outputRoot, runId) : runId;
  await unlink(tmpLink).catch(() => {});
  await symlink(target, tmpLink, 'junction');
  try {
    await rename(tmpLink, link);
  } catch (error) {
    // Windows cannot rename over an existing junction: remove, then rename.
    await rm(link, { recursive: false, force: true }).catch(() => {});
    await rename(tmpLink, link).catch(() => {
      throw new OutputError(`Không cập nhật được ${link}`, { cause: error });
    });
  }
}
