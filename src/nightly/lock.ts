/**
 * One run at a time per output folder. The lock is a file created with O_EXCL holding the owner's
 * pid, host and start time; a lock left by a killed run (its pid is gone on this host, or it is
 * older than any real run) is cleared so the next night's run is not blocked forever.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { LockError } from '../errors/errors.js';

export const LOCK_FILE = '.tonghop.lock';

/**
 * A lock older than this is stale even if its pid seems alive (pids are reused after a reboot).
 * @default 12 hours
 */
const STALE_LOCK_MS = 12 * 3600_000;

type LockOwner = { pid: number; host: string; startedAt: string; command?: string };

type Lock = {
  readonly file: string;
  readonly owner: LockOwner;
  /** Set when a stale lock had to be cleared first: who held it. */
  readonly cleared?: LockOwner;
  release(): void;
};

/** True when `pid` is a live process on this machine (EPERM: alive, owned by someone else). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.startedAt === 'string') return owner as LockOwner;
  } catch {
    // Unreadable or half-written: judged by age below.
  }
  return undefined;
}

/** Why a lock can be cleared, or undefined when its owner may still be running. */
export function staleReason(owner: LockOwner | undefined, now: Date, staleAfterMs: number = STALE_LOCK_MS): string | undefined {
  if (!owner) return 'tệp khóa hỏng';
  const age = now.getTime() - Date.parse(owner.startedAt);
  if (!(age < staleAfterMs)) return `khóa đã quá ${Math.round(staleAfterMs / 3600_000)} giờ`;
  if (owner.host === hostname() && !pidAlive(owner.pid)) return `tiến trình ${owner.pid} không còn chạy`;
  return undefined;
}

function describe(owner: LockOwner): string {
  return `tiến trình ${owner.pid} trên máy ${owner.host}, bắt đầu lúc ${owner.startedAt}`;
}

/**
 * Takes the output folder's lock or throws LockError naming the run that holds it.
 * `staleAfterMs` and `now` exist for tests.
 */
export function acquireLock(outputRoot: string, options: { command?: string; staleAfterMs?: number; now?: Date } = {}): Lock {
  const file = path.join(outputRoot, LOCK_FILE);
  const now = options.now ?? new Date();
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: now.toISOString(), ...(options.command ? { command: options.command } : {}) };
  let cleared: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockError('LOCK_CREATE_FAILED', { file, reason: (error as Error).message }, { cause: error });
      }
      const holder = readOwner(file);
      const reason = staleReason(holder, now, options.staleAfterMs);
      if (!reason) {
        throw new LockError('LOCKED', { dir: outputRoot, holder: describe(holder!), file });
      }
      clearStale(file, holder);
      cleared = holder ?? { pid: 0, host: '?', startedAt: '?' };
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(owner) + '\n');
    } finally {
      closeSync(fd);
    }
    const release = () => {
      process.removeListener('exit', release);
      // Only our own lock: never one a later run took after ours was judged stale.
      const current = readOwner(file);
      if (current && current.pid === owner.pid && current.startedAt === owner.startedAt && current.host === owner.host) {
        try {
          unlinkSync(file);
        } catch {
          // Already gone.
        }
      }
    };
    // A run ended by process.exit (Ctrl+C through Puppeteer's handler) still frees the folder.
    process.on('exit', release);
    return { file, owner, ...(cleared ? { cleared } : {}), release };
  }
  throw new LockError('LOCK_CONTENDED', { file });
}

/**
 * Moves the stale lock aside before deleting it, and checks it is the one judged stale: two runs
 * clearing the same stale lock must not delete the fresh lock one of them has just made.
 */
function clearStale(file: string, judged: LockOwner | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // Someone else cleared it first.
  }
  const moved = readOwner(aside);
  const same = JSON.stringify(moved) === JSON.stringify(judged);
  if (!same) {
    // We moved a fresh lock: put it back (link fails if yet another lock appeared meanwhile).
    try {
      linkSync(aside, file);
    } catch {
      // Leave it; its owner releases by content check and a live holder is still detected by pid.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Nothing to clean.
  }
}
