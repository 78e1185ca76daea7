/**
 * Feedback benchmark: 200 letters to units printed the way a run prints them now (batches of 25 in
 * one Chromium print each, on 2 tabs, cut with qpdf; src/outputs/pdf/batch.ts) beside the way they
 * were printed before (one page.pdf() per letter on 3 tabs), and the marked copy of a 5,000-row list
 * made in the guarded worker (src/outputs/feedback/mark-guarded.ts).
 *
 *   node --import tsx bench/feedback.ts            # 200 letters
 *   node --import tsx bench/feedback.ts --quick    # 50 letters
 *
 * Targets: batched ≥ 4× the one-by-one way; the marked 5,000-row copy < 1 s (warm worker).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/config/load.js';
import { eachLimited } from '../src/intake/each-limited.js';
import type { FeedbackEntry } from '../src/outputs/feedback/entries.js';
import { buildLetterFrame, letterJob } from '../src/outputs/feedback/letter.js';
import { closeMarkWorkers, markAccepted } from '../src/outputs/feedback/mark-guarded.js';
import { printBatched, type PrintJob } from '../src/outputs/pdf/batch.js';
import { printPdf } from '../src/outputs/pdf/pdf.js';
import { RunBrowser } from '../src/outputs/pdf/run-browser.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEMO_CONFIG = path.join(HERE, '..', 'fixtures', 'an-lao-2023', 'campaign.yaml');

export type FeedbackBenchResult = {
  letters: number;
  before: number;
  after: number;
  speedup: number;
  markColdSeconds: number;
  markWarmSeconds: number;
  withinTargets: boolean;
};

async function letterJobs(count: number, dir: string): Promise<PrintJob[]> {
  const { config } = await loadConfig(DEMO_CONFIG);
  return Array.from({ length: count }, (_, i) => {
    const recipient = `Ủy ban MTTQ xã Thử Nghiệm ${i + 1}`;
    const view = buildLetterFrame(config, '2023-10-10', {
      subjectLine: 'V/v phản hồi kết quả kiểm tra danh sách ủng hộ',
      recipient,
      intro: [`Ban Thường trực đã nhận danh sách ủng hộ của ${recipient} (tệp xa-${i + 1}.xlsx). Qua kiểm tra khi tổng hợp, danh sách còn 3 điểm cần xem lại (3 cảnh báo), cụ thể như sau:`],
      closing: [`Đề nghị ${recipient} kiểm tra, sửa các điểm trên rồi gửi lại danh sách để tổng hợp.`, 'Trân trọng./.'],
    });
    view.rows = [1, 2, 3].map((k) => ({
      stt: String(k),
      where: `trang "Danh sách", ô D${10 + k * 7}`,
      problem: `Số tiền ${k * 10}.000.000 đồng cao bất thường so với các dòng khác của danh sách.`,
      action: 'Kiểm tra lại số tiền; nếu đúng thì không cần sửa.',
      severity: 'Cần xem lại',
    }));
    return letterJob(view, path.join(dir, `xa-${i + 1}`, 'thu-phan-hoi.pdf'));
  });
}

async function list5000(): Promise<{ bytes: Buffer; entries: FeedbackEntry[] }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền']);
  for (let i = 1; i <= 5_000; i++) ws.addRow([i, `Nguyễn Văn ${i}`, `Thôn ${i % 12}`, 100_000 + (i % 50) * 10_000]);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const entries: FeedbackEntry[] = Array.from({ length: 100 }, (_, k) => ({
    severity: 'warning', code: 'AMOUNT_OUTLIER', title: 'Số tiền bất thường', message: 'Số tiền cao bất thường.', hint: 'Kiểm tra lại.',
    source: 'xa.xlsx', sheet: 'Danh sách', row: 2 + k * 50, cell: `D${2 + k * 50}`,
  }));
  return { bytes, entries };
}

export async function benchFeedback(options: { count?: number; log?: (line: string) => void } = {}): Promise<FeedbackBenchResult> {
  const count = options.count ?? 200;
  const log = options.log ?? ((line: string) => console.log(line));
  const work = mkdtempSync(path.join(tmpdir(), 'tonghop-bench-feedback-'));
  const browser = await RunBrowser.launch();
  try {
    const before = await letterJobs(count, path.join(work, 'before'));
    const after = await letterJobs(count, path.join(work, 'after'));
    for (const job of [...before, ...after]) mkdirSync(path.dirname(job.outFile), { recursive: true });
    // Warm the browser (first tab, fonts) so neither way pays for it.
    await printPdf(browser, before[0]!.html, path.join(work, 'warm.pdf'));

    let started = performance.now();
    // A printer of its own for each letter: printPdf keeps a printer's tabs between prints; before, each letter had a new tab.
    await eachLimited(before, 3, (job) => printPdf({ newPage: () => browser.newPage() }, job.html, job.outFile, { baseDir: job.baseDir }));
    const beforeSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const result = await printBatched(browser, after);
    const afterSeconds = (performance.now() - started) / 1000;

    const list = await list5000();
    const mark = async (): Promise<number> => {
      const t = performance.now();
      await markAccepted({ kind: 'xlsx', bytes: list.bytes, sheetName: 'Danh sách' }, list.entries);
      return (performance.now() - t) / 1000;
    };
    const markColdSeconds = await mark();
    const markWarmSeconds = await mark();

    const speedup = beforeSeconds / afterSeconds;
    const withinTargets = speedup >= 4 && markWarmSeconds < 1;
    log(`feedback: ${count} one-page letters to units, one PDF each`);
    log(`  before (one page.pdf() per letter, 3 tabs)     ${beforeSeconds.toFixed(2).padStart(7)} s ${(count / beforeSeconds).toFixed(1).padStart(7)} letters/s`);
    log(`  after  (batches of 25, 2 tabs, qpdf split)     ${afterSeconds.toFixed(2).padStart(7)} s ${(count / afterSeconds).toFixed(1).padStart(7)} letters/s  (${result.batches} batches, ${result.alone} alone)`);
    log(`  speed-up ${speedup.toFixed(1)}× (target ≥ 4×)`);
    log(`  marked copy of a 5,000-row list (100 problems), guarded worker: ${markColdSeconds.toFixed(2)} s cold, ${markWarmSeconds.toFixed(2)} s warm (target < 1 s)`);
    log(`  machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`);
    log(withinTargets ? 'bench feedback: within targets' : 'bench feedback: OVER TARGET (see above)');
    return { letters: count, before: beforeSeconds, after: afterSeconds, speedup, markColdSeconds, markWarmSeconds, withinTargets };
  } finally {
    await browser.close();
    await closeMarkWorkers();
    rmSync(work, { recursive: true, force: true });
  }
}

// Runnable alone: node --import tsx bench/feedback.ts [--quick]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchFeedback(process.argv.includes('--quick') ? { count: 50 } : {});
  process.exitCode = result.withinTargets ? 0 : 1;
}
