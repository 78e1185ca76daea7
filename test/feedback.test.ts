/**
 * Feedback each submitter can act on: its own workbook with the problem cells marked and noted plus a
 * "Kiểm tra" sheet (the original never touched), and a one-page letter printed like the report.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateGrid, annotateXlsx, CHECK_SHEET, FILLS } from '../src/outputs/feedback/annotate.js';
import { collectFeedback, type FeedbackEntry, type UnitFeedback } from '../src/outputs/feedback/entries.js';
import { markXlsxPackage } from '../src/outputs/feedback/mark-xlsx.js';
import { READ_LIMITS } from '../src/intake/read-limits.js';
import { buildFeedbackLetter, LETTER_MAX_ROWS, renderFeedbackLetterHtml, renderFeedbackLetterPdf } from '../src/outputs/feedback/letter.js';
import { acceptedSources, FEEDBACK_DIR, LETTER_DOCX, LETTER_FILE, writeFeedback } from '../src/outputs/feedback/write.js';
import type { Analysis } from '../src/analyse/analyse.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { readSourceFile } from '../src/intake/read-source.js';
import { analyseChasing, chasingExpected, CHASING_DIR, readChasing, type Chasing } from './helpers/chasing.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';

let chasing: Chasing;
let analysis: Analysis;
let feedback: UnitFeedback[];
let work: string;

beforeAll(async () => {
  chasing = await readChasing();
  analysis = analyseChasing(chasing);
  feedback = collectFeedback(chasing.config.units, analysis.consolidation, analysis.issues);
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-feedback-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const unitFeedback = (id: string): UnitFeedback => feedback.find((f) => f.unitId === id)!;

async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

function noteOf(cell: ExcelJS.Cell): string {
  const note = cell.note;
  return typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

describe('what each submitter is told', () => {
  it('every unit with errors or warnings, nothing for a unit that sent nothing', () => {
    expect(feedback.map((f) => f.unitId)).toEqual(['xa-hoa-binh', 'xa-an-binh', 'xa-tan-phu', 'hoi-phu-nu', 'ldld-huyen', 'hoi-nong-dan']);
  });

  it('both rows of a suspected pair are shown, each in its own list', () => {
    const cells = unitFeedback('xa-hoa-binh').sources[0]!.entries.map((e) => `${e.code} ${e.cell}`);
    expect(cells).toEqual(['DUPLICATE_SUSPECTED B5', 'OVERLAP_SUSPECTED B6', 'AMOUNT_OUTLIER D10', 'DUPLICATE_SUSPECTED B15']);
    expect(unitFeedback('hoi-phu-nu').sources[0]!.entries.map((e) => `${e.code} ${e.cell}`)).toEqual(['OVERLAP_SUSPECTED B5']);
    // A late unit with a clean list hears about the delay only.
    expect(unitFeedback('xa-an-binh').unitEntries.map((e) => e.code)).toEqual(['UNIT_LATE']);
  });
});

describe('the marked copy of the submitter’s workbook', () => {
  // The package editor that runs makes the copy; exceljs stands in for packages it does not expect.
  it.each([
    ['the package editor', async (bytes: Buffer, entries: readonly FeedbackEntry[]) => markXlsxPackage(bytes, entries, READ_LIMITS)],
    ['exceljs', annotateXlsx],
  ])('fills each problem cell (yellow for warnings) with a note, and lists every problem on "Kiểm tra" (%s)', async (_, annotate) => {
    const original = path.join(CHASING_DIR, 'submissions', 'xa-hoa-binh.xlsx');
    const before = sha(original);
    const entries = unitFeedback('xa-hoa-binh').sources[0]!.entries;
    const wb = await loadXlsx(await annotate(readFileSync(original), entries));
    expect(sha(original)).toBe(before);

    const ws = wb.getWorksheet('Danh sách')!;
    for (const cell of ['B5', 'B6', 'D10', 'B15']) expect(fillOf(ws.getCell(cell)), cell).toBe(FILLS.warning);
    expect(fillOf(ws.getCell('B7'))).toBeUndefined();
    expect(noteOf(ws.getCell('D10'))).toContain('Cảnh báo: Số tiền 30.000.000 đồng của "Đỗ Văn Hậu" khác xa mức thường gặp');
    expect(noteOf(ws.getCell('D10'))).toContain('Cách sửa: Kiểm tra lại số tiền');
    // The other unit's row is named by that unit, never by the district's folders.
    expect(noteOf(ws.getCell('B6'))).toContain('có thể đã được báo cáo ở nơi khác: danh sách của Hội Liên hiệp Phụ nữ huyện.');
    expect(noteOf(ws.getCell('B6'))).not.toContain('submissions/');
    // The submitter's data is intact.
    expect(ws.getCell('D10').value).toBe(30_000_000);
    expect(ws.getCell('B15').value).toBe('nguyễn  thị MAI');

    const check = wb.getWorksheet(CHECK_SHEET)!;
    // Columns A–F; the colour legend starts at H.
    expect((check.getRow(1).values as unknown[]).slice(0, 7)).toEqual([undefined, 'STT', 'Mức độ', 'Trang tính', 'Ô', 'Vấn đề', 'Cách sửa']);
    expect(check.rowCount).toBe(entries.length + 1);
    expect(check.getCell('D4').value).toEqual({ text: 'D10', hyperlink: "#'Danh sách'!D10" });
    expect(String(check.getCell('E4').value)).toContain('Đỗ Văn Hậu');
    // It opens on the check sheet.
    expect(wb.views[0]?.activeTab).toBe(wb.worksheets.indexOf(check));
  });

  it('"Kiểm tra" has a colour legend and prints on A4 landscape, one page wide, the header row on every page', async () => {
    const original = path.join(CHASING_DIR, 'submissions', 'xa-hoa-binh.xlsx');
    const entries = unitFeedback('xa-hoa-binh').sources[0]!.entries;
    const bytes = await annotateXlsx(readFileSync(original), entries);
    const check = (await loadXlsx(bytes)).getWorksheet(CHECK_SHEET)!;
    expect(check.getCell('H1').value).toBe('Chú giải màu');
    expect([check.getCell('H2').value, fillOf(check.getCell('H2'))]).toEqual(['Lỗi: phải sửa', FILLS.error]);
    expect([check.getCell('H3').value, fillOf(check.getCell('H3'))]).toEqual(['Cảnh báo: nên kiểm tra lại', FILLS.warning]);
    expect(check.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    // What Excel reads: the sheet's pageSetup and the workbook's print titles and area.
    const file = path.join(work, 'marked.xlsx');
    writeFileSync(file, bytes);
    const workbookXml = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
    expect(workbookXml).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="\d+">&apos;Kiểm tra&apos;!\$1:\$1<\/definedName>/);
    const sheets = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    const checkXml = execFileSync('unzip', ['-p', file, sheets.at(-1)!], { encoding: 'utf8' });
    expect(checkXml).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(checkXml).toContain('<pageSetUpPr fitToPage="1"/>');
  });

  it('a CSV becomes a new workbook from its grid, the bad amount in light red', async () => {
    const source = unitFeedback('xa-tan-phu').sources[0]!;
    const read = await readSourceFile(path.join(CHASING_DIR, source.path), source.path);
    const wb = await loadXlsx(await annotateGrid(read.grid, source.entries));
    const expected = chasingExpected().amountProblem;
    const cell = wb.worksheets[0]!.getCell(expected.cell);
    expect(cell.value).toBe('hai trăm nghìn');
    expect(fillOf(cell)).toBe(FILLS.error);
    expect(noteOf(cell)).toMatch(/^Lỗi: Số tiền "hai trăm nghìn"/);
    expect(wb.getWorksheet(CHECK_SHEET)).toBeDefined();
  });
});

describe('the letter to the unit', () => {
  it('says what is wrong and what to do, and how late the report was', () => {
    const late = buildFeedbackLetter(chasing.config, unitFeedback('xa-an-binh'), {
      reportDate: '2023-10-10',
      submission: analysis.consolidation.completeness!.units.find((u) => u.unitId === 'xa-an-binh'),
      attachments: [],
    });
    expect(late.recipient).toBe('Xã An Bình');
    expect(late.numberLine).toBe('Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/MTTQ-BTT');
    expect(late.intro.join(' ')).toContain('chậm 4 ngày so với hạn trước ngày 05/10/2023');
    expect(late.rows).toEqual([]);

    const many = { ...unitFeedback('xa-hoa-binh') };
    const entry = many.sources[0]!.entries[0]!;
    many.sources = [{ ...many.sources[0]!, entries: Array.from({ length: LETTER_MAX_ROWS + 3 }, () => entry) }];
    const view = buildFeedbackLetter(chasing.config, many, { reportDate: '2023-10-10', attachments: ['xa-hoa-binh-kiem-tra.xlsx'] });
    // Long messages: only as many rows as fit on the page; the rest are in the marked workbook.
    expect(view.rows.length).toBeGreaterThan(1);
    expect(view.rows.length).toBeLessThan(LETTER_MAX_ROWS);
    expect(view.more).toContain(`còn ${LETTER_MAX_ROWS + 3 - view.rows.length} điểm khác, xem đủ ở trang "Kiểm tra" trong tệp gửi kèm`);
    const html = renderFeedbackLetterHtml(view).html;
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain('Kính gửi: Xã Hòa Bình.');
  });
});

describe('phan-hoi/ of a run (real PDFs, read back with poppler)', () => {
  let browser: Browser;
  let dir: string;
  const sources = ['xa-hoa-binh.xlsx', 'hoi-phu-nu.xlsx', 'xa-tan-phu.csv'].map((f) => path.join(CHASING_DIR, 'submissions', f));
  let before: string[];

  beforeAll(async () => {
    before = sources.map(sha);
    dir = path.join(work, 'run');
    browser = await launchBrowser();
    const logs: string[] = [];
    await writeFeedback({
      loaded: { config: chasing.config, file: path.join(CHASING_DIR, 'campaign.yaml'), baseDir: CHASING_DIR },
      consolidation: analysis.consolidation,
      issues: analysis.issues,
      reportDate: '2023-10-10',
      dir,
      browser,
      log: (line) => logs.push(line),
      accepted: acceptedSources(chasing.reads),
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('one folder per unit: marked copies of local workbooks and a letter; originals untouched', () => {
    expect(readdirSync(path.join(dir, FEEDBACK_DIR)).sort()).toEqual(['hoi-nong-dan', 'hoi-phu-nu', 'ldld-huyen', 'xa-an-binh', 'xa-hoa-binh', 'xa-tan-phu']);
    // Each letter also as an editable .docx.
    expect(readdirSync(path.join(dir, FEEDBACK_DIR, 'xa-hoa-binh')).sort()).toEqual([LETTER_DOCX, LETTER_FILE, 'xa-hoa-binh-kiem-tra.xlsx']);
    expect(readdirSync(path.join(dir, FEEDBACK_DIR, 'xa-tan-phu')).sort()).toEqual([LETTER_DOCX, LETTER_FILE, 'xa-tan-phu-kiem-tra.xlsx']);
    // A file that is not a workbook cannot be marked; a late but clean list has nothing to mark.
    expect(readdirSync(path.join(dir, FEEDBACK_DIR, 'hoi-nong-dan')).sort()).toEqual([LETTER_DOCX, LETTER_FILE]);
    expect(readdirSync(path.join(dir, FEEDBACK_DIR, 'xa-an-binh')).sort()).toEqual([LETTER_DOCX, LETTER_FILE]);
    expect(sources.map(sha)).toEqual(before);
  });

  it('the letter is one A4 page in the ND30 style, listing the problems in plain words, signed by the issuer', () => {
    const file = path.join(dir, FEEDBACK_DIR, 'xa-hoa-binh', LETTER_FILE);
    expect(existsSync(file)).toBe(true);
    const pages = pdfPageSizes(file);
    expect(pages).toHaveLength(1);
    expect(Math.round(pages[0]!.width)).toBe(595);
    const text = pdfText(file);
    for (const part of [
      'ỦY BAN MTTQ VIỆT NAM',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'An Lão, ngày 10 tháng 10 năm 2023',
      'V/v phản hồi kết quả kiểm tra danh sách ủng hộ',
      'Kính gửi: Xã Hòa Bình.',
      'Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão đã nhận danh sách',
      'còn 4 điểm cần xem lại (4 cảnh báo)',
      'Số tiền 30.000.000 đồng của "Đỗ Văn Hậu"',
      'xa-hoa-binh-kiem-tra.xlsx',
      'TM. BAN THƯỜNG TRỰC',
      'Nguyễn Thị Nhung',
    ]) {
      expect(text, part).toContain(part);
    }
  });

  it('stays one page with as many long problems as it can list', async () => {
    const many = { ...unitFeedback('hoi-phu-nu') };
    const entry = many.sources[0]!.entries[0]!;
    many.sources = [{ ...many.sources[0]!, entries: Array.from({ length: 20 }, () => entry) }];
    const submission = { unitId: 'hoi-phu-nu', status: 'late' as const, submittedAt: '2023-10-09', daysLate: 4, sources: [] };
    const view = buildFeedbackLetter(chasing.config, many, { reportDate: '2023-10-10', submission, attachments: ['hoi-phu-nu-kiem-tra.xlsx'] });
    const file = path.join(work, 'worst.pdf');
    await renderFeedbackLetterPdf(browser, view, file);
    expect(pdfPageSizes(file)).toHaveLength(1);
    expect(pdfText(file)).toContain('Trân trọng./.');
  });

  it('a failed file’s letter says the file could not be read and what to do', () => {
    const text = pdfText(path.join(dir, FEEDBACK_DIR, 'hoi-nong-dan', LETTER_FILE));
    expect(text).toContain('Tệp bị hỏng hoặc không trọn vẹn');
    expect(text).toContain('cả tệp');
  });
});
