/**
 * Edge: writes `<run>/phan-hoi/<unit id>/` for every unit with something to act on: a marked copy of
 * each of its local workbooks (`<name>-kiem-tra.xlsx`, the original is only read) and the letter
 * `thu-phan-hoi.pdf` (and `thu-phan-hoi.docx` to edit). Google sources are not files here: they get the letter only.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { LoadedConfig } from '../../config/load.js';
import type { Issue } from '../../model/issue.js';
import type { Consolidation } from '../../model/consolidation.js';
import { readSourceFile } from '../../intake/read-source.js';
import { annotateGrid, annotateXlsx } from './annotate.js';
import { collectFeedback, type FeedbackEntry } from './entries.js';
import { buildFeedbackLetter, renderFeedbackLetterPdf } from './letter.js';
import { writeLetterDocx } from '../docx/letter-docx.js';

export const FEEDBACK_DIR = 'phan-hoi';
export const LETTER_FILE = 'thu-phan-hoi.pdf';
/** The letter as an editable Word copy, always written beside the PDF. */
export const LETTER_DOCX = 'thu-phan-hoi.docx';

export type FeedbackOptions = {
  loaded: LoadedConfig;
  consolidation: Consolidation;
  issues: readonly Issue[];
  reportDate: string;
  /** The run's folder. */
  dir: string;
  browser: Browser;
  log: (line: string) => void;
  /** The campaign's own templates folder, if any. */
  templatesDir?: string | undefined;
};

export type FeedbackWritten = { unitId: string; letter: string; marked: string[] };

const isRemote = (p: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(p);

/** "submissions/xa-bat-trang.xlsx" → "xa-bat-trang-kiem-tra.xlsx" */
export function markedName(sourcePath: string): string {
  const base = path.posix.basename(sourcePath.replace(/\\/g, '/'));
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return `${stem}-kiem-tra.xlsx`;
}

/** The marked copy's bytes, or undefined when the file cannot be opened (then the letter says it all). */
async function markedCopy(absolute: string, display: string, entries: readonly FeedbackEntry[]): Promise<Buffer | undefined> {
  const bytes = await readFile(absolute);
  const isZip = bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) {
    try {
      return await annotateXlsx(bytes, entries);
    } catch {
      // exceljs could not open it: fall back to the grid the reader made.
    }
  }
  try {
    const file = await readSourceFile(absolute, display);
    return await annotateGrid(file.grid, entries);
  } catch {
    return undefined;
  }
}

export async function writeFeedback(options: FeedbackOptions): Promise<FeedbackWritten[]> {
  const { loaded, consolidation, dir, log } = options;
  const feedback = collectFeedback(loaded.config.units, consolidation, options.issues);
  const written: FeedbackWritten[] = [];
  for (const unit of feedback) {
    const unitDir = path.join(dir, FEEDBACK_DIR, unit.unitId);
    await mkdir(unitDir, { recursive: true });
    const marked: string[] = [];
    for (const source of unit.sources) {
      if (source.entries.length === 0 || isRemote(source.path)) continue;
      const absolute = path.resolve(loaded.baseDir, source.path);
      let bytes: Buffer | undefined;
      try {
        bytes = await markedCopy(absolute, source.path, source.entries);
      } catch {
        bytes = undefined;
      }
      if (!bytes) {
        log(`Phản hồi: không tạo được bản đánh dấu của ${source.path} (tệp không mở được); chỉ gửi thư.`);
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
    await renderFeedbackLetterPdf(options.browser, view, letter, options.templatesDir);
    await writeLetterDocx(view, path.join(unitDir, LETTER_DOCX));
    written.push({ unitId: unit.unitId, letter: path.relative(dir, letter), marked: marked.map((m) => path.relative(dir, path.join(unitDir, m))) });
  }
  if (written.length) log(`Phản hồi cho ${written.length} đơn vị: ${FEEDBACK_DIR}/`);
  return written;
}
