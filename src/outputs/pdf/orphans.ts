/**
 * Ends the Chromium a SIGKILLed run left behind. A run records its browser's pid and profile folder
 * under `<output>/.state/chromium/` (run-browser.ts) and removes the record when it closes it; a
 * record still there at the start of the next run (which holds the output folder's lock, so no other
 * run owns it) names an orphan. A process is killed only when its command line still names that
 * profile folder: a pid reused by another program is left alone.
 */
import { readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_STATE_DIR, type ChromiumRecord, killGroup, PROFILE_PREFIX } from './run-browser.js';

function readRecord(file: string): ChromiumRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChromiumRecord>;
    if (typeof record.pid === 'number' && typeof record.userDataDir === 'string' && path.basename(record.userDataDir).startsWith(PROFILE_PREFIX)) {
      return record as ChromiumRecord;
    }
  } catch {
    // Half-written by a killed run: nothing to go on.
  }
  return undefined;
}

/** Pids of live processes whose command line names `--user-data-dir=<dir>` (Linux /proc; elsewhere none). */
export function processesUsingProfile(userDataDir: string): number[] {
  const needle = `--user-data-dir=${userDataDir}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(needle)) out.push(Number(entry));
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return out;
}

/**
 * Kills the browsers recorded under `outputRoot` by runs that did not close them, removes their
 * profile folders and records; returns how many processes were killed. Call it holding the lock.
 */
export function reapOrphanBrowsers(outputRoot: string): number {
  const dir = path.join(outputRoot, CHROMIUM_STATE_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const record = readRecord(file);
    if (record) {
      const pids = processesUsingProfile(record.userDataDir);
      // The leader first, so its renderers go with its process group.
      if (pids.includes(record.pid)) killGroup(record.pid);
      for (const pid of pids) if (pid !== record.pid) killGroup(pid);
      killed += pids.length;
      rmSync(record.userDataDir, { recursive: true, force: true, maxRetries: 3 });
    }
    try {
      unlinkSync(file);
    } catch {
      // Removed by someone else meanwhile.
    }
  }
  return killed;
}
