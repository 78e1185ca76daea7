/**
 * Letters to units, read as their readers read them: reminder letters ("thư đôn đốc") for the units
 * whose report is missing, feedback letters without the district's pair ids, scores or folders,
 * wording from config without doubled words (starter and demo), and the editable .docx copies of
 * the report and letters converted back with LibreOffice and read with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCampaign } from '../src/cli/init.js';
import { loadConfig } from '../src/config/load.js';
import { analyse } from '../src/analyse/analyse.js';
import { repeatedWords } from '../src/format/purpose.js';
import { buildCertificateView } from '../src/outputs/certificates/view.js';
import { CertificatesSchema, type CampaignConfig } from '../src/model/config.js';
import { buildLetterFrame } from '../src/outputs/feedback/letter.js';
import { buildReminders } from '../src/outputs/feedback/reminder.js';
import { buildReportView } from '../src/outputs/report/build-view.js';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';
import { DEMO_CONFIG } from './helpers/demo.js';
import { pdfFonts, pdfPageSizes, pdfText } from './helpers/poppler.js';

let work: string;
let run: RunResult;
let feedbackDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-letters-'));
  const campaign = path.join(work, 'an-lao');
  cpSync(path.dirname(DEMO_CONFIG), campaign, { recursive: true });
  const configPath = path.join(campaign, 'campaign.yaml');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replace(/^output: .*$/m, 'output: ket-qua'));
  // A line typed twice in a commune's CSV: its letter must point at the lines, not at a pair id.
  const line = '15,Phạm Văn Đức,Thôn Đoàn Xá,6.000.000,12/09/2023,\r\n';
  appendFileSync(path.join(campaign, 'submissions', 'xa-truong-thanh.csv'), line + line.replace(/^15/, '16'));
  run = await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-09T01:00:00Z') });
  feedbackDir = path.join(run.runDir!, 'phan-hoi');
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** .docx → PDF with LibreOffice. */
function docxPdf(file: string): string {
  const outDir = mkdtempSync(path.join(work, 'soffice-'));
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${outDir}/profile`, '--convert-to', 'pdf', '--outdir', outDir, file], { stdio: 'pipe', timeout: 180_000 });
  const pdf = path.join(outDir, path.basename(file).replace(/\.docx$/, '.pdf'));
  expect(existsSync(pdf)).toBe(true);
  return pdf;
}

/** .docx → PDF with LibreOffice, then its text. */
function docxText(file: string): string {
  return pdfText(docxPdf(file));
}

/** Times New Roman or a metric twin (Tinos, Liberation Serif), never a fallback such as DejaVu. */
function expectTimesFonts(pdf: string): void {
  const fonts = pdfFonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
  expect(fonts.length).toBeGreaterThan(0);
  for (const name of fonts) expect(name).toMatch(/^(Tinos|TimesNewRoman|Times-?New-?Roman|LiberationSerif)/i);
}

const missingUnits = (): string[] => run.analysis.consolidation.completeness!.units.filter((u) => u.status === 'missing').map((u) => u.unitId);

describe('reminder letters', () => {
  it('every missing unit gets a one-page thư đôn đốc naming the plan, the deadline and what is missing; one pack of all', () => {
    const missing = missingUnits();
    expect(missing.length).toBeGreaterThan(0);
    for (const id of missing) {
      const file = path.join(feedbackDir, id, 'thu-don-doc.pdf');
      expect(pdfPageSizes(file), id).toHaveLength(1);
      const text = pdfText(file);
      for (const part of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'V/v đôn đốc gửi báo cáo kết quả vận động', 'Kế hoạch số 50/KH-MTTQ-BTT', 'trước ngày 05/10/2023', 'Đến ngày 05/10/2023', 'chưa nhận được báo cáo', 'Nguyễn Thị Nhung']) {
        expect(text, `${id}: ${part}`).toContain(part);
      }
      expect(existsSync(file.replace(/\.pdf$/, '.docx'))).toBe(true);
    }
    expect(pdfPageSizes(path.join(feedbackDir, 'thu-don-doc-tat-ca.pdf'))).toHaveLength(missing.length);
    // Units that reported get no reminder.
    const reminded = readdirSync(feedbackDir).filter((d) => existsSync(path.join(feedbackDir, d, 'thu-don-doc.pdf')));
    expect(reminded.sort()).toEqual([...missing].sort());
  });

  it('below target only when asked (reminders.belowTarget)', async () => {
    const loaded = await loadConfig(DEMO_CONFIG);
    const c = run.analysis.consolidation;
    const plain = buildReminders(loaded.config, c, '2023-10-09');
    expect(plain.map((r) => r.unitId)).toEqual(missingUnits());
    // After the deadline the letter says how late, and asks for the report at once.
    expect(plain[0]!.view.intro.join(' ')).toContain('đã chậm 4 ngày so với thời hạn');
    expect(plain[0]!.view.closing.join(' ')).toContain('ngay khi nhận được văn bản này');
    // On the deadline day (the demo's report date) it asks for the report by the end of that day.
    const onTheDay = buildReminders(loaded.config, c, '2023-10-05')[0]!.view;
    expect(onTheDay.intro.join(' ')).not.toContain('đã chậm');
    expect(onTheDay.closing.join(' ')).toContain('chậm nhất trong ngày 05/10/2023 để kịp tổng hợp');
    expect(onTheDay.closing.join(' ')).not.toContain('trước ngày');
    const below = c.units.filter((u) => u.status !== 'missing' && u.target !== undefined && u.amount < u.target);
    expect(below.length).toBeGreaterThan(0);
    const withTarget = buildReminders({ ...loaded.config, reminders: { enabled: true, belowTarget: true } }, c, '2023-10-09');
    const targets = withTarget.filter((r) => r.reason === 'below-target');
    expect(targets.map((r) => r.unitId).sort()).toEqual(below.map((u) => u.id).sort());
    expect(targets[0]!.view.intro.join(' ')).toMatch(/đạt [\d,]+% chỉ tiêu được giao/);
    expect(buildReminders({ ...loaded.config, reminders: { enabled: false, belowTarget: true } }, c, '2023-10-09')).toEqual([]);
  });
});

describe('letters to units are written for their reader', () => {
  it('no pair ids, scores or district folders in any letter; a CSV is named by its lines', () => {
    const letters = readdirSync(feedbackDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
    expect(letters.length).toBeGreaterThan(3);
    for (const f of letters) {
      const text = pdfText(path.join(feedbackDir, f));
      expect(text, f).not.toMatch(/tr-[0-9a-f]{6,}/);
      expect(text, f).not.toContain('độ tin cậy');
      expect(text, f).not.toContain('submissions/');
      expect(text, f).not.toContain(work);
    }
    const csvLetter = pdfText(path.join(feedbackDir, 'xa-truong-thanh', 'thu-phan-hoi.pdf'));
    expect(csvLetter).toContain('"Phạm Văn Đức" (6.000.000 đồng) có thể bị ghi hai lần: cũng có ở dòng 17.');
    // Places in a CSV are its lines and columns, never sheets.
    expect(csvLetter).toContain('1 dòng 16, cột B');
    expect(csvLetter).not.toMatch(/trang "[^"]*", (ô|dòng)/);
    // Money the list says was paid but the statement lacks: the unit is asked what to send, in its letter.
    const bankLetter = pdfText(path.join(feedbackDir, 'tt-truong-son', 'thu-phan-hoi.pdf'));
    expect(bankLetter).toContain('Danh sách ghi đã nộp/chuyển 22.705.000 đồng về tài khoản');
    expect(bankLetter).toContain('Đề nghị đơn vị cho biết ngày chuyển và nội dung chuyển khoản');
    // Staff still see the pair id and the score in issues.csv.
    expect(readFileSync(path.join(run.runDir!, 'issues.csv'), 'utf8')).toMatch(/tr-[0-9a-f]{10}.*độ tin cậy/);
  });

  it('wording built from the starter and the demo config never doubles a word', async () => {
    const starterDir = path.join(work, 'starter');
    await initCampaign(starterDir);
    for (const file of [path.join(starterDir, 'campaign.yaml'), DEMO_CONFIG]) {
      const { config } = await loadConfig(file);
      const consolidation = analyse(config, [], []).consolidation;
      const texts: string[] = [];
      const collect = (value: unknown): void => {
        if (typeof value === 'string') texts.push(value);
        else if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      const settings = config.certificates ?? CertificatesSchema.parse({});
      for (const origin of ['donor', 'unit'] as const) {
        collect(
          buildCertificateView(
            { donorKey: 'k', name: 'Nguyễn Văn An', recipient: 'Ông/Bà Nguyễn Văn An', person: origin === 'donor', origin, unitId: 'u', unitName: 'Xã A', amount: 5_000_000, number: 1, status: 'new', print: true },
            { config, settings: { ...settings, kind: origin === 'unit' ? 'thu-cam-on' : 'giay-chung-nhan' }, date: '2023-10-05' },
          ),
        );
      }
      collect(buildReminders(config as CampaignConfig, consolidation, '2023-10-09').map((r) => r.view));
      collect(buildLetterFrame(config, '2023-10-09', { subjectLine: 's', recipient: 'r', intro: [], closing: [] }));
      const report = buildReportView(config, consolidation, { reportDate: '2023-10-09', narrative: { direction: [], assessment: [], recommendations: [] }, generatedNote: '' });
      // The plan is "về việc vận động …" in the report as in the letters, whichever way purpose is written.
      expect(report.direction[0]).toMatch(/ về việc vận động ủng hộ /);
      collect(report);
      expect(texts.length).toBeGreaterThan(20);
      for (const text of texts) expect(repeatedWords(text), `${path.basename(path.dirname(file))}: ${text}`).toBeUndefined();
    }
    expect(repeatedWords('về việc vận động vận động ủng hộ')).toBe('vận động vận động');
  });
});

describe('editable .docx copies', () => {
  it('the report converts back with its header, motto, number, table totals and signature, in Times', () => {
    const pdf = docxPdf(path.join(run.runDir!, 'bao-cao-tong-hop.docx'));
    const text = pdfText(pdf);
    expectTimesFonts(pdf);
    // ND30: page numbers from the second page on, as in the PDF.
    expect(pdfText(pdf, { first: 1, last: 1 })).toMatch(/^ỦY BAN MTTQ VIỆT NAM/);
    expect(pdfText(pdf, { first: 2, last: 2 })).toMatch(/^2 /);
    // Biểu 01: every figure of a unit's row on one line (10 pt in columns as wide as the PDF's).
    const annexPage = pdfPageSizes(pdf).find((p) => p.width > p.height)!.page;
    const annex = pdfText(pdf, { first: annexPage, last: annexPage }, '-layout');
    expect(annex).toMatch(/Thị trấn An Lão +100\.000\.000 +4\.163\.000 +95\.000\.000 +6\.000\.000 +16\.650\.000 +121\.813\.000 +121,8% +36\.238\.000 +85\.575\.000/);
    expect(annex).toMatch(/^ *STT /m);
    const total = new Intl.NumberFormat('vi-VN').format(run.summary.totals.amount);
    for (const part of [
      'ỦY BAN MTTQ VIỆT NAM',
      'BAN THƯỜNG TRỰC',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 62/BC-MTTQ-BTT',
      'An Lão, ngày 05 tháng 10 năm 2023',
      'BÁO CÁO',
      `Tổng số tiền vận động được: ${total} đồng`,
      'Biểu 01',
      'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐƠN VỊ',
      'Nơi nhận:',
      'TM. BAN THƯỜNG TRỰC',
      'Nguyễn Thị Nhung',
    ]) {
      expect(text, part).toContain(part);
    }
    // The grand total row of Biểu 01 carries the same total as the PDF.
    expect(text.split(total).length).toBeGreaterThan(2);
    expect(pdfText(path.join(run.runDir!, 'bao-cao-tong-hop.pdf'))).toContain(`Tổng số tiền vận động được: ${total} đồng`);
  }, 400_000);

  it('a feedback letter and a reminder convert back with header, table and signature', () => {
    const feedbackPdf = docxPdf(path.join(feedbackDir, 'xa-truong-thanh', 'thu-phan-hoi.docx'));
    expectTimesFonts(feedbackPdf);
    expect(pdfPageSizes(feedbackPdf)).toHaveLength(1);
    const feedback = pdfText(feedbackPdf);
    // A one-page letter carries no page number.
    expect(feedback).toMatch(/^ỦY BAN MTTQ VIỆT NAM/);
    for (const part of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Kính gửi: Xã Trường Thành.', 'STT', 'Vị trí', 'Vấn đề', 'Đề nghị', 'cũng có ở dòng 17', 'Nguyễn Thị Nhung']) {
      expect(feedback, part).toContain(part);
    }
    const reminder = docxText(path.join(feedbackDir, missingUnits()[0]!, 'thu-don-doc.docx'));
    for (const part of ['Độc lập - Tự do - Hạnh phúc', 'V/v đôn đốc gửi báo cáo kết quả vận động', 'Kế hoạch số 50/KH-MTTQ-BTT', 'TM. BAN THƯỜNG TRỰC', 'Nguyễn Thị Nhung']) {
      expect(reminder, part).toContain(part);
    }
  }, 600_000);
});
