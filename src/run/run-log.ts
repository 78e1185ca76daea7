/** What a run says while it works: events for the CLI, and every line kept for run.log. */
import { formatMoney } from '../format/number.js';
import { groupIssues, issueGroupLines, issueLine } from '../format/issue-messages.js';
import type { RunStats } from '../model/changes.js';
import type { Issue } from '../model/issue.js';
import type { Summary } from '../model/summary.js';

/** Steps of a run, for progress display. */
export type RunStage = 'config' | 'read' | 'analyse' | 'render' | 'certificates' | 'feedback' | 'write' | 'done';
export type LogLevel = 'info' | 'warning' | 'error';

/** Where a run reports what it is doing (the CLI draws progress or writes JSON lines from these). */
export type RunEvents = {
  log(line: string, level?: LogLevel, data?: Record<string, unknown>): void;
  /** A new stage, or progress inside one (`done` of `total`). */
  stage?(stage: RunStage, done?: number, total?: number): void;
  /** A named step inside a stage (issues, annex, dashboard, store…): JSON logs time them for the bench. */
  step?(step: string): void;
};

/** The run's own log, kept in the run folder. */
export const RUN_LOG_FILE = 'run.log';

type ReporterOptions = { log?: (line: string) => void; events?: RunEvents };

type LogEntry = { time: string; level: LogLevel; stage?: RunStage; msg: string; data?: Record<string, unknown> };

/** Forwards events to the caller and keeps every line for run.log. */
export class RunReporter {
  readonly entries: LogEntry[] = [];
  #stage: RunStage | undefined;
  readonly #events: RunEvents;
  constructor(options: ReporterOptions) {
    this.#events = options.events ?? { log: options.log ?? (() => {}) };
  }
  log(msg: string, level: LogLevel = 'info', data?: Record<string, unknown>): void {
    this.entries.push({ time: new Date().toISOString(), level, ...(this.#stage ? { stage: this.#stage } : {}), msg, ...(data ? { data } : {}) });
    this.#events.log(msg, level, data);
  }
  stage(stage: RunStage, done?: number, total?: number): void {
    this.#stage = stage;
    this.#events.stage?.(stage, done, total);
  }
  step(step: string): void {
    this.#events.step?.(step);
  }
  text(format: 'text' | 'json'): string {
    const lines = this.entries.map((e) =>
      format === 'json'
        ? JSON.stringify({ time: e.time, level: e.level, ...(e.stage ? { stage: e.stage } : {}), msg: e.msg, ...e.data })
        : `${e.time} ${e.level.padEnd(7)} ${e.msg}`,
    );
    return lines.join('\n') + '\n';
  }
}

/**
 * Problems on the console and in run.log: grouped by unit and code, with counts, the first cells
 * and what to do (the full list is issues.csv and summary.json); `verbose` lists every one too.
 */
export function logIssues(reporter: RunReporter, issues: Issue[], options: { verbose?: boolean; unitNames?: ReadonlyMap<string, string> } = {}): void {
  const shown = issues.filter((i) => i.severity !== 'info');
  let grouped = false;
  for (const group of groupIssues(shown)) {
    const lines = issueGroupLines(group, group.unitId ? options.unitNames?.get(group.unitId) : undefined);
    const first = group.issues[0]!;
    reporter.log(lines.join('\n'), group.severity, { code: group.code, count: group.issues.length, ...first.location });
    if (group.issues.length > 1) grouped = true;
    if (options.verbose && group.issues.length > 1) {
      for (const issue of group.issues) reporter.log(`  ${issueLine(issue)}`, issue.severity, { code: issue.code, ...issue.location });
    }
  }
  if (grouped && !options.verbose) reporter.log('Danh sách đầy đủ từng chỗ: issues.csv trong thư mục kết quả (hoặc chạy lại với --verbose).');
}

export function totalsLine(summary: Summary): string {
  return (
    `Tổng cộng ${formatMoney(summary.totals.amount)} đồng, ${summary.totals.donors} lượt ủng hộ; ` +
    `${summary.totals.units.reported}/${summary.totals.units.expected} đơn vị đã báo cáo; ` +
    `${summary.issueCounts.error} lỗi, ${summary.issueCounts.warning} cảnh báo.`
  );
}

export function statsLine(stats: RunStats): string {
  const parts = [`đọc ${stats.parsed}`, `dùng lại ${stats.reused} tệp không đổi`];
  if (stats.stale) parts.push(`${stats.stale} tệp lỗi dùng số liệu cũ`);
  if (stats.failed) parts.push(`${stats.failed} tệp lỗi`);
  const outputs = stats.outputsReusedFrom ? `không in lại (dùng kết quả lần chạy ${stats.outputsReusedFrom})` : `in ${stats.rendered} tệp PDF`;
  return `Tệp nguồn: ${stats.sources} (${parts.join(', ')}); ${outputs}; ${((stats.durationMs ?? 0) / 1000).toFixed(1).replace('.', ',')} giây.`;
}
