/**
 * Many one-page documents (letters to units, reminders) printed like certificates: a batch of them
 * in one HTML document and one Chromium print, cut back into one PDF each with qpdf. Each letter
 * keeps its own page numbers: a batch is kept only when it printed one page per letter (then no
 * letter has a page number to show: numbers start on page 2); otherwise it is cut in halves and
 * printed again, down to the letter that runs to two pages, printed alone and so numbered as if
 * alone (or, when many of its letters ran over, its letters are printed one by one).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { eachLimited } from '../../intake/each-limited.js';
import { printPdf, type Printer } from './pdf.js';
import { findQpdf, splitPages } from './qpdf.js';

/** One document: its complete HTML, the folder its URLs resolve in, where its PDF goes. */
export type PrintJob = { readonly html: string; readonly baseDir: string; readonly outFile: string };

export type BatchOptions = {
  /**
   * Documents per print. Enough to share a print's fixed cost (tab, fonts, layout: ~0.3 s), few
   * enough that the tabs share the work and a batch that must be printed again is small.
   * @default 25
   */
  readonly batchSize?: number;
  /**
   * Browser tabs printing at once.
   * @default 2
   */
  readonly tabs?: number;
  /**
   * qpdf executable, or false to print every document on its own.
   * @default "qpdf" from PATH
   */
  readonly qpdf?: string | false;
  /** Called after each document is written, in no particular order. */
  readonly onDone?: (job: PrintJob) => void;
};

/**
 * A batch that printed more pages than letters is cut in halves only when a few letters ran over
 * (at most this many extra pages): finding k long letters among n by halving costs about
 * k·(2·log2(n/k) + 1) prints, fewer than n prints alone while k ≤ 3 of 25.
 */
const MAX_EXTRA_PAGES_TO_HALVE = 3;

/** How the documents were printed (for the run log and tests): batch prints kept, documents printed alone. */
export type BatchResult = { batches: number; alone: number };

/** head up to <body…>, the body's content; undefined when the document is not that simple. */
function parts(html: string): { head: string; body: string } | undefined {
  const m = /^([\s\S]*?<body[^>]*>)([\s\S]*)<\/body>\s*<\/html>\s*$/i.exec(html);
  return m ? { head: m[1]!, body: m[2]! } : undefined;
}

/** Documents with the same head (title aside) and folder can share a print. */
const shareKey = (job: PrintJob, head: string): string => `${job.baseDir}\u0000${head.replace(/<title>[\s\S]*?<\/title>/i, '')}`;

/**
 * In a batch every letter starts on a new page and no page shows a number (each letter is one page,
 * checked after printing).
 */
const BATCH_STYLE = '<style>@page { @top-center { content: none; } } div.batch-doc + div.batch-doc { break-before: page; }</style>';

function batchHtml(head: string, bodies: readonly string[]): string {
  const at = head.search(/<\/head>/i);
  const withStyle = at >= 0 ? head.slice(0, at) + BATCH_STYLE + head.slice(at) : head + BATCH_STYLE;
  return `${withStyle}${bodies.map((b) => `<div class="batch-doc">${b}</div>`).join('\n')}</body></html>`;
}

/** Groups consecutive shareable jobs into batches of at most `size`; others go alone. */
function plan(jobs: readonly PrintJob[], size: number): { batches: { head: string; jobs: PrintJob[]; bodies: string[] }[]; alone: PrintJob[] } {
  const batches: { head: string; key: string; jobs: PrintJob[]; bodies: string[] }[] = [];
  const alone: PrintJob[] = [];
  for (const job of jobs) {
    const p = parts(job.html);
    if (!p) {
      alone.push(job);
      continue;
    }
    const key = shareKey(job, p.head);
    const last = batches.at(-1);
    if (last && last.key === key && last.jobs.length < size) {
      last.jobs.push(job);
      last.bodies.push(p.body);
    } else {
      batches.push({ head: p.head, key, jobs: [job], bodies: [p.body] });
    }
  }
  return { batches, alone };
}

/**
 * Prints every job to its `outFile`, in batches when qpdf is there. Failures of the browser are
 * retried by printPdf (a fresh browser, more time).
 */
export async function printBatched(printer: Printer, jobs: readonly PrintJob[], options: BatchOptions = {}): Promise<BatchResult> {
  if (jobs.length === 0) return { batches: 0, alone: 0 };
  const tabs = Math.max(1, options.tabs ?? 2);
  const qpdfCommand = options.qpdf === false ? undefined : await findQpdf(options.qpdf ?? 'qpdf');
  const printAlone = async (job: PrintJob): Promise<void> => {
    await printPdf(printer, job.html, job.outFile, { baseDir: job.baseDir });
    options.onDone?.(job);
  };
  if (!qpdfCommand) {
    await eachLimited(jobs, tabs, printAlone);
    return { batches: 0, alone: jobs.length };
  }
  const { batches, alone } = plan(jobs, Math.max(1, options.batchSize ?? 25));
  // Singles print on their own; the rest in batches, in a work folder beside the first output.
  for (const b of batches.filter((b) => b.jobs.length === 1)) alone.push(b.jobs[0]!);
  const shared = batches.filter((b) => b.jobs.length > 1);
  let kept = 0;
  let printedAlone = alone.length;
  const work = shared.length ? await mkdtemp(join(dirname(resolve(shared[0]!.jobs[0]!.outFile)), '.in-')) : undefined;
  let parts = 0;
  /**
   * Prints `jobs` (sharing `head`) as one batch. A letter that ran over a page would be numbered
   * wrongly in a batch: the batch is cut in two and each half printed again, down to single letters
   * printed alone, so one long letter among 200 costs a few small prints, not 25 prints alone.
   */
  const printGroup = async (head: string, jobs: readonly PrintJob[], bodies: readonly string[]): Promise<void> => {
    if (jobs.length === 1) {
      printedAlone++;
      return printAlone(jobs[0]!);
    }
    const part = join(work!, `part-${parts++}.pdf`);
    await printPdf(printer, batchHtml(head, bodies), part, { baseDir: jobs[0]!.baseDir, pages: jobs.length });
    const pages = await splitPages(qpdfCommand, part, `${part}.split`, jobs.map((j) => j.outFile));
    if (pages !== jobs.length) {
      if (pages - jobs.length > MAX_EXTRA_PAGES_TO_HALVE || pages < jobs.length) {
        // Many letters run over: halving would print most of them several times.
        printedAlone += jobs.length;
        for (const job of jobs) await printAlone(job);
        return;
      }
      const half = Math.ceil(jobs.length / 2);
      await printGroup(head, jobs.slice(0, half), bodies.slice(0, half));
      await printGroup(head, jobs.slice(half), bodies.slice(half));
      return;
    }
    kept++;
    for (const job of jobs) options.onDone?.(job);
  };
  try {
    type Task = { kind: 'batch'; index: number } | { kind: 'alone'; job: PrintJob };
    const tasks: Task[] = [...shared.map((_, index) => ({ kind: 'batch' as const, index })), ...alone.map((job) => ({ kind: 'alone' as const, job }))];
    await eachLimited(tasks, tabs, async (task) => {
      if (task.kind === 'alone') return printAlone(task.job);
      const batch = shared[task.index]!;
      await printGroup(batch.head, batch.jobs, batch.bodies);
    });
  } finally {
    if (work) await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
  return { batches: kept, alone: printedAlone };
}
