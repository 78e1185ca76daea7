import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IssueCode } from '../model/issue-catalogue.js';
import { IntakeFailure, describeCause } from './intake-failure.js';

/**
 * Worker threads that touch user bytes (parsing a workbook, marking a copy of it) under a heap limit
 * (`resourceLimits`) and a time limit (the worker is terminated), so a hostile or pathological file
 * costs one SOURCE_TOO_LARGE or SOURCE_TIMEOUT instead of the run. A pool per worker script, sized
 * to the machine; idle workers are kept for reuse and never keep the process alive.
 */

/** What a guarded worker answers: `ready` once loaded, then one `result` per request. */
export type GuardedReply<T> =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; value: T }
  | { type: 'result'; id: number; ok: false; issueCode: IssueCode; params: Record<string, string | number> };

type WorkerLimits = {
  /** Time allowed to one request before its worker is terminated. */
  readonly timeoutMs: number;
  /** Worker heap (`maxOldGenerationSizeMb`). */
  readonly memoryMb: number;
};

/** The worker could not be started or loaded: our fault, not the file's. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

/**
 * Workers running at once per pool: the machine's cores (a parse is CPU-bound), at most 4 so a
 * big machine shared by several services is not swamped. TONGHOP_WORKERS overrides it.
 */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env['TONGHOP_WORKERS']);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 32);
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * The worker's entry `name` next to the module at `here`, with that module's own extension: `.js`
 * in dist/, `.ts` when the sources run under tsx or vitest (the worker then registers tsx itself,
 * since a worker does not inherit its parent's loader hooks).
 */
function workerSource(here: string, name: string): { code: string; eval: true } | { url: URL; eval: false } {
  const extension = /\.([cm]?ts)$/.exec(new URL(here).pathname)?.[1];
  if (!extension) return { url: new URL(`./${name}.js`, here), eval: false };
  const worker = new URL(`./${name}.${extension}`, here).href;
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

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout };

class GuardedWorker {
  readonly worker: Worker;
  readonly memoryMb: number;
  private pending: Pending | undefined;
  private nextId = 1;
  private ready = false;
  /** Settles when the worker has loaded: the time limit counts the file's work, not our loading. */
  private readonly loaded: Promise<void>;
  private markLoaded: () => void = () => {};
  dead = false;

  constructor(here: string, name: string, memoryMb: number) {
    this.memoryMb = memoryMb;
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    const source = workerSource(here, name);
    // No inherited flags: V8 flags such as --max-old-space-size are refused by workers.
    const options = { resourceLimits: { maxOldGenerationSizeMb: memoryMb }, execArgv: [], stdout: false, stderr: false };
    try {
      this.worker = source.eval ? new Worker(source.code, { ...options, eval: true }) : new Worker(source.url, options);
    } catch (error) {
      throw new WorkerStartError(`${name} could not start: ${describeCause(error)}`, { cause: error });
    }
    this.worker.unref();
    this.worker.on('message', (reply: GuardedReply<unknown>) => {
      if (reply.type === 'ready') {
        this.ready = true;
        this.markLoaded();
        return;
      }
      const pending = this.settle();
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new IntakeFailure(reply.issueCode, reply.params));
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.dead = true;
      const pending = this.settle();
      if (!pending) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        pending.reject(new IntakeFailure('SOURCE_TOO_LARGE', { reason: `đọc tệp cần hơn ${this.memoryMb} MB bộ nhớ (giới hạn limits.parseMemoryMb)` }, { cause: error }));
      } else if (!this.ready) {
        pending.reject(new WorkerStartError(`${name} failed while loading: ${describeCause(error)}`, { cause: error }));
      } else {
        pending.reject(new IntakeFailure('SOURCE_CORRUPT', { reason: `nội dung không đúng cấu trúc Excel (${describeCause(error)})` }, { cause: error }));
      }
    });
    this.worker.on('exit', () => {
      this.dead = true;
      this.settle()?.reject(new IntakeFailure('SOURCE_UNREADABLE', { reason: 'bộ đọc Excel dừng bất thường' }));
    });
  }

  /** Taken by a request of the pool (set before the request is posted, cleared after it settled). */
  busy = false;

  private settle(): Pending | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    if (!this.dead) this.worker.unref();
    return pending;
  }

  async run(request: object, transfer: ArrayBuffer[], timeoutMs: number): Promise<unknown> {
    if (!this.ready) {
      this.worker.ref();
      const failed = new Promise<never>((_, reject) => {
        this.worker.once('error', (error) => reject(new WorkerStartError(`worker failed while loading: ${describeCause(error)}`, { cause: error })));
        this.worker.once('exit', () => reject(new WorkerStartError('worker exited while loading')));
      });
      failed.catch(() => undefined);
      await Promise.race([this.loaded, failed]);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.dead = true;
        const pending = this.settle();
        void this.worker.terminate();
        pending?.reject(new IntakeFailure('SOURCE_TIMEOUT', { seconds: Math.max(1, Math.round(timeoutMs / 1000)) }));
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      this.worker.ref();
      this.worker.postMessage({ ...request, id: this.nextId++ }, transfer);
    });
  }
}

/** A pool of guarded workers running one script; requests beyond its size wait their turn. */
export class GuardedPool {
  readonly #here: string;
  readonly #name: string;
  readonly #size: number;
  #workers: GuardedWorker[] = [];
  #waiting: (() => void)[] = [];

  /** `name` is the worker module's file name without extension, next to the module at `here`. */
  constructor(here: string, name: string, size: number = workerCount()) {
    this.#here = here;
    this.#name = name;
    this.#size = Math.max(1, size);
  }

  /** Runs one request; rejects with IntakeFailure for the file's faults, WorkerStartError for ours. */
  async run<T>(request: object, transfer: ArrayBuffer[], limits: WorkerLimits): Promise<T> {
    const worker = await this.#acquire(limits.memoryMb);
    try {
      return (await worker.run(request, transfer, limits.timeoutMs)) as T;
    } finally {
      worker.busy = false;
      this.#waiting.shift()?.();
    }
  }

  async #acquire(memoryMb: number): Promise<GuardedWorker> {
    for (;;) {
      this.#workers = this.#workers.filter((w) => !w.dead);
      const idle = this.#workers.find((w) => !w.busy && w.memoryMb === memoryMb);
      if (idle) return this.#claim(idle);
      if (this.#workers.length < this.#size) return this.#claim(new GuardedWorker(this.#here, this.#name, memoryMb));
      const other = this.#workers.find((w) => !w.busy);
      if (other) {
        // An idle worker with another heap limit makes room for one with the right limit.
        other.dead = true;
        void other.worker.terminate();
        continue;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #claim(worker: GuardedWorker): GuardedWorker {
    worker.busy = true;
    if (!this.#workers.includes(worker)) this.#workers.push(worker);
    return worker;
  }

  /** Workers alive now, busy or idle. */
  get size(): number {
    return this.#workers.filter((w) => !w.dead).length;
  }

  /**
   * Stops the workers not running a request, so their heaps (a parse keeps hundreds of MB of
   * garbage until its next collection) go back to the system; a later request starts a new one.
   * Safe while other requests run: those keep their workers.
   */
  releaseIdle(): void {
    for (const w of this.#workers) {
      if (w.busy || w.dead) continue;
      w.dead = true;
      void w.worker.terminate();
    }
    this.#workers = this.#workers.filter((w) => !w.dead);
  }

  /** Stops every worker (tests and scripts that want a clean exit right away). */
  async close(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(
      workers.filter((w) => !w.dead).map((w) => {
        w.dead = true;
        return w.worker.terminate();
      }),
    );
  }
}
