/**
 * Run folders: a run is written into a temporary folder and moved into place whole, `latest` is
 * swapped atomically, and an unchanged night links the previous run's files instead of copying.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors/errors.js';
import type { Store } from '../store/db.js';
import { runExists } from '../store/runs.js';

/** "20261129-074512" (UTC), sortable and safe in every file system. */
export function runIdFor(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** A run id not used by a folder or a stored run (two runs in the same second get "-2", "-3"). */
export function chooseRunId(outputRoot: string, base: string, db: Store): string {
  let id = base;
  for (let n = 2; existsSync(path.join(outputRoot, id)) || runExists(db, id); n++) id = `${base}-${n}`;
  return id;
}

/** Hard-links (or copies, across devices) an earlier run's files into this run's folder. */
export async function linkTree(from: string, to: string, skip: ReadonlySet<string>): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target, { recursive: true });
      await linkTree(source, target, new Set());
    } else if (entry.isFile()) {
      await link(source, target).catch(() => copyFile(source, target));
    }
  }
}

/** PDFs this run printed itself (a PDF hard-linked from an earlier run has more than one link). */
export async function countRendered(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.pdf')) continue;
    if ((await stat(path.join(entry.parentPath, entry.name))).nlink === 1) n++;
  }
  return n;
}

/**
 * Writes a run into a temporary folder and moves it into place only when every file is written;
 * `latest` is switched only then. A failed run leaves earlier runs and `latest` untouched.
 * Callers hold the output folder's lock (src/nightly/lock.ts), so leftover temporary folders
 * can only be those of killed runs.
 */
export async function writeRun(
  outputRoot: string,
  runId: string,
  write: (dir: string) => Promise<void>,
  /** Runs once the folder is in place and before `latest` moves to it (the store's commit). */
  beforeLatest?: (finalDir: string) => Promise<void>,
): Promise<string> {
  try {
    await mkdir(outputRoot, { recursive: true });
  } catch (cause) {
    throw new OutputError('OUTPUT_FOLDER_FAILED', { dir: outputRoot, reason: (cause as Error).message }, { cause });
  }
  await removeStaleTemps(outputRoot);
  let finalId = runId;
  for (let n = 2; await exists(path.join(outputRoot, finalId)); n++) finalId = `${runId}-${n}`;
  const tmp = path.join(outputRoot, `${TEMP_PREFIX}${finalId}`);
  // The mark sits beside the folder, not in it: everything in a run folder is listed by its dashboard.
  await writeFile(markOf(outputRoot, finalId), `${process.pid}\n`);
  await mkdir(tmp, { recursive: true });
  try {
    await write(tmp);
    const finalDir = path.join(outputRoot, finalId);
    await rename(tmp, finalDir);
    await rm(markOf(outputRoot, finalId), { force: true });
    await beforeLatest?.(finalDir);
    await pointLatest(outputRoot, finalId);
    return finalDir;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    await rm(markOf(outputRoot, finalId), { force: true }).catch(() => {});
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

/** A run's temporary folder; a mark file beside it (not in it: a dashboard lists the run folder) says tonghop made it. */
const TEMP_PREFIX = '.tmp-tonghop-';
const MARK_PREFIX = '.tonghop-mark-';

function markOf(outputRoot: string, runId: string): string {
  return path.join(outputRoot, `${MARK_PREFIX}${runId}`);
}

/**
 * Temporary folders of runs that were killed half-way: only those tonghop made (its prefix and its
 * mark beside them), never a user's own `.tmp-…` folder that happens to sit in the output folder.
 */
async function removeStaleTemps(outputRoot: string): Promise<void> {
  for (const entry of await readdir(outputRoot)) {
    if (!entry.startsWith(MARK_PREFIX)) continue;
    const runId = entry.slice(MARK_PREFIX.length);
    await rm(path.join(outputRoot, `${TEMP_PREFIX}${runId}`), { recursive: true, force: true }).catch(() => {});
    await rm(path.join(outputRoot, entry), { force: true }).catch(() => {});
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
      throw new OutputError('LATEST_SWAP_FAILED', { link }, { cause: error });
    });
  }
}
