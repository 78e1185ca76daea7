/**
 * Letters to units printed in batches (pdf/batch.ts): one Chromium print for many letters, cut into
 * one PDF each with qpdf. Each file must be the letter as if printed alone: its own page count, no
 * page number on a one-page letter, "2" on the second page of a letter that runs over.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLetterFrame, letterJob, type FeedbackLetterView } from '../src/outputs/feedback/letter.js';
import { printBatched, type PrintJob } from '../src/outputs/pdf/batch.js';
import { printPdf } from '../src/outputs/pdf/pdf.js';
import { RunBrowser } from '../src/outputs/pdf/run-browser.js';
import { readChasing, type Chasing } from './helpers/chasing.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';

let chasing: Chasing;
let browser: RunBrowser;
const work = mkdtempSync(path.join(tmpdir(), 'tonghop-letter-batches-'));

beforeAll(async () => {
  chasing = await readChasing();
  browser = await RunBrowser.launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const LONG = 'Đề nghị đơn vị rà soát lại toàn bộ danh sách, đối chiếu với biên lai và sổ theo dõi, bổ sung địa chỉ của từng người ủng hộ. ';

function letter(i: number, paragraphs: number): FeedbackLetterView {
  return buildLetterFrame(chasing.config, '2023-10-10', {
    subjectLine: 'V/v phản hồi kết quả kiểm tra danh sách ủng hộ',
    recipient: `Xã Thử Nghiệm ${i + 1}`,
    intro: Array.from({ length: paragraphs }, (_, p) => `Đoạn ${p + 1} của thư ${i + 1}. ${LONG.repeat(paragraphs > 3 ? 3 : 1)}`),
    closing: ['Trân trọng./.'],
  });
}

/** The first printed line of a page (pdftotext -layout), where the page number would be. */
const firstLine = (file: string, page: number): string => pdfText(file, { first: page, last: page }, '-layout').trim().split(/\s{2,}|\n/)[0] ?? '';

describe('feedback letters and reminders printed in batches', () => {
  it('30 letters, one running over a page: each file is that letter alone, numbered as if printed alone', async () => {
    const dir = path.join(work, 'phan-hoi');
    mkdirSync(dir, { recursive: true });
    // Letter 15 (batch 2 of 3) is long: its batch is cut in halves and printed again, down to the long
    // letter: 1–10 and 21–30 as printed, then 11–15 (over) and 16–20, then 11–13 and 14–15 (over),
    // then 14 and 15 alone.
    const jobs: PrintJob[] = Array.from({ length: 30 }, (_, i) => letterJob(letter(i, i === 14 ? 9 : 2), path.join(dir, `${i + 1}.pdf`)));
    const done: string[] = [];
    const result = await printBatched(browser, jobs, { batchSize: 10, onDone: (job) => done.push(job.outFile) });
    expect(result).toEqual({ batches: 4, alone: 2 });
    expect(done.sort()).toEqual(jobs.map((j) => j.outFile).sort());

    for (const [i, job] of jobs.entries()) {
      const pages = pdfPageSizes(job.outFile);
      if (i === 14) expect(pages.length).toBeGreaterThan(1);
      else expect(pages.length, job.outFile).toBe(1);
      const text = pdfText(job.outFile);
      expect(text).toContain(`Kính gửi: Xã Thử Nghiệm ${i + 1}.`);
      expect(text).toContain(`Đoạn 1 của thư ${i + 1}.`);
      // No letter carries another's text (split in the right places).
      expect(text).not.toContain(`của thư ${i + 2}.`);
      expect(text).not.toContain(`của thư ${i}.`);
      // No page number on a first page (a batch's page 2, 3 … must not show one).
      expect(firstLine(job.outFile, 1)).not.toMatch(/^\d+$/);
    }
    const long = jobs[14]!.outFile;
    for (let page = 2; page <= pdfPageSizes(long).length; page++) expect(firstLine(long, page)).toBe(String(page));
  }, 900_000);

  it('a batch where many letters run over is printed letter by letter, not halved again and again', async () => {
    const dir = path.join(work, 'many-long');
    mkdirSync(dir, { recursive: true });
    const long = new Set([1, 3, 5, 7, 9]);
    const jobs = Array.from({ length: 20 }, (_, i) => letterJob(letter(i, long.has(i) ? 9 : 2), path.join(dir, `${i + 1}.pdf`)));
    expect(await printBatched(browser, jobs, { batchSize: 10 })).toEqual({ batches: 1, alone: 10 });
    for (const [i, job] of jobs.entries()) {
      expect(pdfPageSizes(job.outFile).length > 1, job.outFile).toBe(long.has(i));
      expect(pdfText(job.outFile)).toContain(`Kính gửi: Xã Thử Nghiệm ${i + 1}.`);
    }
  }, 900_000);

  it('a batched letter reads exactly as the same letter printed on its own', async () => {
    const alone = path.join(work, 'alone.pdf');
    await printPdf(browser, letterJob(letter(6, 2), alone).html, alone);
    expect(pdfText(alone)).toBe(pdfText(path.join(work, 'phan-hoi', '7.pdf')));
  }, 120_000);

  it('without qpdf every letter is printed on its own', async () => {
    const dir = path.join(work, 'no-qpdf');
    mkdirSync(dir, { recursive: true });
    const jobs = [0, 1, 2].map((i) => letterJob(letter(i, 2), path.join(dir, `${i}.pdf`)));
    expect(await printBatched(browser, jobs, { qpdf: false })).toEqual({ batches: 0, alone: 3 });
    for (const job of jobs) expect(pdfPageSizes(job.outFile)).toHaveLength(1);
  }, 120_000);
});
