/**
 * The demo campaign's report, built from real data (buildReportView) and printed: every section of
 * DOMAIN.md §3, the organisations' table, both annexes, repeated table headers, the signature kept
 * with text, and III/IV worded from the figures when staff wrote none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/format/number.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { buildReportView } from '../src/outputs/report/build-view.js';
import { renderReportPdf } from '../src/outputs/report/print.js';
import type { ReportView } from '../src/outputs/report/view.js';
import { analyseDemo } from './helpers/demo.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';

let browser: Browser;
let work: string;
let pdf: string;
let view: ReportView;
let demo: Awaited<ReturnType<typeof analyseDemo>>;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-report-'));
  demo = await analyseDemo();
  view = buildReportView(demo.config, demo.consolidation, {
    reportDate: '2023-10-05',
    narrative: { direction: [], assessment: [], recommendations: [] },
    generatedNote: 'Tổng hợp tự động (kiểm thử).',
  });
  browser = await launchBrowser();
  pdf = path.join(work, 'bao-cao.pdf');
  await renderReportPdf(browser, view, pdf);
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('section II by group of units', () => {
  it('words each group: reported units, amount, share, target, who reached it, who is missing', () => {
    const [communes, organisations] = view.groupSections!;
    expect(communes!.heading).toBe('Kết quả của các xã, thị trấn');
    expect(communes!.paragraph).toMatch(/^Các xã, thị trấn: 15\/17 đơn vị đã báo cáo, vận động được 514\.429\.000 đồng, bằng 53,8% tổng số, đạt 96,2% chỉ tiêu\./);
    expect(communes!.paragraph).toContain('Đạt và vượt chỉ tiêu: Thị trấn An Lão (121,8%)');
    expect(communes!.paragraph).toContain('Chưa báo cáo: Xã Tân Dân.');
    expect(communes!.paragraph).toContain('Tệp báo cáo lỗi, chưa đọc được: Xã An Thắng.');
    expect(communes!.table).toEqual([]);
    expect(organisations!.heading).toBe('Kết quả của các tổ chức thành viên, cơ quan, đơn vị');
    expect(organisations!.table.map((r) => r.name)).toEqual([
      'Liên đoàn Lao động huyện', 'Hội Nông dân huyện', 'Hội Liên hiệp Phụ nữ huyện', 'Huyện đoàn', 'Hội Cựu chiến binh huyện', 'Hội Chữ thập đỏ huyện', 'Cộng',
    ]);
    expect(organisations!.table.at(-1)).toMatchObject({ amount: formatMoney(demo.consolidation.groups[1]!.amount), kind: 'total' });
    expect(organisations!.table[3]).toMatchObject({ amount: '', note: 'Chưa báo cáo' });
  });

  it('words III and IV from the figures when staff wrote none', () => {
    expect(view.assessment[0]).toContain('20/23 đơn vị đã báo cáo');
    expect(view.assessment.join(' ')).toContain('chưa nộp về tài khoản');
    expect(view.recommendations[0]).toBe('Đề nghị Xã An Thắng, Xã Tân Dân, Huyện đoàn khẩn trương tổng hợp, báo cáo kết quả vận động.');
  });
});

describe('printed report', () => {
  it('has every section, the organisations table and both annexes', () => {
    const text = pdfText(pdf);
    for (const heading of [
      'I. Công tác chỉ đạo, triển khai',
      'II. Kết quả vận động',
      '1. Kết quả chung',
      'III. Đánh giá',
      'IV. Đề xuất, kiến nghị',
      'Nơi nhận:',
      'TM. BAN THƯỜNG TRỰC',
      'Biểu 01',
      'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐƠN VỊ',
      'Biểu 02',
      'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐỐI TƯỢNG ỦNG HỘ',
    ]) {
      expect(text).toContain(heading);
    }
    // Sub-sections of II are numbered by CSS counters; other sections may sit between them.
    const order = ['Kết quả của các xã, thị trấn', 'Kết quả của các tổ chức thành viên, cơ quan, đơn vị', 'Kết quả theo đối tượng ủng hộ', 'Tình hình thu, nộp', 'Tập thể, cá nhân tiêu biểu'];
    const at = order.map((h) => text.search(new RegExp(`\\b\\d\\. ${h}`)));
    for (const position of at) expect(position).toBeGreaterThan(0);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(text).toContain('Tổng số tiền vận động được: 957.068.000 đồng (Bằng chữ: Chín trăm năm mươi bảy triệu không trăm sáu mươi tám nghìn đồng)');
    expect(text).toContain('STT Tổ chức, cơ quan, đơn vị Số tiền (đồng) Tỷ lệ % so với chỉ tiêu Ghi chú (1) (2) (3) (4) (5)');
    expect(text).toContain('Liên đoàn Lao động huyện 250.725.000 100,3%');
  });

  it('prints both annexes landscape, each page with the header and column numbers, page numbers from page 2', () => {
    const sizes = pdfPageSizes(pdf);
    const landscape = sizes.filter((s) => s.width > s.height).map((s) => s.page);
    expect(landscape.length).toBeGreaterThanOrEqual(2);
    for (const page of landscape) {
      const text = pdfText(pdf, { first: page, last: page });
      expect(text, `page ${page}`).toMatch(/\(1\) \(2\) \(3\) \(4\) \(5\) \(6\) \(7\) \(8\) \(9\)/);
      expect(text.split(' ')[0], `page ${page}`).toBe(String(page));
    }
    const biểu02 = landscape.at(-1)!;
    const text = pdfText(pdf, { first: biểu02, last: biểu02 });
    expect(text).toContain('Các xã, thị trấn');
    expect(text).toContain('Tổng cộng 345 514.429.000 71 442.639.000 416 957.068.000 100%');
  });

  it('never leaves the signature alone on a page', () => {
    const sizes = pdfPageSizes(pdf);
    const signed = sizes.find(({ page }) => pdfText(pdf, { first: page, last: page }).includes('Nguyễn Thị Nhung'))!.page;
    const text = pdfText(pdf, { first: signed, last: signed });
    const beforeCopies = text.slice(0, text.indexOf('Nơi nhận:')).replace(/^\d+\s*/, '').trim();
    expect(beforeCopies.length).toBeGreaterThan(40);
  });
});
