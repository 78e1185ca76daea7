import type { WorkbookGrid } from '../../model/grid.js';
import { GuardedPool, WorkerStartError, type GuardedReply } from '../guarded-worker.js';
import type { ReadLimits } from '../read-limits.js';
import { unpackGrid, type PackedGrid } from './grid-transfer.js';
import { readXlsxPackage } from './xlsx-package.js';

/**
 * Runs the .xlsx parse in a guarded worker (heap limit, time limit, terminated when over), so a
 * hostile or pathological workbook costs one SOURCE_TIMEOUT or SOURCE_TOO_LARGE issue instead of
 * the run. A pool of workers sized to the machine parses several files at once.
 */

export type ParseRequest = { id: number; bytes: Uint8Array; limits: ReadLimits };
export type ParseReply = GuardedReply<PackedGrid>;

const pool = new GuardedPool(import.meta.url, 'parse-worker');
let workerUnavailable = false;

/**
 * Parses .xlsx bytes under `limits`: in a pooled worker, or in-process when isolation is off.
 * If the worker cannot start at all, the parse falls back to in-process (size limits still hold,
 * the time limit does not) and a warning with code TONGHOP_PARSE_WORKER is emitted once.
 */
export async function parseXlsxIsolated(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
  if (!limits.isolateParse || workerUnavailable) return readXlsxPackage(bytes, limits);
  try {
    // A private copy whose memory moves to the worker instead of being cloned.
    const copy = new Uint8Array(bytes);
    const packed = await pool.run<PackedGrid>({ bytes: copy, limits }, [copy.buffer], { timeoutMs: limits.parseTimeoutMs, memoryMb: limits.parseMemoryMb });
    return unpackGrid(packed);
  } catch (error) {
    if (!(error instanceof WorkerStartError)) throw error;
    if (!workerUnavailable) process.emitWarning(`${error.message}; parsing in-process without the time limit`, { code: 'TONGHOP_PARSE_WORKER' });
    workerUnavailable = true;
    return readXlsxPackage(bytes, limits);
  }
}

/** Parse workers alive now (a run lets them go once its files are read). */
export function parseWorkersAlive(): number {
  return pool.size;
}

/** Stops the parse workers that are idle: once a run has read its files, their memory is let go. */
export function releaseIdleParseWorkers(): void {
  pool.releaseIdle();
}

/** Stops the parse workers (tests and scripts that want a clean exit right away). */
export async function closeParseWorker(): Promise<void> {
  await pool.close();
}
