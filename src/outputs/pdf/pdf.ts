/**
 * HTML → PDF with an already running Chromium. The page runs with JavaScript off and may read only
 * local files from the templates folder and the Tinos font package: spreadsheet text cannot make the
 * browser run code or reach the network.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer';
import { OutputError, RenderError } from '../../errors/errors.js';
import { tinosDir } from './fonts.js';
import { defaultTemplatesDir } from './templates.js';

/**
 * What prints: a bare Puppeteer browser, or the run's browser (run-browser.ts), which a failed
 * print may replace with a fresh one before its one retry.
 */
export type Printer = {
  newPage(): Promise<Page>;
  /** Bumped each time the browser is replaced. */
  readonly generation?: number;
  /** Replaces the browser of that generation (several tabs failing together share one relaunch). */
  relaunch?(generation: number): Promise<void>;
};

/**
 * Time allowed for one print: a minute, plus half a second a page. Generous (certificates print
 * ~8 ms a page) so that a machine busy with other work is slow, not failed.
 */
export function printTimeout(pages: number): number {
  return 60_000 + 500 * Math.max(1, pages);
}

type PrintOptions = {
  /**
   * Fallback orientation; the template's CSS `@page { size }` wins (preferCSSPageSize).
   * @default false
   */
  readonly landscape?: boolean;
  /**
   * Folder the document's relative URLs resolve against and whose files the page may load; it should
   * hold `blank.html`.
   * @default the repository's templates/ folder
   */
  readonly baseDir?: string;
  /**
   * Pages expected; the time allowed grows with them (printTimeout).
   * @default 1
   */
  readonly pages?: number;
  /**
   * Milliseconds allowed for loading and printing, first attempt.
   * @default printTimeout(pages)
   */
  readonly timeoutMs?: number;
  /**
   * Milliseconds allowed for the retry with a fresh browser.
   * @default 3 × timeoutMs
   */
  readonly retryTimeoutMs?: number;
  /**
   * Tagged (accessible) PDF. Batches of certificates turn it off: it doubles their size and print time.
   * @default true
   */
  readonly tagged?: boolean;
};

function realOrResolved(dir: string): string[] {
  const resolved = resolve(dir);
  try {
    const real = realpathSync(resolved);
    return real === resolved ? [resolved] : [resolved, real];
  } catch {
    return [resolved];
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True for data: URLs, file:// URLs inside one of the allowed folders, and the allowed files. */
export function isAllowedUrl(url: string, allowedDirs: readonly string[], allowedFiles: readonly string[] = []): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  return allowedFiles.includes(resolve(file)) || allowedDirs.some((dir) => isInside(resolve(file), dir));
}

/**
 * The document with `<base href>` set to `baseDir`, so its relative URLs resolve in the templates
 * folder although the page is loaded from a file beside the output (a `<base>` of its own wins).
 */
export function withBase(html: string, baseDir: string): string {
  if (/<base[\s>]/i.test(html)) return html;
  const base = `<base href="${pathToFileURL(join(baseDir, '/')).href}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head ? html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length) : base + html;
}

let sourceCounter = 0;

/**
 * Prints `html` to `outFile` (A4 unless the CSS says otherwise). Writes a temporary file next to
 * `outFile` and renames it, so a failed print never leaves half a PDF behind. With a printer that can
 * relaunch, a failed or timed-out print is tried once more on a fresh browser with more time; a
 * print cut short because another tab's failure replaced the browser does not count as its failure.
 */
export async function printPdf(printer: Printer, html: string, outFile: string, options: PrintOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? printTimeout(options.pages ?? 1);
  const baseDir = resolve(options.baseDir ?? defaultTemplatesDir());
  // The page is loaded from a file, not set with setContent: Chromium parses a loaded file on its
  // background parser, while setContent's document.write parses on the main thread — a batch of 500
  // certificates printed ~25 % faster (bench/certificates.ts). A file:// origin is also what lets the
  // page load file:// fonts (about:blank cannot). The file sits beside the output, its relative URLs
  // resolve in the templates folder (<base>), and it is removed after the print.
  const source = resolve(`${outFile}.${process.pid}.${(sourceCounter++).toString(36)}.tmp.html`);
  try {
    await mkdir(dirname(source), { recursive: true });
    await writeFile(source, withBase(html, baseDir));
  } catch (cause) {
    throw new OutputError('WRITE_FAILED', { file: source, reason: (cause as Error).message }, { cause });
  }
  let pdf: Uint8Array | undefined;
  try {
    for (let attempt = 0, failures = 0; pdf === undefined; attempt++) {
      const generation = printer.generation ?? 0;
      try {
        pdf = await printOnce(printer, html, source, outFile, baseDir, options, failures === 0 ? timeout : (options.retryTimeoutMs ?? 3 * timeout));
      } catch (error) {
        // Fonts or templates that fail would fail again: only the browser's own failures are retried.
        if (!printer.relaunch || (error instanceof RenderError && error.code === 'FONTS_FAILED')) throw error;
        if ((printer.generation ?? 0) === generation) failures++;
        if (failures > 1 || attempt >= 4) throw error;
        await printer.relaunch(generation);
      }
    }
  } finally {
    await rm(source, { force: true }).catch(() => undefined);
  }
  await writeAtomically(outFile, pdf);
}

async function printOnce(
  printer: Printer,
  html: string,
  source: string,
  outFile: string,
  baseDir: string,
  options: PrintOptions,
  timeout: number,
): Promise<Uint8Array> {
  const allowedDirs = [...realOrResolved(baseDir), ...realOrResolved(tinosDir())];
  const blocked: string[] = [];
  const generation = printer.generation ?? 0;
  const idle = takeIdleTab(printer);
  const page =
    idle ??
    (await printer.newPage().catch((cause: unknown) => {
      throw new RenderError('BROWSER_PAGE_FAILED', {}, { cause });
    }));
  let printed = false;
  try {
    page.setDefaultTimeout(timeout);
    if (!idle) {
      // Page content never runs scripts; Puppeteer's own CDP calls still work.
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
    }
    const onRequest = (request: HTTPRequest): void => {
      if (request.isInterceptResolutionHandled()) return;
      if (isAllowedUrl(request.url(), allowedDirs, [source])) {
        void request.continue();
      } else {
        blocked.push(request.url());
        void request.abort('blockedbyclient');
      }
    };
    const previous = requestHandlers.get(page);
    if (previous) page.off('request', previous);
    requestHandlers.set(page, onRequest);
    page.on('request', onRequest);
    // 'load' waits for the stylesheets. Web fonts are fetched only once layout needs them, so force a
    // layout and wait for document.fonts in Puppeteer's own context (allowed with page scripts off).
    await page.goto(pathToFileURL(source).href, { waitUntil: 'load' });
    const fonts = await page.evaluate(async () => {
      void document.body.offsetHeight;
      await document.fonts.ready;
      // Not document.fonts.forEach: with page scripts off Blink refuses to call back into JS.
      const faces = Array.from(document.fonts as unknown as Iterable<FontFace>);
      return {
        loaded: faces.filter((face) => face.status === 'loaded').length,
        failed: faces.filter((face) => face.status === 'error').map((face) => `${face.family} ${face.weight} ${face.style}`),
      };
    });
    if (fonts.failed.length > 0 || (fonts.loaded === 0 && html.includes('@font-face'))) {
      throw new RenderError('FONTS_FAILED', { fonts: fonts.failed.join(', '), blocked: blocked.length > 0 ? ` Bị chặn: ${blocked.join(', ')}` : '' });
    }
    const pdf = await page.pdf({
      format: 'A4',
      landscape: options.landscape ?? false,
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: false,
      // Resolves document.fonts.ready before printing.
      waitForFonts: true,
      tagged: options.tagged ?? true,
      timeout,
    });
    printed = true;
    return pdf;
  } catch (cause) {
    if (cause instanceof RenderError) throw cause;
    throw new RenderError('PRINT_FAILED', { file: outFile, reason: cause instanceof Error ? cause.message : String(cause) }, { cause });
  } finally {
    // A tab that printed is kept for the next print (emptied first: it would hold the document's
    // layout); one that failed is closed.
    if (printed) await keepIdleTab(printer, page, generation, pathToFileURL(join(baseDir, 'blank.html')).href, options.pages ?? 1);
    else await page.close().catch(() => undefined);
  }
}

/**
 * Tabs kept open between prints, per printer and browser generation. A new tab costs ~0.13 s
 * (a renderer, its settings) and loading the fonts again ~0.1 s: about half of what a one-page
 * letter costs to print. A tab comes back only after a print that succeeded, on the same browser.
 */
const idleTabs = new WeakMap<Printer, { generation: number; pages: Page[] }>();
const requestHandlers = new WeakMap<Page, (request: HTTPRequest) => void>();
const MAX_IDLE_TABS = 4;
/**
 * Pages a tab prints before it is closed: a renderer keeps the memory of what it laid out, so a
 * tab that printed for a whole province (100,000 pages of lists) would only grow (Chromium grew
 * from 1.4 to 1.9 GiB between 10,000 and 20,000 certificates on two kept tabs). A kept tab is worth
 * more than its 0.25 s: its renderer has the fonts and their shaping warm, and a batch of
 * certificates took 3.7 ms of Chromium CPU each on kept tabs, 5.2 ms when tabs were retired every
 * 2,000 pages.
 */
const MAX_PAGES_PER_TAB = 5_000;
const pagesPrinted = new WeakMap<Page, number>();

function takeIdleTab(printer: Printer): Page | undefined {
  const idle = idleTabs.get(printer);
  if (!idle) return undefined;
  if (idle.generation !== (printer.generation ?? 0)) {
    // The browser was replaced: those tabs died with it.
    idleTabs.delete(printer);
    return undefined;
  }
  for (let page = idle.pages.pop(); page; page = idle.pages.pop()) if (!page.isClosed()) return page;
  return undefined;
}

async function keepIdleTab(printer: Printer, page: Page, generation: number, blankUrl: string, pages: number): Promise<void> {
  try {
    if (generation !== (printer.generation ?? 0)) throw new Error('browser replaced');
    const printed = (pagesPrinted.get(page) ?? 0) + pages;
    if (printed >= MAX_PAGES_PER_TAB) throw new Error('tab retired');
    pagesPrinted.set(page, printed);
    // The next document then loads into a small page, in the same renderer (file:// to file://).
    await page.goto(blankUrl, { waitUntil: 'load' });
    let idle = idleTabs.get(printer);
    if (!idle || idle.generation !== generation) idleTabs.set(printer, (idle = { generation, pages: [] }));
    if (idle.pages.length >= MAX_IDLE_TABS) throw new Error('enough idle tabs');
    idle.pages.push(page);
  } catch {
    await page.close().catch(() => undefined);
  }
}

async function writeAtomically(outFile: string, pdf: Uint8Array): Promise<void> {
  const tmp = `${outFile}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await mkdir(dirname(resolve(outFile)), { recursive: true });
    await writeFile(tmp, pdf);
    await rename(tmp, outFile);
  } catch (cause) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OutputError('WRITE_FAILED', { file: outFile, reason: (cause as Error).message }, { cause });
  }
}
