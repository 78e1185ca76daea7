/**
 * What a run does once it has succeeded or failed, for the people who rely on it at night: old run
 * folders removed (`keep:`), a failure shown on the latest page, and a message sent (`notify:`).
 * None of it may turn a good run into a failed one or hide the original failure.
 */
import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { Summary } from '../model/summary.js';
import { markLatestFailed } from './failure.js';
import { sendNotifications } from './notify.js';
import { pruneRuns } from './retention.js';
import type { RunReporter } from './run-log.js';

export async function afterSuccess(loaded: LoadedConfig, outputRoot: string, summary: Summary, resultDir: string, reporter: RunReporter): Promise<void> {
  const { config } = loaded;
  if (config.keep !== undefined) {
    try {
      const removed = await pruneRuns(outputRoot, config.keep);
      if (removed.length) reporter.log(`Đã xóa ${removed.length} thư mục lần chạy cũ (giữ ${config.keep} lần chạy gần nhất, mục keep): ${removed.join(', ')}.`);
    } catch (error) {
      reporter.log(`Không xóa được thư mục lần chạy cũ: ${(error as Error).message}`, 'warning');
    }
  }
  const notice = { status: 'ok', campaign: config.campaign.title, runId: summary.run.id, at: summary.run.startedAt, summary, resultDir } as const;
  for (const line of await sendNotifications(config.notify, notice, loaded.baseDir)) reporter.log(line, 'warning', { event: 'notify-failed' });
}

export async function afterFailure(loaded: LoadedConfig, outputRoot: string, run: { id: string; startedAt: string }, failure: string, reporter: RunReporter): Promise<void> {
  let lastGood: { id: string; at: string } | undefined;
  try {
    lastGood = await markLatestFailed(outputRoot, { runId: run.id, startedAt: run.startedAt, failure });
    if (lastGood) reporter.log(`Đã ghi lỗi này lên ${path.join(outputRoot, 'latest', 'index.html')}; latest vẫn là lần chạy thành công ${lastGood.id}.`, 'warning');
  } catch (error) {
    reporter.log(`Không ghi được thông báo thất bại lên bảng theo dõi: ${(error as Error).message}`, 'warning');
  }
  const notice = { status: 'failed', campaign: loaded.config.campaign.title, runId: run.id, at: run.startedAt, failure, outputRoot, ...(lastGood ? { lastGood } : {}) } as const;
  try {
    for (const line of await sendNotifications(loaded.config.notify, notice, loaded.baseDir)) reporter.log(line, 'warning', { event: 'notify-failed' });
  } catch (error) {
    reporter.log(`Không gửi được thông báo: ${(error as Error).message}`, 'warning');
  }
}
