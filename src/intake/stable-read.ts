/**
 * Reads a file only when it holds still: a list still being copied in (a slow share, a unit saving
 * over the network) or replaced while it is read must never be counted half. The size, the
 * modification time and the file's identity are compared before and after the read (and after the
 * parse, which takes a while), and a file changed within the last moments is given time to settle.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SourceError } from '../errors/errors.js';
import { describeCause } from './intake-failure.js';
import { formatBytes, type ReadLimits } from './read-limits.js';

/** How a file must hold still to be read; tests pass smaller values. */
export type Settle = {
  /**
   * A file modified less than this long ago is watched this long before it counts as complete.
   * @default 500
   */
  readonly settleMs: number;
  /**
   * Wait before reading again a file that changed while it was read.
   * @default 2000
   */
  readonly retryWaitMs: number;
  /**
   * Reads tried before the file is reported as still changing (SOURCE_CHANGING).
   * @default 3
   */
  readonly attempts: number;
};

export const SETTLE: Settle = Object.freeze({ settleMs: 500, retryWaitMs: 2000, attempts: 3 });

/**
 * For files nobody is writing (the corpus, fuzz mutants written a moment before): still compared
 * before and after, but not watched for a moment first, which would only cost time.
 */
export const STILL_FILES: Settle = Object.freeze({ settleMs: 0, retryWaitMs: 100, attempts: 3 });

type Held = { bytes: Buffer; info: Stats };

/** The same file, unchanged: identity, size and modification time. */
function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Reads the file once through a handle opened without blocking (a FIFO would block a plain open, a
 * device never ends); only regular files within the size limit are read.
 */
async function readOnce(absolutePath: string, display: string, limits: ReadLimits): Promise<Held> {
  let handle: FileHandle;
  try {
    handle = await open(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    throw new SourceError('SOURCE_UNREADABLE', display, { reason: `không mở được tệp (${describeCause(cause)})` }, { cause });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SourceError('SOURCE_NOT_REGULAR', display, { path: display, what: info.isDirectory() ? 'một thư mục' : 'một thiết bị, đường ống hoặc socket' });
    if (info.size > limits.maxFileBytes) {
      throw new SourceError('SOURCE_TOO_LARGE', display, { reason: `tệp nặng ${formatBytes(info.size)}, quá ${formatBytes(limits.maxFileBytes)} (giới hạn limits.maxFileBytes)` });
    }
    return { bytes: await handle.readFile(), info };
  } catch (cause) {
    if (cause instanceof SourceError) throw cause;
    throw new SourceError('SOURCE_UNREADABLE', display, { reason: `không mở được tệp (${describeCause(cause)})` }, { cause });
  } finally {
    await handle.close();
  }
}

/** True when the path still names the file that was read, with the size and time it had. */
async function stillSame(absolutePath: string, held: Held): Promise<boolean> {
  if (held.bytes.length !== held.info.size) return false;
  try {
    return sameFile(held.info, await stat(absolutePath));
  } catch {
    return false;
  }
}

/**
 * Reads a file and hands its bytes to `use` (the parse), accepting the result only when the file
 * did not change meanwhile and has settled; a changing file is read again after a wait, and past
 * `settle.attempts` reads it is SOURCE_CHANGING (the nightly run then stands in its last good
 * snapshot). Other failures of `use` are thrown as they are.
 */
export async function readStable<T>(
  absolutePath: string,
  display: string,
  limits: ReadLimits,
  use: (bytes: Buffer) => Promise<T>,
  settle: Settle = SETTLE,
): Promise<{ bytes: Buffer; info: Stats; result: T }> {
  let changes = 0;
  for (;;) {
    const held = await readOnce(absolutePath, display, limits);
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await use(held.bytes);
    } catch (error) {
      failure = error;
    }
    // A file modified a moment ago may be mid-copy between two writes: watched until it settles.
    const age = Date.now() - held.info.mtimeMs;
    if (age < settle.settleMs) await sleep(settle.settleMs - Math.max(0, age));
    if (await stillSame(absolutePath, held)) {
      if (failure !== undefined) throw failure;
      return { bytes: held.bytes, info: held.info, result: result as T };
    }
    changes++;
    if (changes >= settle.attempts) {
      throw new SourceError('SOURCE_CHANGING', display, { times: changes, seconds: Math.round((changes * settle.retryWaitMs) / 1000) });
    }
    await sleep(settle.retryWaitMs);
  }
}
