/**
 * `npm run test:corpus`: runs the whole intake (read → grid → analyse) over every file of the
 * real-world spreadsheet corpus in ../shared/corpus. Each file must end either read or rejected
 * with a catalogued issue code: a crash, a hang or an uncatalogued error fails the check.
 *
 * Files run in child processes (two at a time, one per core) with a bounded heap and a per-file
 * time limit; a child that dies or stops answering is replaced and its file is counted as a
 * crash or hang. Without the corpus folder the check says so and passes.
 *
 *   node --import tsx scripts/corpus-check.ts [--verbose] [path-fragment ...]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimalCampaign } from '../fixtures/tools/campaign.js';
import type { WorkbookGrid } from '../src/model/grid.js';
import { SourceError } from '../src/errors/errors.js';
import { catalogue } from '../src/model/issue-catalogue.js';
import { analyse, type SourceRead } from '../src/analyse/analyse.js';
import { closeParseWorker } from '../src/intake/xlsx/index.js';
import { readSourceFile, type ReadLimits } from '../src/intake/read-source.js';
import { STILL_FILES } from '../src/intake/stable-read.js';
import type { ResolvedSource } from '../src/model/source.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const SKIP = new Set(['_licenses', 'SOURCES.md', 'MANIFEST.tsv']);
/** `--verbose`: one line per file. Other arguments select files whose path contains them. */
const VERBOSE = process.argv.includes('--verbose');

/** Limits inside each child: tighter than a run's, so a pathological file costs seconds, not minutes. */
const CHECK_LIMITS: Partial<ReadLimits> = { parseTimeoutMs: 20_000, parseMemoryMb: 1024, convertTimeoutMs: 30_000 };
/** The parent's own limit per file: past it the child is killed and the file counts as a hang. */
const HARD_LIMIT_MS = 90_000;
/** Heap of each child process (the grid comes back to it and is analysed there). */
const CHILD_HEAP_MB = 1536;

export type Outcome = {
  file: string;
  status: 'read' | 'rejected' | 'uncatalogued' | 'crash' | 'hang';
  code?: string;
  detail?: string;
  sheets?: number;
  rows?: number;
  donations?: number;
  ms: number;
};

type ChildMessage = { type: 'result'; outcome: Outcome } | { type: 'ready' };
type ParentMessage = { type: 'file'; file: string } | { type: 'stop' };

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

// ---- child: one file at a time -------------------------------------------------------------

const CONFIG = minimalCampaign([{ id: 'kho', name: 'Kho tệp', kind: 'commune', sources: ['tep'] }]);

async function intake(relative: string): Promise<Outcome> {
  const started = performance.now();
  // The fuzz suite (scripts/fuzz.ts) hands over absolute paths of its mutants.
  const absolutePath = path.isAbsolute(relative) ? relative : path.join(CORPUS, relative);
  const source: ResolvedSource = { unitId: 'kho', display: relative, absolutePath, spec: { type: 'file', path: relative } };
  let read: SourceRead;
  let grid: WorkbookGrid;
  try {
    const file = await readSourceFile(absolutePath, relative, CHECK_LIMITS, STILL_FILES);
    grid = file.grid;
    read = { source, ok: true, grid, sha256: file.sha256, modifiedAt: file.modifiedAt };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (error instanceof SourceError && error.issueCode in catalogue) {
      return { file: relative, status: 'rejected', code: error.issueCode, detail: JSON.stringify(error.params), ms };
    }
    return { file: relative, status: 'uncatalogued', detail: describe(error), ms };
  }
  // The rest of the intake: legacy-text repair, header detection, extraction, consolidation.
  const analysis = analyse(CONFIG, [read]);
  const outcome = analysis.outcomes[0];
  const unknown = analysis.issues.find((i) => !(i.code in catalogue));
  if (unknown) return { file: relative, status: 'uncatalogued', detail: `issue ${unknown.code}`, ms: Math.round(performance.now() - started) };
  return {
    file: relative,
    status: 'read',
    sheets: grid.sheets.length,
    rows: grid.sheets.reduce((n, s) => n + s.rows.length, 0),
    donations: outcome?.donations.length ?? 0,
    ms: Math.round(performance.now() - started),
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n', 1)[0]!.slice(0, 300);
}

function runChild(): void {
  let current = '';
  const report = (outcome: Outcome) => process.send!({ type: 'result', outcome } satisfies ChildMessage);
  const die = (error: unknown) => {
    report({ file: current, status: 'crash', detail: describe(error), ms: 0 });
    process.exit(70);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  // The parse worker not starting is our bug even though files still read (in-process): fail loudly.
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code === 'TONGHOP_PARSE_WORKER') die(warning);
  });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      void closeParseWorker().then(() => process.exit(0));
      return;
    }
    current = message.file;
    intake(message.file).then(report, die);
  });
  process.send!({ type: 'ready' } satisfies ChildMessage);
}

// ---- parent: a pool of children ------------------------------------------------------------

/** One child process at a time that intakes files; replaced after a crash or hang. */
export class Runner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  /** `hardLimitMs`: past it the child is killed and the file counts as a hang. */
  constructor(private readonly hardLimitMs = HARD_LIMIT_MS) {}

  private spawnChild(): Promise<void> {
    const child = fork(fileURLToPath(import.meta.url), ['--child'], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${CHILD_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.stderr?.resume();
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', (m: ChildMessage) => (m.type === 'ready' ? resolve() : reject(new Error('child spoke before ready'))));
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before ready`)));
    });
  }

  async run(relative: string): Promise<Outcome> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      this.ready = this.spawnChild();
      this.ready.catch(() => undefined);
    }
    await this.ready;
    const child = this.child!;
    const started = performance.now();
    return new Promise<Outcome>((resolve) => {
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        // A child that crashed or hung is not trusted with the next file.
        if (outcome.status === 'crash' || outcome.status === 'hang') {
          child.kill('SIGKILL');
          this.child = undefined;
        }
        resolve(outcome);
      };
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'result') finish({ ...m.outcome, file: relative });
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ file: relative, status: 'crash', detail: `child exited (${signal ?? code})`, ms: Math.round(performance.now() - started) });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish({ file: relative, status: 'hang', detail: `no answer within ${this.hardLimitMs / 1000} s`, ms: this.hardLimitMs });
      }, this.hardLimitMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type: 'file', file: relative } satisfies ParentMessage);
    });
  }

  close(): void {
    if (this.child && this.child.exitCode === null) this.child.send({ type: 'stop' } satisfies ParentMessage);
  }
}

async function runParent(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log(`corpus-check: no corpus at ${CORPUS}; nothing to check (skipped).`);
    return;
  }
  const files = await listFiles(CORPUS);
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
  const parallel = Math.max(1, Math.min(2, os.availableParallelism()));
  console.log(`corpus-check: ${selected.length} files from ${CORPUS}, ${parallel} at a time`);
  const started = performance.now();
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const runner = new Runner();
      while (next < selected.length) {
        const file = selected[next++]!;
        const outcome = await runner.run(file);
        outcomes.push(outcome);
        if (outcome.status !== 'read' && outcome.status !== 'rejected') console.log(`  FAIL ${outcome.status}: ${file}: ${outcome.detail ?? ''}`);
        else if (VERBOSE) console.log(`  ${outcome.status} ${outcome.code ?? ''} ${file} ${outcome.detail ?? ''} (${outcome.ms} ms)`);
      }
      runner.close();
    }),
  );
  printSummary(outcomes, performance.now() - started);
  const failed = outcomes.filter((o) => o.status !== 'read' && o.status !== 'rejected');
  if (failed.length > 0) {
    console.log(`corpus-check: FAILED, ${failed.length} file(s) crashed, hung or ended with an uncatalogued error`);
    process.exitCode = 1;
  } else {
    console.log(`corpus-check: ok, every file was read or rejected with a catalogued code`);
  }
}

export function printSummary(outcomes: Outcome[], elapsedMs: number): void {
  const byStatus = new Map<string, number>();
  const byCode = new Map<string, number>();
  for (const o of outcomes) {
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    if (o.status === 'rejected') byCode.set(o.code!, (byCode.get(o.code!) ?? 0) + 1);
  }
  const read = outcomes.filter((o) => o.status === 'read');
  console.log('');
  console.log(`read:      ${byStatus.get('read') ?? 0} (${read.filter((o) => (o.donations ?? 0) > 0).length} with donor rows found)`);
  console.log(`rejected:  ${byStatus.get('rejected') ?? 0}`);
  for (const [code, count] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(26)} ${count}`);
  for (const status of ['uncatalogued', 'crash', 'hang']) {
    if (byStatus.get(status)) console.log(`${(status + ':').padEnd(10)} ${byStatus.get(status)}`);
  }
  console.log('');
  console.log('slowest files:');
  for (const o of [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
    console.log(`  ${String(o.ms).padStart(6)} ms  ${o.status.padEnd(9)} ${o.code ?? ''} ${o.file}`);
  }
  console.log(`\ntotal ${(elapsedMs / 1000).toFixed(1)} s for ${outcomes.length} files`);
}

// Imported by scripts/fuzz.ts for its Runner; run as a script (or forked as a child) otherwise.
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--child')) runChild();
  else await runParent();
}
