/**
 * Edge: writes `<run>/phan-hoi/<unit id>/` for every unit with something to act on: a marked copy of
 * each of its local workbooks (`<name>-kiem-tra.xlsx`, the original is only read) and the letter
 * `thu-phan-hoi.pdf` (and `thu-phan-hoi.docx` to edit). A copy is made only from the bytes intake
 * accepted, in a guarded worker (mark-guarded.ts): a file intake refused, a Google sheet or a file
 * that changed since gets the letter only.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Printer } from '../pdf/pdf.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Issue } from '../../model/issue.js';
import type { Consolidation } from '../../model/consolidation.js';
import type { AcceptedBytes } from '../../model/source.js';
import type { SourceRead } from '../../analyse/analyse.js';
import { eachLimited } from '../../intake/each-limited.js';
import { collectFeedback, type FeedbackEntry, type UnitFeedback } from './entries.js';
import { buildFeedbackLetter, letterJob } from './letter.js';
import { printBatched, type PrintJob } from '../pdf/batch.js';
import { writeLetterDocx } from '../docx/letter-docx.js';
import { markAccepted } from './mark-guarded.js';

export const FEEDBACK_DIR = 'phan-hoi';
export const LETTER_FILE = 'thu-phan-hoi.pdf';
/** The letter as an editable Word copy, always written beside the PDF. */
export const LETTER_DOCX = 'thu-phan-hoi.docx';

/** Accepted bytes by unit and source path (`acceptedKey`). */
export type AcceptedSources = ReadonlyMap<string, AcceptedBytes>;
export const acceptedKey = (unitId: string, sourcePath: string): string => `${unitId}\u0000${sourcePath}`;

/** The accepted bytes of the reads that have them (parsed this run, not refused). */
export function acceptedSources(reads: readonly SourceRead[]): Map<string, AcceptedBytes> {
  const out = new Map<string, AcceptedBytes>();
  for (const read of reads) if ('accepted' in read && read.accepted) out.set(acceptedKey(read.source.unitId, read.source.display), read.accepted);
  return out;
}

export type FeedbackOptions = {
  loaded: LoadedConfig;
  consolidation: Consolidation;
  issues: readonly Issue[];
  reportDate: string;
  /** The run's folder. */
  dir: string;
  browser: Printer;
  log: (line: string) => void;
  /** The campaign's own templates folder, if any. */
  templatesDir?: string | undefined;
  /** What intake accepted; a source absent here gets no marked copy. */
  accepted?: AcceptedSources;
  /** Marked copies already started (`startMarking`), so they were made while other outputs printed. */
  marking?: Marking;
  /** qpdf executable, or false to print each letter on its own. @default "qpdf" from PATH */
  qpdf?: string | false;
  /** Letters done of total, for progress display. */
  progress?: (done: number, total: number) => void;
};

type FeedbackWritten = { unitId: string; letter: string; marked: string[] };

/** Marked copies being made: one promise per unit and source, undefined when there is none. */
export type Marking = ReadonlyMap<string, Promise<Buffer | undefined>>;

const isRemote = (p: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(p);

/** "submissions/xa-bat-trang.xlsx" → "xa-bat-trang-kiem-tra.xlsx" */
function markedName(sourcePath: string): string {
  const base = path.posix.basename(sourcePath.replace(/\\/g, '/'));
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return `${stem}-kiem-tra.xlsx`;
}

function units(options: Pick<FeedbackOptions, 'loaded' | 'consolidation' | 'issues'>): UnitFeedback[] {
  return collectFeedback(options.loaded.config.units, options.consolidation, options.issues);
}

/**
 * Starts marking every source that has problems and accepted bytes, in the guarded workers; the
 * promises never reject (a file the worker refused or stopped gets no copy).
 */
export function startMarking(options: Pick<FeedbackOptions, 'loaded' | 'consolidation' | 'issues' | 'accepted'>): Marking {
  const marking = new Map<string, Promise<Buffer | undefined>>();
  for (const unit of units(options)) {
    for (const source of unit.sources) {
      const accepted = options.accepted?.get(acceptedKey(unit.unitId, source.path));
      if (source.entries.length === 0 || isRemote(source.path) || !accepted) continue;
      marking.set(acceptedKey(unit.unitId, source.path), markAccepted(accepted, source.entries as FeedbackEntry[]).catch(() => undefined));
    }
  }
  return marking;
}

/** Units whose marked copies are awaited and written at once. */
const UNITS_AT_ONCE = 4;

export async function writeFeedback(options: FeedbackOptions): Promise<FeedbackWritten[]> {
  const { loaded, consolidation, dir, log } = options;
  const feedback = units(options);
  const marking = options.marking ?? startMarking(options);
  const written: (FeedbackWritten | undefined)[] = new Array(feedback.length);
  const jobs: (PrintJob | undefined)[] = new Array(feedback.length);
  let done = 0;
  options.progress?.(0, feedback.length);
  await eachLimited(feedback, UNITS_AT_ONCE, async (unit, index) => {
    const unitDir = path.join(dir, FEEDBACK_DIR, unit.unitId);
    await mkdir(unitDir, { recursive: true });
    const marked: string[] = [];
    for (const source of unit.sources) {
      if (source.entries.length === 0 || isRemote(source.path)) continue;
      const bytes = await marking.get(acceptedKey(unit.unitId, source.path));
      if (!bytes) {
        log(`Phản hồi: không tạo bản đánh dấu của ${source.path} (tệp không đọc được hoặc không mở được an toàn); chỉ gửi thư.`);
        continue;
      }
      let name = markedName(source.path);
      // Two sources with the same file name in different folders.
      for (let n = 2; marked.includes(name); n++) name = markedName(source.path).replace(/\.xlsx$/, `-${n}.xlsx`);
      await writeFile(path.join(unitDir, name), bytes);
      marked.push(name);
    }
    const submission = consolidation.completeness?.units.find((u) => u.unitId === unit.unitId);
    const view = buildFeedbackLetter(loaded.config, unit, { reportDate: options.reportDate, submission, attachments: marked });
    const letter = path.join(unitDir, LETTER_FILE);
    jobs[index] = letterJob(view, letter, options.templatesDir);
    await writeLetterDocx(view, path.join(unitDir, LETTER_DOCX));
    written[index] = { unitId: unit.unitId, letter: path.relative(dir, letter), marked: marked.map((m) => path.relative(dir, path.join(unitDir, m))) };
  });
  // Every letter in a few prints of the run's browser, cut into one PDF each (pdf/batch.ts).
  await printBatched(options.browser, jobs.filter((j): j is PrintJob => j !== undefined), {
    ...(options.qpdf !== undefined ? { qpdf: options.qpdf } : {}),
    onDone: () => options.progress?.(++done, feedback.length),
  });
  const out = written.filter((w): w is FeedbackWritten => w !== undefined);
  if (out.length) log(`Phản hồi cho ${out.length} đơn vị: ${FEEDBACK_DIR}/`);
  return out;
}
