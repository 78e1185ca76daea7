/**
 * Certificates at speed: many per HTML document (one page each), a few documents printed at once
 * on two tabs of the run's browser, joined into one print pack and split into one file per
 * certificate with qpdf. One page.pdf() per certificate would be ~50× slower (bench/certificates.ts).
 */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CertificateView } from './view.js';
import { RenderError } from '../../errors/errors.js';
import { eachLimited } from '../../intake/each-limited.js';
import { safeFileUrl, tinosFontFaces } from '../pdf/fonts.js';
import { printPdf, type Printer } from '../pdf/pdf.js';
import { defaultTemplatesDir, loadTemplates, type TemplateSet } from '../pdf/templates.js';
import { findQpdf, pageCount, qpdf, splitPages } from '../pdf/qpdf.js';

export { findQpdf };

export type CertificatePrintOptions = {
  /**
   * Folder with certificate.hbs, partials/, styles/certificate.css and blank.html.
   * @default the repository's templates/ folder
   */
  readonly templatesDir?: string;
  /**
   * Documents the batch is cut into (more when a document would hold over 500); they print concurrently.
   * @default 4
   */
  readonly documents?: number;
  /**
   * Browser tabs printing at once.
   * @default 2
   */
  readonly concurrency?: number;
  /**
   * qpdf executable, or false to do without it (slow: every certificate printed on its own).
   * @default "qpdf" from PATH
   */
  readonly qpdf?: string | false;
};

type CertificatePrintResult = {
  /** Pages in the pack (= certificates). */
  pages: number;
  /** How the per-certificate files were made. */
  split: 'qpdf' | 'separate' | 'none';
  /** Chromium prints made (documents). */
  documents: number;
};

const QPDF_HINT =
  'Cài qpdf để tách tệp giấy chứng nhận nhanh: Debian/Ubuntu "sudo apt-get install qpdf" (hoặc "npm run setup"), ' +
  'macOS "brew install qpdf", Windows "winget install qpdf". / Install qpdf to split the certificate pack quickly.';

/** The certificates as one standalone HTML document. */
export function renderCertificatesHtml(views: readonly CertificateView[], templates: TemplateSet, title = 'Giấy chứng nhận'): string {
  // Spreadsheet text may be decomposed (NFD); fonts and PDF search expect composed letters.
  const nfc = views.map((v) =>
    Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.normalize('NFC') : Array.isArray(x) ? x.map((s: string) => s.normalize('NFC')) : x])),
  );
  return templates.render('certificate', {
    documentTitle: title,
    certificates: nfc,
    fonts: tinosFontFaces(),
    stylesheet: safeFileUrl(join(templates.dir, 'styles', 'certificate.css')),
  });
}

/**
 * Certificates in one printed document at most (memory: Chromium holds a document's layout and PDF).
 * Each document costs a new renderer process and the fonts again: 10,000 certificates printed 212/s
 * at 500 a document against 168/s at 250 (bench/certificates.ts), Chromium peaking at 1.0 GiB
 * instead of 0.86; 1,000 a document was no faster and took 1.3 GiB.
 */
const MAX_PER_DOCUMENT = 500;

/** Splits `items` into `parts` runs of nearly equal length (order kept). */
function chunks<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  const size = Math.ceil(items.length / parts);
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Prints `views` into the print pack `packFile` (one page each, in order) and, when `files` is given
 * (one absolute path per view), one PDF per certificate. Throws RenderError if a certificate does
 * not fit on one page (the per-certificate files would be wrong).
 */
export async function printCertificates(
  browser: Printer,
  views: readonly CertificateView[],
  packFile: string,
  files: readonly string[] | undefined,
  options: CertificatePrintOptions = {},
): Promise<CertificatePrintResult> {
  if (views.length === 0) return { pages: 0, split: 'none', documents: 0 };
  if (files && files.length !== views.length) throw new Error('printCertificates: one file name per certificate expected');
  const templatesDir = resolve(options.templatesDir ?? defaultTemplatesDir());
  const templates = loadTemplates(templatesDir);
  const qpdfCommand = options.qpdf === false ? undefined : await findQpdf(options.qpdf ?? 'qpdf');
  const concurrency = Math.max(1, options.concurrency ?? 2);
  await mkdir(dirname(resolve(packFile)), { recursive: true });
  const work = await mkdtemp(join(dirname(resolve(packFile)), '.in-'));
  try {
    if (!qpdfCommand) {
      // Without qpdf there is no joining or splitting: one document for the pack, one per certificate.
      await printPdf(browser, renderCertificatesHtml(views, templates), packFile, { baseDir: templatesDir, pages: views.length, tagged: false });
      if (files) {
        await eachLimited(views, concurrency, async (view, i) => {
          await printPdf(browser, renderCertificatesHtml([view], templates), files[i]!, { baseDir: templatesDir, tagged: false });
        });
      }
      return { pages: views.length, split: files ? 'separate' : 'none', documents: 1 + (files ? views.length : 0) };
    }

    // Enough per document that a document's fixed cost (tab, fonts, layout: ~0.3 s) is shared, few
    // enough that the two tabs stay busy; at most MAX_PER_DOCUMENT each, so 10,000 certificates are
    // 20 documents and the browser's memory stays that of two of them. A printed part is split while
    // the tab prints the next one.
    const parts = Math.max(1, Math.min(options.documents ?? 4, Math.ceil(views.length / 150)), Math.ceil(views.length / MAX_PER_DOCUMENT));
    const batches = chunks(views, parts);
    const offsets = batches.map((_, i) => batches.slice(0, i).reduce((n, b) => n + b.length, 0));
    const partFiles = batches.map((_, i) => join(work, `part-${String(i).padStart(3, '0')}.pdf`));
    const splits: Promise<void>[] = [];
    const splitPart = async (i: number): Promise<void> => {
      const batch = batches[i]!;
      const pages = files
        ? await splitPages(qpdfCommand, partFiles[i]!, join(work, `split-${i}`), files.slice(offsets[i]!, offsets[i]! + batch.length))
        : await pageCount(qpdfCommand, partFiles[i]!);
      if (pages !== batch.length) throw new RenderError('CERTIFICATE_OVERFLOW', { pages, count: batch.length });
    };
    try {
      await eachLimited(batches, concurrency, async (batch, i) => {
        await printPdf(browser, renderCertificatesHtml(batch, templates), partFiles[i]!, { baseDir: templatesDir, pages: batch.length, tagged: false });
        const split = splitPart(i);
        // Handled below; a rejection must not go unobserved while the other parts print.
        split.catch(() => undefined);
        splits.push(split);
      });
    } finally {
      await Promise.allSettled(splits);
    }
    for (const split of splits) await split;
    const joined = join(work, 'pack.pdf');
    if (partFiles.length === 1) await rename(partFiles[0]!, joined);
    else await qpdf(qpdfCommand, ['--empty', '--pages', ...partFiles, '--', joined]);
    await rename(joined, packFile);
    return { pages: views.length, split: files ? 'qpdf' : 'none', documents: batches.length };
  } finally {
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

export { QPDF_HINT };
