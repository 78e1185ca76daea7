/**
 * What a nightly output folder keeps: at most `keep` run folders (never the one `latest` points
 * to), and cron.log / schedule.log rotated before they grow without end.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { readdir, readlink, rm } from 'node:fs/promises';
import path from 'node:path';

/** Run folder names made by runIdFor/chooseRunId: "20261129-074512", "20261129-074512-2". */
const RUN_FOLDER = /^\d{8}-\d{6}(-\d+)?$/;

/** Log files of the output folder that schedulers append to (cron's redirect, `tonghop schedule`). */
const ROTATED_LOGS = ['cron.log', 'schedule.log'] as const;

/** The run folder `latest` points to, if any. */
export async function latestTarget(outputRoot: string): Promise<string | undefined> {
  try {
    return path.basename(await readlink(path.join(outputRoot, 'latest')));
  } catch {
    return undefined;
  }
}

/** Removes the oldest run folders beyond `keep`; returns the names removed. */
export async function pruneRuns(outputRoot: string, keep: number): Promise<string[]> {
  const latest = await latestTarget(outputRoot);
  const runs = (await readdir(outputRoot, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && RUN_FOLDER.test(e.name))
    .map((e) => e.name)
    // Newest first; "-2" after its base id (same second, later run).
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  const removed: string[] = [];
  let kept = 0;
  for (const name of runs) {
    if (name === latest || kept < keep) {
      kept++;
      continue;
    }
    await rm(path.join(outputRoot, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Renames `file` to `file.1` (and older copies up to `file.<copies>`) once it is over `maxBytes`.
 * A writer that still holds the old file open (a shell's `>>`) goes on writing into `file.1` until
 * it ends; the next night starts a fresh file. Returns true when it rotated.
 */
function rotateLog(file: string, maxBytes = 1024 * 1024, copies = 3): boolean {
  try {
    if (!existsSync(file) || statSync(file).size <= maxBytes) return false;
    rmSync(`${file}.${copies}`, { force: true });
    for (let n = copies - 1; n >= 1; n--) if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    renameSync(file, `${file}.1`);
    return true;
  } catch {
    // Windows refuses to rename a file another process holds open: try again next night.
    return false;
  }
}

/** Rotates the output folder's scheduler logs; returns the names rotated. */
export function rotateOutputLogs(outputRoot: string, maxBytes?: number): string[] {
  return ROTATED_LOGS.filter((name) => rotateLog(path.join(outputRoot, name), maxBytes));
}
