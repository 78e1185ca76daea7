/**
 * The few qpdf operations printing at scale needs: count pages, split a printed batch into one file
 * per document, join files. Printing many documents in one Chromium print and cutting the result
 * with qpdf is what makes certificates and letters fast (one print costs ~0.3 s however short).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RenderError } from '../../errors/errors.js';

const run = promisify(execFile);

const found = new Map<string, Promise<string | undefined>>();

/**
 * The qpdf to use, or undefined when it is not installed. Asked once per command and process: a
 * run's process can hold gigabytes, and starting a child from it costs tens of milliseconds.
 */
export function findQpdf(command: string = 'qpdf'): Promise<string | undefined> {
  let answer = found.get(command);
  if (!answer) {
    answer = run(command, ['--version'], { timeout: 10_000 }).then(
      () => command,
      () => undefined,
    );
    found.set(command, answer);
  }
  return answer;
}

export async function qpdf(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 16 << 20 });
    return stdout;
  } catch (cause) {
    // Exit code 3 is "succeeded with warnings" (qpdf's own convention).
    if ((cause as { code?: unknown }).code === 3) return (cause as { stdout?: string }).stdout ?? '';
    throw new RenderError('QPDF_FAILED', { command: args[0] ?? '', reason: (cause as Error).message }, { cause });
  }
}

/** Pages of a PDF. */
export async function pageCount(command: string, file: string): Promise<number> {
  return Number((await qpdf(command, ['--show-npages', file])).trim());
}

/**
 * Splits `file` one page a file into `targets` (page i → targets[i]), through `splitDir` (made
 * here, on the same disk), and returns the pages found. When they are not one per target nothing
 * is moved to the targets: the caller decides (the split is also the page count, one qpdf less).
 */
export async function splitPages(command: string, file: string, splitDir: string, targets: readonly string[]): Promise<number> {
  await mkdir(splitDir);
  await qpdf(command, ['--split-pages', file, join(splitDir, 'p.pdf')]);
  // qpdf names them p-01.pdf … or p-0001.pdf (width of the page count): numeric order is page order.
  const pieces = (await readdir(splitDir))
    .map((name) => ({ name, page: Number(/-(\d+)\.pdf$/.exec(name)?.[1] ?? NaN) }))
    .filter((p) => Number.isFinite(p.page))
    .sort((a, b) => a.page - b.page);
  if (pieces.length !== targets.length) return pieces.length;
  await Promise.all(pieces.map((piece, k) => rename(join(splitDir, piece.name), targets[k]!)));
  return pieces.length;
}
