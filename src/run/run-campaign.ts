import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, outputRootOf, type LoadedConfig } from '../config/load.js';
import { ConfigError, OutputError, RenderError } from '../errors/errors.js';
import { todayInVietnam } from '../format/date.js';
import { diffSummaries } from '../nightly/diff.js';
import { donorChanges } from '../nightly/donor-diff.js';
import { changeLines } from '../outputs/changes-text.js';
import type { Changes, RunStats } from '../model/changes.js';
import type { Issue } from '../model/issue.js';
import { codeFingerprint, hashFolder, inputKey, sha256 } from '../nightly/fingerprint.js';
import { acquireLock } from '../nightly/lock.js';
import { DASHBOARD_FILE, writeDashboard } from '../outputs/dashboard.js';
import { type Summary } from '../model/summary.js';
import { writeSummaryJson, buildSummary } from '../outputs/summary-json.js';
import { OUTPUT_FILES, writeOutputs } from '../outputs/write-outputs.js';
import { writeCertificatesStep } from '../outputs/certificates/write.js';
import { analyse, digestRead, type Analysis, type SourceAnalysis } from '../analyse/analyse.js';
import { buildAliasTable } from '../extract/columns.js';
import { readSources } from '../intake/read-sources.js';
import { checkSourcePatterns } from '../intake/resolve.js';
import { readStatements } from '../intake/bank/read-statements.js';
import { withReconciliation } from '../analyse/reconcile-step.js';
import { acceptedAgain } from '../intake/read-source.js';
import { acceptedSources, acceptedKey, type AcceptedSources } from '../outputs/feedback/write.js';
import type { SourceRead } from '../analyse/analyse.js';
import { RunBrowser } from '../outputs/pdf/run-browser.js';
import { reapOrphanBrowsers } from '../outputs/pdf/orphans.js';
import { narrativeParagraphs, type Narrative } from '../outputs/report/build-view.js';
import { defaultTemplatesDir, loadTemplates } from '../outputs/pdf/templates.js';
import { openStore, STORE_FILE, type Store } from '../store/db.js';
import {
  lastSuccessfulRun,
  markInterruptedRuns,
  recordRunFailure,
  recordRunStart,
  recordRunSuccess,
} from '../store/runs.js';
import { StoreSourceCache } from '../nightly/source-cache.js';
import { TOOL_VERSION } from '../version.js';
import { logIssues, RUN_LOG_FILE, RunReporter, statsLine, totalsLine, type RunEvents } from './run-log.js';
import { chooseRunId, countRendered, linkTree, runIdFor, writeRun } from './run-folder.js';
import { afterFailure, afterSuccess } from './after-run.js';
import { rotateOutputLogs } from './retention.js';
import { operationalFailure } from './fault.js';

export type { LogLevel, RunEvents, RunStage } from './run-log.js';
export { RUN_LOG_FILE } from './run-log.js';
export { runIdFor, writeRun } from './run-folder.js';

type RunOptions = {
  configPath: string;
  /** "validate" reads and checks only: no files written, no browser, no store. */
  mode: 'run' | 'validate';
  /** Clock for run ids and the default report date (tests pin it). */
  now?: Date;
  /** Output folder instead of the config's `output` (relative to the working directory). */
  outputDir?: string;
  /** Where progress lines go (shorthand for `events.log`). */
  log?: (line: string) => void;
  /** Progress and log events; takes precedence over `log`. */
  events?: RunEvents;
  /**
   * Parse every source and print every output even when nothing changed (snapshots are still
   * recorded): after installing fonts or a browser, or to rule the reuse out when in doubt.
   * @default false
   */
  full?: boolean;
  /**
   * Format of run.log in the run folder.
   * @default 'text'
   */
  runLogFormat?: 'text' | 'json';
  /**
   * List every problem on the console and in run.log, not only one group per unit and code.
   * @default false
   */
  verbose?: boolean;
  /**
   * Print the PDFs (report, certificates, feedback letters, public lists); `run --no-print` keeps
   * every other output, so the data path can be measured and run apart from the browser.
   * @default true
   */
  print?: boolean;
};

export type RunResult = {
  summary: Summary;
  issues: Issue[];
  analysis: Analysis;
  /** Folder of this run's outputs (undefined for validate). */
  runDir?: string;
  /** What changed since the previous successful run (run mode). */
  changes?: Changes;
  stats?: RunStats;
};

async function readNarrative(loaded: LoadedConfig): Promise<Narrative> {
  const files = loaded.config.report.narrative;
  const read = async (file: string | undefined): Promise<string[]> => {
    if (!file) return [];
    const full = path.resolve(loaded.baseDir, file);
    try {
      return narrativeParagraphs(await readFile(full, 'utf8'));
    } catch (cause) {
      throw new ConfigError('NARRATIVE_UNREADABLE', { file, reason: (cause as Error).message }, { cause });
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
  const reporter = new RunReporter(options);
  const started = options.now ?? new Date();
  // Durations use the real clock even when tests pin `now`.
  const clockStart = Date.now();
  reporter.stage('config');
  const loaded = await loadConfig(options.configPath);
  const { config } = loaded;
  reporter.log(`Đọc ${config.units.length} đơn vị từ ${path.relative(process.cwd(), loaded.file) || loaded.file}`);
  // Everything a run would refuse in the configuration is refused here, by validate too, before
  // anything is written.
  const narrative = await readNarrative(loaded);
  checkCampaignTemplates(loaded);
  await checkSourcePatterns(config, loaded.baseDir, loaded.locate);

  if (options.mode === 'validate') {
    reporter.stage('read', 0);
    const { reads, unresolved } = await readSources(config, loaded.baseDir, {
      outputRoot: outputRootOf(loaded, options.outputDir),
      onSource: (done, total) => reporter.stage('read', done, total),
      digest: digestWith(config),
    });
    const statements = await readStatements(config, loaded.baseDir);
    reporter.stage('analyse');
    const analysis = withReconciliation(config, analyse(config, reads, unresolved), statements);
    const summary = buildSummary(config, analysis.consolidation, analysis.issues, {
      id: runIdFor(started),
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      tool: `tonghop ${TOOL_VERSION}`,
    }, config.report.date ?? todayInVietnam(started));
    logIssues(reporter, analysis.issues, issueLogOptions(options, config));
    reporter.stage('done');
    return { summary, issues: analysis.issues, analysis };
  }

  const outputRoot = outputRootOf(loaded, options.outputDir);
  try {
    return await runInFolder(options, reporter, loaded, narrative, outputRoot, started, clockStart);
  } catch (error) {
    throw operationalFailure(error, outputRoot);
  }
}

/** The run proper, holding the output folder's lock and the store. */
async function runInFolder(options: RunOptions, reporter: RunReporter, loaded: LoadedConfig, narrative: Narrative, outputRoot: string, started: Date, clockStart: number): Promise<RunResult> {
  const { config } = loaded;
  try {
    await mkdir(outputRoot, { recursive: true });
  } catch (cause) {
    throw new OutputError('OUTPUT_FOLDER_FAILED', { dir: outputRoot, reason: (cause as Error).message }, { cause });
  }
  const lock = acquireLock(outputRoot, { command: 'run' });
  let db: Store | undefined;
  try {
    if (lock.cleared) {
      reporter.log(`Đã gỡ khóa của một lần chạy bị dừng giữa chừng (tiến trình ${lock.cleared.pid}, bắt đầu ${lock.cleared.startedAt}).`, 'warning');
    }
    db = openStore(path.join(outputRoot, STORE_FILE));
    const orphans = reapOrphanBrowsers(outputRoot);
    if (orphans) reporter.log(`Đã tắt ${orphans} tiến trình Chromium do một lần chạy bị dừng giữa chừng để lại.`, 'warning');
    const interrupted = markInterruptedRuns(db);
    if (interrupted) reporter.log(`${interrupted} lần chạy trước bị dừng giữa chừng; đã ghi nhận là thất bại.`, 'warning');
    const runId = chooseRunId(outputRoot, runIdFor(started), db);
    recordRunStart(db, { id: runId, campaign: config.campaign.title, startedAt: started.toISOString() });
    const rotated = rotateOutputLogs(outputRoot);
    if (rotated.length) reporter.log(`Đã chuyển nhật ký cũ sang ${rotated.map((f) => `${f}.1`).join(', ')}.`);
    let result: RunResult;
    try {
      result = await runWithHistory({ options, reporter, loaded, narrative, outputRoot, db, runId, started, clockStart });
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      // A store or disk that refuses this write must not hide the failure itself.
      try {
        recordRunFailure(db, runId, failure);
      } catch {
        // The next run marks it interrupted instead.
      }
      await afterFailure(loaded, outputRoot, { id: runId, startedAt: started.toISOString() }, failure, reporter);
      throw error;
    }
    await afterSuccess(loaded, outputRoot, result.summary, result.runDir ?? path.join(outputRoot, runId), reporter);
    return result;
  } finally {
    db?.close();
    lock.release();
  }
}

type RunContext = {
  options: RunOptions;
  reporter: RunReporter;
  loaded: LoadedConfig;
  narrative: Narrative;
  outputRoot: string;
  db: Store;
  runId: string;
  started: Date;
  clockStart: number;
};

/**
 * A run with history: unchanged sources come from their snapshots, a failing source falls back on
 * its last good snapshot, and when every input equals the last successful run's, that run's files
 * are linked instead of printed again.
 */
async function runWithHistory({ options, reporter, loaded, narrative, outputRoot, db, runId, started, clockStart }: RunContext): Promise<RunResult> {
  const { config } = loaded;
  const code = codeFingerprint();
  const cache = new StoreSourceCache(db, config, code);

  await pauseForTests('read', reporter);
  reporter.stage('read', 0);
  const read = await readSources(config, loaded.baseDir, {
    outputRoot,
    ...(options.full ? {} : { cache }),
    onSource: (done, total) => reporter.stage('read', done, total),
    digest: digestWith(config),
  });
  const previous = lastSuccessfulRun(db, runId);
  const found = cache.withFallbacks(read.reads);
  const reads = [...found, ...cache.vanished(read.unresolved, found, previous?.summary, loaded.baseDir)];

  await pauseForTests('analyse', reporter);
  // Bank statements are small beside the lists: read every run, their hashes join the input key.
  const statements = await readStatements(config, loaded.baseDir);
  reporter.stage('analyse');
  const analysis = withReconciliation(config, analyse(config, reads, read.unresolved), statements);
  const count = (kind: SourceAnalysis['read']) => analysis.perSource.filter((s) => s.read === kind).length;
  const stats: RunStats = {
    sources: reads.length,
    // Every source not reused was read from its bytes; failed ones are tried again each run
    // (the failure may have been passing: a timeout, LibreOffice missing).
    parsed: reads.filter((r) => !('reused' in r)).length,
    reused: count('reused'),
    stale: count('stale'),
    failed: count('failed'),
    rendered: 0,
  };
  const reportDate = config.report.date ?? todayInVietnam(started);
  const summary = buildSummary(config, analysis.consolidation, analysis.issues, {
    id: runId,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    tool: `tonghop ${TOOL_VERSION}`,
    stats,
  }, reportDate);
  const changes = diffSummaries(previous?.summary, summary);
  if (previous) changes.donors = donorChanges(db, changes, analysis.perSource.map((p) => p.outcome));
  summary.changes = changes;
  logIssues(reporter, analysis.issues, issueLogOptions(options, config));

  const key = inputKey({
    code,
    // The parsed config: it includes what loadConfig merges from other files (decisions.yaml).
    config,
    narrative,
    // A run without its PDFs (--no-print) is never reused by one that prints them, nor the reverse.
    templates: options.print === false ? 'no-print' : templatesFingerprint(loaded),
    reportDate,
    sources: [
      ...reads.map((r) => ({ unitId: r.source.unitId, path: r.source.display, content: cache.contentOf(r) })),
      ...statements.map((s) => ({ unitId: 'bank', path: s.path, content: s.sha256 ?? s.status })),
    ],
    unresolved: read.unresolved,
  });
  const previousDir = previous ? path.join(outputRoot, previous.run.id) : undefined;
  const reuseFrom = !options.full && previous && previous.run.inputKey === key && previousDir && existsSync(path.join(previousDir, OUTPUT_FILES.summary)) ? previous : undefined;

  const unitNames = new Map(config.units.map((u) => [u.id, u.name]));
  const finalDir = await writeRun(outputRoot, runId, async (dir) => {
    await pauseForTests('render', reporter);
    if (reuseFrom) {
      reporter.stage('write');
      reporter.log(`Không có gì thay đổi so với lần chạy ${reuseFrom.run.id} (cùng tệp nguồn, cấu hình và mẫu): dùng lại các tệp kết quả của lần chạy đó, không in lại.`);
      const certificateFolder = config.certificates?.kind;
      await linkTree(
        path.join(outputRoot, reuseFrom.run.id),
        dir,
        new Set([OUTPUT_FILES.summary, DASHBOARD_FILE, RUN_LOG_FILE, ...(certificateFolder ? [certificateFolder] : [])]),
      );
      // Certificates are counted by the registry, not copied: an unchanged night issues none.
      // --no-print issues none either (numbers are given only to certificates that are printed).
      const certificates = options.print === false ? undefined : await writeCertificatesStep({ loaded, analysis, dir, outputRoot, reportDate, store: db, log: (line) => reporter.log(line) });
      if (certificates) summary.certificates = certificates;
      adoptWriterFields(summary, reuseFrom.summary);
      stats.outputsReusedFrom = reuseFrom.run.id;
    } else {
      reporter.stage('render');
      let browser: RunBrowser | undefined;
      try {
        if (options.print !== false) {
          browser = await RunBrowser.launch({ outputRoot });
          await pauseForTests('printing', reporter);
        }
        const accepted = await acceptedOf(reads, analysis);
        await writeOutputs({
          loaded, analysis, summary, runId, reportDate, narrative, dir, outputRoot, store: db, accepted,
          ...(browser ? { browser } : {}),
          full: Boolean(options.full),
          log: (line) => reporter.log(line),
          progress: (step, done, total) => reporter.stage(step, done, total),
          step: (step) => reporter.step(step),
        });
        reporter.stage('render');
      } finally {
        await browser?.close().catch(() => {});
        if (browser?.generation) reporter.log(`Trình duyệt bị lỗi hoặc quá hạn khi in, đã khởi động lại ${browser.generation} lần; các bản in đã được in lại đầy đủ.`, 'warning');
      }
      stats.rendered = await countRendered(dir);
    }
    await pauseForTests('write', reporter);
    reporter.stage('write');
    stats.durationMs = Date.now() - clockStart;
    summary.run.finishedAt = new Date(started.getTime() + stats.durationMs).toISOString();
    // Written again now that the run's own counters are known (writers may have added to it too).
    await writeSummaryJson(path.join(dir, OUTPUT_FILES.summary), summary);
    reporter.log(totalsLine(summary), 'info', { event: 'summary', amount: summary.totals.amount, donors: summary.totals.donors, ...summary.issueCounts });
    for (const line of changeLines(changes, unitNames)) reporter.log(line, 'info', { event: 'changes' });
    reporter.log(statsLine(stats), 'info', { event: 'stats', ...stats });
    reporter.log(`Kết quả: ${path.join(outputRoot, runId)} (mở index.html để xem bảng theo dõi)`, 'info', { event: 'result', dir: path.join(outputRoot, runId) });
    await writeFile(path.join(dir, RUN_LOG_FILE), reporter.text(options.runLogFormat ?? 'text'), 'utf8');
    reporter.step('dashboard');
    // Last, so it links every file of the run.
    await writeDashboard(summary, dir);
    reporter.step('store');
  }, async () => {
    // The store says "done" before `latest` moves: killed in between, latest still names a run the
    // store calls done (the earlier one), never one it will mark as failed.
    await pauseForTests('commit', reporter);
    db.transaction(() => {
      recordRunSuccess(db, { id: runId, summary, stats, inputKey: key, finishedAt: summary.run.finishedAt });
      cache.record({ id: runId, startedAt: started.toISOString() }, reads, analysis.perSource);
    })();
    await pauseForTests('latest', reporter);
  });
  reporter.stage('done');
  return { summary, issues: analysis.issues, analysis, runDir: finalDir, changes, stats };
}

/**
 * What feedback may mark: the bytes parsed this run, and for an unchanged source reused from its
 * snapshot, the same content read again when it has problems to mark.
 */
async function acceptedOf(reads: readonly SourceRead[], analysis: Analysis): Promise<AcceptedSources> {
  const accepted = acceptedSources(reads);
  const withIssues = new Set(analysis.issues.map((i) => acceptedKey(i.location.unitId ?? '', i.location.source ?? '')));
  for (const read of reads) {
    const key = acceptedKey(read.source.unitId, read.source.display);
    if (!('reused' in read) || !withIssues.has(key)) continue;
    const again = await acceptedAgain(read.source.absolutePath, read.source.display, read.sha256);
    if (again) accepted.set(key, again);
  }
  return accepted;
}

/** Each source is analysed as it arrives, while the workers parse the next ones, and its grid let go. */
function digestWith(config: LoadedConfig['config']): (read: SourceRead) => SourceRead {
  const aliases = buildAliasTable(config.columns);
  return (read) => digestRead(config, read, aliases);
}

function issueLogOptions(options: RunOptions, config: LoadedConfig['config']): { verbose: boolean; unitNames: Map<string, string> } {
  return { verbose: options.verbose ?? false, unitNames: new Map(config.units.map((u) => [u.id, u.name])) };
}

/** A campaign's own templates folder must exist and compile: a config error (exit 2), not a failed print. */
function checkCampaignTemplates(loaded: LoadedConfig): void {
  const own = loaded.config.templates;
  if (!own) return;
  const dir = path.resolve(loaded.baseDir, own);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError('TEMPLATES_FOLDER_INVALID', { dir: own });
  }
  try {
    loadTemplates(dir);
  } catch (cause) {
    if (!(cause instanceof RenderError)) throw cause;
    throw new ConfigError('TEMPLATES_INVALID', { dir: own, detail: cause.message }, { cause });
  }
}

/** The bundled templates and a campaign's own, by content. */
function templatesFingerprint(loaded: LoadedConfig): string {
  const own = loaded.config.templates ? hashFolder(path.resolve(loaded.baseDir, loaded.config.templates)) : '';
  return sha256(`${hashFolder(defaultTemplatesDir())}\u0000${own}`);
}

/**
 * Top-level summary fields that output writers add (certificates, annexes) are carried over from the
 * run whose files are reused, since those writers did not run this time.
 */
function adoptWriterFields(summary: Summary, from: Summary): void {
  const target = summary as Record<string, unknown>;
  for (const [field, value] of Object.entries(from)) if (!(field in target)) target[field] = value;
}

/** Named points where a test can stop a run for good and kill it (test/killed-runs.test.ts). */
const PAUSE_POINTS = ['read', 'analyse', 'render', 'printing', 'write', 'commit', 'latest'] as const;

/**
 * TONGHOP_TEST_PAUSE_BEFORE=<point> makes a run print "TONGHOP_TEST_PAUSED <point>" and stop for
 * good just before that step (the lock held; from render on, its temporary folder made), so tests
 * can kill it at a known point instead of guessing with sleeps.
 */
async function pauseForTests(point: (typeof PAUSE_POINTS)[number], reporter: RunReporter): Promise<void> {
  if (process.env['TONGHOP_TEST_PAUSE_BEFORE'] !== point) return;
  reporter.log(`TONGHOP_TEST_PAUSED ${point}`);
  await new Promise<never>(() => {
    setInterval(() => {}, 1 << 30);
  });
}

