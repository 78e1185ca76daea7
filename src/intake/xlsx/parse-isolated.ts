import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkbookGrid } from '../../model/grid.js';
import type { IssueCode } from '../../model/issue-catalogue.js';
import { IntakeFailure, describeCause } from '../intake-failure.js';
import type { ReadLimits } from '../read-limits.js';
import { unpackGrid, type PackedGrid } from './grid-transfer.js';
import { readXlsxPackage } from './xlsx-package.js';

/**
 * Runs the .xlsx parse in a worker thread with a heap limit (`resourceLimits`) and a time limit
 * (the worker is terminated), so a hostile or pathological workbook costs one SOURCE_TIMEOUT or
 * SOURCE_TOO_LARGE issue instead of the run. One worker is kept for the process and reused; it
 * is replaced after it has been stopped, and never keeps the process alive while idle.
 */

export type ParseRequest = { id: number; bytes: Uint8Array; limits: ReadLimits };
export type ParseReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; packed: PackedGrid }
  | { type: 'result'; id: number; ok: false; issueCode: IssueCode; params: Record<string, string | number> };

/** The worker could not be started or loaded: our fault, not the file's. */
class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

/**
 * The worker's entry next to this module, with this module's own extension: `.js` in dist/,
 * `.ts` when the sources run under tsx or vitest (the worker then registers tsx itself, since a
 * worker does not inherit its parent's loader hooks).
 */
function workerSource(): { code: string; eval: true } | { url: URL; eval: false } {
  const here = import.meta.url;
  const extension = /\.([cm]?ts)$/.exec(new URL(here).pathname)?.[1];
  if (!extension) return { url: new URL('./parse-worker.js', here), eval: false };
  const worker = new URL(`./parse-worker.${extension}`, here).href;
  const tsxApi = resolveTsxApi(here);
  return {
    eval: true,
    code: `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`,
  };
}

/** URL of tsx's ESM register API (its `import` export; require.resolve would pick the CommonJS build). */
function resolveTsxApi(here: string): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return resolve('tsx/esm/api');
    } catch {
      // Fall through to the package file (vitest does not provide import.meta.resolve).
    }
  }
  const packageJson = createRequire(here).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
}

type Pending = {
  resolve: (grid: WorkbookGrid) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
};

class ParseWorker {
  readonly worker: Worker;
  readonly memoryMb: number;
  private pending: Pending | undefined;
  private nextId = 1;
  private ready = false;
  dead = false;

  constructor(memoryMb: number) {
    this.memoryMb = memoryMb;
    const source = workerSource();
    // No inherited flags: V8 flags such as --max-old-space-size are refused by workers, and the
    // worker loads tsx itself when it needs it.
    const options = { resourceLimits: { maxOldGenerationSizeMb: memoryMb }, execArgv: [], stdout: false, stderr: false };
    try {
      this.worker = source.eval ? new Worker(source.code, { ...options, eval: true }) : new Worker(source.url, options);
    } catch (error) {
      throw new WorkerStartError(`parse worker could not start: ${describeCause(error)}`, { cause: error });
    }
    this.worker.unref();
    this.worker.on('message', (reply: ParseReply) => {
      if (reply.type === 'ready') {
        this.ready = true;
        return;
      }
      const pending = this.settle();
      if (!pending) return;
      if (reply.ok) pending.resolve(unpackGrid(reply.packed));
      else pending.reject(new IntakeFailure(reply.issueCode, reply.params));
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.dead = true;
      const pending = this.settle();
      if (!pending) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        pending.reject(new IntakeFailure('SOURCE_TOO_LARGE', { reason: `đọc tệp cần hơn ${this.memoryMb} MB bộ nhớ` }, { cause: error }));
      } else if (!this.ready) {
        pending.reject(new WorkerStartError(`parse worker failed while loading: ${describeCause(error)}`, { cause: error }));
      } else {
        pending.reject(new IntakeFailure('SOURCE_CORRUPT', { reason: `nội dung không đúng cấu trúc Excel (${describeCause(error)})` }, { cause: error }));
      }
    });
    this.worker.on('exit', () => {
      this.dead = true;
      const pending = this.settle();
      pending?.reject(new IntakeFailure('SOURCE_UNREADABLE', { reason: 'bộ đọc Excel dừng bất thường' }));
    });
  }

  private settle(): Pending | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    if (!this.dead) this.worker.unref();
    return pending;
  }

  parse(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
    return new Promise<WorkbookGrid>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.dead = true;
        const pending = this.settle();
        void this.worker.terminate();
        pending?.reject(new IntakeFailure('SOURCE_TIMEOUT', { seconds: Math.max(1, Math.round(limits.parseTimeoutMs / 1000)) }));
      }, limits.parseTimeoutMs);
      this.pending = { resolve, reject, timer };
      this.worker.ref();
      // A private copy whose memory moves to the worker instead of being cloned.
      const copy = new Uint8Array(bytes);
      const request: ParseRequest = { id: this.nextId++, bytes: copy, limits };
      this.worker.postMessage(request, [copy.buffer]);
    });
  }
}

let current: ParseWorker | undefined;
let queue: Promise<unknown> = Promise.resolve();
let workerUnavailable = false;

/**
 * Parses .xlsx bytes under `limits`: in the shared worker, or in-process when isolation is off.
 * If the worker cannot start at all, the parse falls back to in-process (size limits still hold,
 * the time limit does not) and a warning with code TONGHOP_PARSE_WORKER is emitted once.
 */
export function parseXlsxIsolated(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
  if (!limits.isolateParse || workerUnavailable) return readXlsxPackage(bytes, limits);
  const run = queue.then(async () => {
    try {
      if (!current || current.dead || current.memoryMb !== limits.parseMemoryMb) {
        if (current && !current.dead) void current.worker.terminate();
        current = new ParseWorker(limits.parseMemoryMb);
      }
      return await current.parse(bytes, limits);
    } catch (error) {
      if (!(error instanceof WorkerStartError)) throw error;
      workerUnavailable = true;
      current = undefined;
      process.emitWarning(`${error.message}; parsing in-process without the time limit`, { code: 'TONGHOP_PARSE_WORKER' });
      return readXlsxPackage(bytes, limits);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the shared parse worker (tests and scripts that want a clean exit right away). */
export async function closeParseWorker(): Promise<void> {
  const worker = current;
  current = undefined;
  if (worker && !worker.dead) {
    worker.dead = true;
    await worker.worker.terminate();
  }
}
