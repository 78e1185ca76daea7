/** `tonghop history` and `tonghop diff`: read the output folder's store, never write it. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, outputRootOf } from '../config/load.js';
import { UsageError } from '../errors/errors.js';
import { diffSummaries } from '../nightly/diff.js';
import { changeDetails, historyTable } from '../outputs/changes-text.js';
import { openStore, STORE_FILE, type Store } from '../store/db.js';
import { getRun, listRuns, storedSummary } from '../store/runs.js';

type StoreOptions = { configPath: string; outputDir?: string };

/** The output folder's store, or undefined when no run has been recorded there yet. */
async function existingStore(options: StoreOptions): Promise<{ db: Store; file: string } | { db: undefined; file: string }> {
  const loaded = await loadConfig(options.configPath);
  const root = outputRootOf(loaded, options.outputDir);
  const file = path.join(root, STORE_FILE);
  return existsSync(file) ? { db: openStore(file), file } : { db: undefined, file };
}

export async function showHistory(options: StoreOptions & { limit: number; json: boolean }): Promise<string[]> {
  const { db, file } = await existingStore(options);
  if (!db) return options.json ? ['[]'] : [`Chưa có lần chạy nào được ghi (${file}).`];
  try {
    const runs = listRuns(db, options.limit);
    if (options.json) return [JSON.stringify(runs, null, 2)];
    return runs.length ? historyTable(runs) : [`Chưa có lần chạy nào được ghi (${file}).`];
  } finally {
    db.close();
  }
}

/** "latest" / "previous" name the two most recent successful runs. */
function resolveRunId(db: Store, name: string): string {
  if (name === 'latest' || name === 'previous') {
    const ok = listRuns(db, 1000).filter((r) => r.status === 'ok');
    const run = ok[name === 'latest' ? 0 : 1];
    if (!run) throw new UsageError('RUN_NOT_FOUND', { name, count: ok.length });
    return run.id;
  }
  return name;
}

export async function showDiff(options: StoreOptions & { from: string; to: string; json: boolean }): Promise<string[]> {
  const { db, file } = await existingStore(options);
  if (!db) throw new UsageError('NO_RUNS', { file });
  try {
    const load = (name: string) => {
      const id = resolveRunId(db, name);
      const summary = storedSummary(db, id);
      if (!summary) {
        const run = getRun(db, id);
        throw run ? new UsageError('RUN_NOT_SUCCESSFUL', { id, status: run.status }) : new UsageError('RUN_UNKNOWN', { id, config: options.configPath });
      }
      return summary;
    };
    const [before, after] = [load(options.from), load(options.to)];
    const changes = diffSummaries(before, after);
    if (options.json) return [JSON.stringify(changes, null, 2)];
    return [`So sánh lần chạy ${before.run.id} → ${after.run.id}`, ...changeDetails(changes)];
  } finally {
    db.close();
  }
}
