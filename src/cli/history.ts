/** `tonghop history` and `tonghop diff`: read the output folder's store, never write it. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readOutputRoot } from '../config/output-root.js';
import { UsageError } from '../errors/errors.js';
import { diffSummaries } from '../nightly/diff.js';
import { changeDetails, historyTable } from '../outputs/changes-text.js';
import { openStoreReadonly, STORE_FILE, type Store } from '../store/db.js';
import { getRun, listRuns, storedSummary, type StoredRun } from '../store/runs.js';

type StoreOptions = { configPath: string; outputDir?: string };

/** The output folder's store, or undefined when no run has been recorded there yet. */
async function existingStore(options: StoreOptions): Promise<{ db: Store; file: string } | { db: undefined; file: string }> {
  // Only the output folder is needed: the campaign is not validated, so this starts fast.
  const file = path.join(await readOutputRoot(options.configPath, options.outputDir), STORE_FILE);
  // Read-only: works on a read-only medium and never migrates or writes the store.
  return existsSync(file) ? { db: openStoreReadonly(file), file } : { db: undefined, file };
}

export async function showHistory(options: StoreOptions & { limit: number; json: boolean }): Promise<string[]> {
  const { db, file } = await existingStore(options);
  if (!db) return options.json ? ['[]'] : [`Chưa có lần chạy nào được ghi (${file}).`];
  try {
    const runs = listRuns(db, options.limit);
    if (options.json) return [JSON.stringify(runs, null, 2)];
    if (!runs.length) return [`Chưa có lần chạy nào được ghi (${file}).`];
    return [...historyTable(runs), ...failureNote(runs)];
  } finally {
    db.close();
  }
}

/** A newest run that failed is said in words under the table: latest still shows an older run. */
function failureNote(runs: StoredRun[]): string[] {
  const [newest] = runs;
  if (newest?.status !== 'failed') return [];
  const good = runs.find((r) => r.status === 'ok');
  return [
    '',
    `(!) Lần chạy mới nhất ${newest.id} THẤT BẠI: ${newest.failure ?? 'không rõ lý do'}`,
    good ? `    output/latest vẫn là lần chạy thành công ${good.id}.` : '    Chưa có lần chạy nào thành công.',
  ];
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
    // Right after the first run there is nothing before it: say so instead of failing.
    const successful = listRuns(db, 1000).filter((r) => r.status === 'ok');
    const only = successful.length === 1 ? successful[0]?.id : undefined;
    if (only && [options.from, options.to].includes('previous')) {
      return [
        `Mới có một lần chạy thành công (${only}) nên chưa có lần chạy trước để so sánh.`,
        `Sau lần chạy tiếp theo, lệnh này sẽ cho biết tệp, số tiền và người ủng hộ nào đã thay đổi.`,
      ];
    }
    const [before, after] = [load(options.from), load(options.to)];
    const changes = diffSummaries(before, after);
    // Donors are compared when a run is made (from the sources' stored rows), so only against the run before it.
    const consecutive = after.changes?.previousRunId === before.run.id;
    if (consecutive && after.changes?.donors) changes.donors = after.changes.donors;
    if (options.json) return [JSON.stringify(changes, null, 2)];
    const note = consecutive ? [] : ['(Danh sách người ủng hộ thay đổi chỉ có khi so sánh hai lần chạy thành công liền nhau.)'];
    return [`So sánh lần chạy ${before.run.id} → ${after.run.id}`, ...changeDetails(changes), ...note];
  } finally {
    db.close();
  }
}
