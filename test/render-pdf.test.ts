/**
 * printPdf's guarantees: page scripts never run, only local template/font files load, font failures
 * are errors rather than silent fallbacks, and a failed print leaves no file behind.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../src/errors/errors.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { tinosDir, tinosFontFaces } from '../src/outputs/pdf/fonts.js';
import { isAllowedUrl, printPdf } from '../src/outputs/pdf/pdf.js';
import { pdfFonts, pdfText } from './helpers/poppler.js';

let browser: Browser;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tonghop-pdf-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const fontCss = tinosFontFaces()
  .map((f) => `@font-face{font-family:"${f.family}";font-weight:${f.weight};font-style:${f.style};src:url("${f.url}") format("${f.format}")}`)
  .join('\n');

function page(body: string, extraCss = ''): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>${fontCss}\n${extraCss}\nbody{font-family:Tinos}</style></head><body>${body}</body></html>`;
}

describe('printPdf', () => {
  it('keeps page scripts off and blocks the network, yet embeds the fonts', async () => {
    const file = join(work, 'safe.pdf');
    const html = page(
      '<p>Tiếng Việt có dấu: Đắk Lắk, Thừa Thiên Huế.</p>' +
        '<script>document.body.append("SCRIPT-RAN")</script>' +
        '<img src="https://example.com/tracker.png" alt="">' +
        '<img src="file:///etc/hostname" alt="">',
    );
    await printPdf(browser, html, file);
    const text = pdfText(file);
    expect(text).toContain('Tiếng Việt có dấu: Đắk Lắk, Thừa Thiên Huế.');
    expect(text).not.toContain('SCRIPT-RAN');
    expect(pdfFonts(file).every((f) => f.name.includes('Tinos') && f.embedded)).toBe(true);
  });

  it('fails when a font cannot load (a real file outside the allowed folders), and leaves no PDF or temporary file', async () => {
    // Without request interception Chromium would load this file:// font happily.
    const outside = join(work, 'copied-font.ttf');
    copyFileSync(join(tinosDir(), '400Regular', 'Tinos_400Regular.ttf'), outside);
    const file = join(work, 'broken.pdf');
    const html = page(
      '<p style="font-family:Blocked">Phông chữ bị chặn</p>',
      `@font-face{font-family:"Blocked";src:url("${pathToFileURL(outside).href}") format("truetype")}`,
    );
    const failure = printPdf(browser, html, file);
    await expect(failure).rejects.toBeInstanceOf(RenderError);
    await expect(failure).rejects.toThrow(/copied-font\.ttf/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(work).filter((name) => name.startsWith('broken'))).toEqual([]);
  });

  it('resolves a template\'s relative URLs in its templates folder although the page is loaded from beside the output, and leaves only the PDF', async () => {
    const templates = join(work, 'my-templates');
    mkdirSync(join(templates, 'styles'), { recursive: true });
    writeFileSync(join(templates, 'styles', 'extra.css'), 'p.mark::before { content: "TỪ-TỆP-CSS "; }');
    const outDir = join(work, 'relative-out');
    const html = page('<p class="mark">Chữ của trang</p>').replace('</head>', '<link rel="stylesheet" href="styles/extra.css"></head>');
    await printPdf(browser, html, join(outDir, 'relative.pdf'), { baseDir: templates });
    expect(pdfText(join(outDir, 'relative.pdf'))).toContain('TỪ-TỆP-CSS Chữ của trang');
    expect(readdirSync(outDir)).toEqual(['relative.pdf']);
  });
});

describe('tabs kept between prints', () => {
  it('reuses the tab of a print that succeeded, never that of one that failed', async () => {
    let opened = 0;
    const printer = { newPage: async () => (opened++, browser.newPage()) };
    const dir = join(work, 'tabs');
    await printPdf(printer, page('<p>Một</p>'), join(dir, '1.pdf'));
    await printPdf(printer, page('<p>Hai</p>'), join(dir, '2.pdf'));
    expect(opened).toBe(1);
    expect(pdfText(join(dir, '2.pdf'))).toContain('Hai');
    expect(pdfText(join(dir, '2.pdf'))).not.toContain('Một');
    // A font the page may not load: the print fails, its tab is closed, the next print opens one.
    const blocked = `@font-face{font-family:"Blocked";src:url("file:///etc/hostname") format("truetype")}`;
    await expect(printPdf(printer, page('<p style="font-family:Blocked">Ba</p>', blocked), join(dir, '3.pdf'))).rejects.toBeInstanceOf(RenderError);
    await printPdf(printer, page('<p>Bốn</p>'), join(dir, '4.pdf'));
    expect(opened).toBe(2);
    // The kept tab still refuses what it refused before: scripts and files outside the allowed folders.
    await printPdf(printer, page('<p>Năm</p><script>document.body.append("SCRIPT-RAN")</script><img src="file:///etc/hostname">'), join(dir, '5.pdf'));
    expect(opened).toBe(2);
    expect(pdfText(join(dir, '5.pdf'))).not.toContain('SCRIPT-RAN');
  }, 120_000);
});

describe('isAllowedUrl', () => {
  const allowed = ['/repo/templates', '/repo/node_modules/@expo-google-fonts/tinos'];
  it.each([
    ['file:///repo/templates/styles/report.css', true],
    ['file:///repo/node_modules/@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf', true],
    ['data:font/woff2;base64,AAAA', true],
    ['file:///repo/templates/../secrets.txt', false],
    ['file:///repo/templates-evil/x.css', false],
    ['file:///etc/passwd', false],
    ['https://example.com/x.css', false],
    ['about:blank', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedUrl(url, allowed)).toBe(expected);
  });
  it('allows a named file outside the folders, and nothing beside it', () => {
    expect(isAllowedUrl('file:///out/report.pdf.1.0.tmp.html', allowed, ['/out/report.pdf.1.0.tmp.html'])).toBe(true);
    expect(isAllowedUrl('file:///out/other.html', allowed, ['/out/report.pdf.1.0.tmp.html'])).toBe(false);
  });
});
