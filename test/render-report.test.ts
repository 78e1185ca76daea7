/**
 * The district report printed by a real Chromium and read back with poppler: page sizes, embedded
 * fonts, text with diacritics, page numbers, escaping, and template errors that name file and line.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../src/errors/errors.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { renderReportHtml, renderReportPdf } from '../src/outputs/report/print.js';
import { defaultTemplatesDir } from '../src/outputs/pdf/templates.js';
import { pdfFonts, pdfPageSizes, pdfText } from './helpers/poppler.js';
import { LONG_UNIT_NAME, SAMPLE_TOTAL_TEXT, SAMPLE_TOTAL_WORDS, sampleReportView } from './helpers/sample-view.js';

let browser: Browser;
let work: string;
let reportPdf: string;
const view = sampleReportView();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tonghop-render-'));
  browser = await launchBrowser();
  reportPdf = join(work, 'bao-cao.pdf');
  await renderReportPdf(browser, view, reportPdf);
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A4 in points, as pdfinfo prints it (594.96 x 841.92). */
const A4 = { short: 595, long: 842 };
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1.5;

describe('report PDF', () => {
  it('prints the body on A4 portrait and the unit annex on A4 landscape', () => {
    const sizes = pdfPageSizes(reportPdf);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    const signaturePage = sizes.find(({ page }) => pdfText(reportPdf, { first: page, last: page }).includes(view.signerName));
    expect(signaturePage).toBeDefined();
    for (const { page, width, height } of sizes) {
      const portrait = near(width, A4.short) && near(height, A4.long);
      const landscape = near(width, A4.long) && near(height, A4.short);
      if (page <= (signaturePage?.page ?? 0)) expect({ page, portrait }).toEqual({ page, portrait: true });
      else expect({ page, landscape }).toEqual({ page, landscape: true });
    }
    expect(sizes.at(-1)?.width).toBeCloseTo(A4.long, -1);
  });

  it('embeds only Tinos fonts', () => {
    const fonts = pdfFonts(reportPdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/);
      expect(font.embedded).toBe(true);
    }
    const styles = new Set(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')));
    expect(styles).toEqual(new Set(['Tinos-Regular', 'Tinos-Bold', 'Tinos-Italic', 'Tinos-BoldItalic']));
  });

  it('carries the title, subject, every unit, the total and its words with diacritics intact', () => {
    const text = pdfText(reportPdf);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain(view.subject);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('An Lão, ngày 05 tháng 10 năm 2023');
    expect(text).toContain('Kính gửi: Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng.');
    expect(text).toContain(`${SAMPLE_TOTAL_TEXT} đồng`);
    expect(text).toContain(`(Bằng chữ: ${SAMPLE_TOTAL_WORDS})`);
    expect(text).toContain('Các đơn vị chưa có số liệu: Xã Tân Viên, Hội Cựu chiến binh huyện.');
    for (const row of view.unitRows) expect(text).toContain(row.name);
    expect(text).toContain(LONG_UNIT_NAME);
    for (const heading of ['I. Công tác chỉ đạo, triển khai', 'II. Kết quả vận động', 'III. Đánh giá', 'IV. Đề xuất, kiến nghị']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Biểu 01');
    expect(text).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('TM. BAN THƯỜNG TRỰC');
    expect(text).toContain(view.generatedNote);
  });

  it('numbers pages at the top from page 2 only', () => {
    const firstLine = (page: number): string =>
      pdfText(reportPdf, { first: page, last: page }, '-layout')
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim() ?? '';
    expect(firstLine(2)).toBe('2');
    expect(firstLine(1)).not.toMatch(/^\d+$/);
  });

  it('omits sections and tables whose lists are empty', () => {
    const html = renderReportHtml({
      ...view,
      direction: [],
      assessment: [],
      unitRows: [],
      topDonors: [],
      missingUnits: [],
      resultParagraphs: [],
      copiesTo: [],
      signerOnBehalf: undefined,
    });
    expect(html).not.toContain('Công tác chỉ đạo, triển khai');
    expect(html).not.toContain('Đánh giá');
    expect(html).not.toContain('Biểu 01');
    expect(html).not.toContain('Tập thể, cá nhân tiêu biểu');
    expect(html).not.toContain('Nơi nhận');
    expect(html).not.toContain('TM. BAN');
    expect(html).toContain('Đề xuất, kiến nghị');
  });

  it('lists several recipients one per line', () => {
    const html = renderReportHtml({ ...view, recipients: ['Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng', 'Thường trực Huyện ủy An Lão.'] });
    expect(html).toContain('- Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng;');
    expect(html).toContain('- Thường trực Huyện ủy An Lão.');
    expect(html).not.toContain('An Lão..');
  });
});

describe('escaping', () => {
  it('prints markup from spreadsheet cells literally', async () => {
    const hostile = sampleReportView();
    const unit = hostile.unitRows[1];
    if (!unit) throw new Error('sample has no unit rows');
    unit.name = '<script>document.title="x"</script>Xã Bát Trang';
    hostile.recipients = ['<b>Ban Thường trực</b> & cộng sự'];
    hostile.generatedNote = '{{subject}} <img src="https://example.com/x.png">';

    const html = renderReportHtml(hostile);
    expect(html).not.toContain('<script>document.title');
    expect(html).not.toContain('<b>Ban');
    expect(html).not.toContain('<img src="https');
    expect(html).toContain('&lt;script&gt;');

    const file = join(work, 'escaped.pdf');
    await renderReportPdf(browser, hostile, file);
    const text = pdfText(file);
    // The narrow name cell may wrap the value anywhere, so compare without spaces there.
    expect(text.replace(/\s/g, '')).toContain('<script>document.title="x"</script>XãBátTrang');
    expect(text).toContain('Kính gửi: <b>Ban Thường trực</b> & cộng sự.');
    expect(text).toContain('{{subject}} <img src="https://example.com/x.png">');
  });
});

describe('template errors', () => {
  function templatesWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(work, 'templates-'));
    cpSync(defaultTemplatesDir(), dir, { recursive: true });
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
    return dir;
  }

  function renderError(templatesDir: string): RenderError {
    try {
      renderReportHtml(view, { templatesDir });
    } catch (error) {
      expect(error).toBeInstanceOf(RenderError);
      return error as RenderError;
    }
    throw new Error('expected a RenderError');
  }

  it('names the file and line of a syntax error', () => {
    const dir = templatesWith({ 'report.hbs': '<html>\n<body>\n<h1>{{kind}}</h1>\n<p>{{subject}</p>\n</body>\n</html>\n' });
    const error = renderError(dir);
    expect(error.message).toMatch(/report\.hbs/);
    expect(error.message).toMatch(/dòng 4\b/);
    expect(error.code).toBe('TEMPLATE_ERROR');
  });

  it('names the file and line of a mismatched block', () => {
    const dir = templatesWith({ 'report.hbs': '<html>\n{{#each recipients}}\n<p>{{this}}</p>\n{{/if}}\n</html>\n' });
    expect(renderError(dir).message).toMatch(/report\.hbs.*dòng \d/);
  });

  it('names the partial file and line of a misspelt field (strict mode)', () => {
    const dir = templatesWith({ 'partials/signature.hbs': '<div>\n  <b>{{signerTitle}}</b>\n  <i>{{signerNmae}}</i>\n</div>\n' });
    const error = renderError(dir);
    expect(error.message).toMatch(/signature\.hbs/);
    expect(error.message).toMatch(/dòng 3\b/);
    expect(error.message).toContain('signerNmae');
  });

  it('refuses unescaped output', () => {
    const dir = templatesWith({ 'report.hbs': '<p>{{{subject}}}</p>\n' });
    expect(renderError(dir).message).toMatch(/report\.hbs.*\{\{\{/);
  });
});
