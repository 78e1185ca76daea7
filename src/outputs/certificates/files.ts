/**
 * Certificate files across runs: a certificate printed on an earlier night is hard-linked into
 * tonight's folder (it costs no space, and `latest` always holds the whole campaign), and packs
 * are joined from the one-page files with qpdf, never printed again.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, link, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { RenderError } from '../../errors/errors.js';
import { pageCount } from '../pdf/qpdf.js';

const run = promisify(execFile);

/** Hard-links `from` to `to`, or copies it where links are not possible (another disk, FAT). */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  await link(from, to).catch(() => copyFile(from, to));
}

/** The first of `places` that is a file, or undefined. */
export function firstExisting(places: readonly string[]): string | undefined {
  return places.find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Joins one-page PDFs into `out` in the given order with qpdf (a single file is linked). Throws
 * RenderError when qpdf is missing or fails.
 */
export async function joinPdfs(qpdfCommand: string, files: readonly string[], out: string): Promise<void> {
  if (files.length === 1) return linkOrCopy(files[0]!, out);
  await runJoin(qpdfCommand, files, out);
}

/**
 * Writes `out` from pages of a few files, in the given order (runs of consecutive pages of one file
 * become one range), checked to hold one page per entry. Throws RenderError when qpdf fails.
 */
export async function joinPages(qpdfCommand: string, pages: readonly { file: string; page: number }[], out: string): Promise<void> {
  const args: string[] = [];
  for (let i = 0; i < pages.length; ) {
    const { file, page } = pages[i]!;
    let j = i + 1;
    while (j < pages.length && pages[j]!.file === file && pages[j]!.page === pages[j - 1]!.page + 1) j++;
    args.push(file, j - i > 1 ? `${page}-${pages[j - 1]!.page}` : String(page));
    i = j;
  }
  await runJoin(qpdfCommand, args, out, pages.length);
}

/** `qpdf --empty --pages <args> --` into a temporary file renamed to `out` (its page count checked when given). */
async function runJoin(qpdfCommand: string, pagesArgs: readonly string[], out: string, expectedPages?: number): Promise<void> {
  const tmp = path.join(path.dirname(out), `.join-${path.basename(out)}`);
  try {
    await run(qpdfCommand, ['--empty', '--pages', ...pagesArgs, '--', tmp], { maxBuffer: 16 << 20 }).catch((cause: { code?: unknown }) => {
      // Exit code 3 is "succeeded with warnings" (qpdf's own convention).
      if (cause.code !== 3) throw cause;
    });
    if (expectedPages !== undefined) {
      const written = await pageCount(qpdfCommand, tmp);
      if (written !== expectedPages) throw new Error(`${written} trang, cần ${expectedPages}`);
    }
    await rename(tmp, out);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new RenderError('QPDF_MERGE_FAILED', { file: path.basename(out), reason: (cause as Error).message }, { cause });
  }
}

/** Whether `dir` holds exactly the numbered certificate files `names` (and `pack`): then its pack is the same. */
export function sameCertificateSet(dir: string, names: readonly string[], pack: string, numbered: RegExp): boolean {
  if (!existsSync(path.join(dir, pack))) return false;
  const want = new Set(names);
  let seen = 0;
  for (const name of readNames(dir)) {
    if (!numbered.test(name)) continue;
    if (!want.has(name)) return false;
    seen++;
  }
  return seen === want.size;
}

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
