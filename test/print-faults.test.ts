/**
 * Printing on a machine that misbehaves (issue 16 points 4 and 6): a Chromium killed in the middle
 * of a batch is relaunched and the batch printed again with no page missing or doubled; a print that
 * times out is retried once on a fresh browser with more time; a run SIGKILLed while printing leaves
 * a Chromium that the next run ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssuedCertificate } from '../src/store/certificates.js';
import { CertificatesSchema } from '../src/model/config.js';
import { buildCertificateView, formatCertificateNumber, type CertificateView } from '../src/outputs/certificates/view.js';
import { printCertificates } from '../src/outputs/certificates/print.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { printPdf, type Printer } from '../src/outputs/pdf/pdf.js';
import { RunBrowser, CHROMIUM_STATE_DIR, type ChromiumRecord } from '../src/outputs/pdf/run-browser.js';
import { processesUsingProfile } from '../src/outputs/pdf/orphans.js';
import { RenderError } from '../src/errors/errors.js';
import { BUILT_CLI } from './helpers/cli.js';
import { copyDemo } from './helpers/nightly.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';

const work = mkdtempSync(path.join(tmpdir(), 'tonghop-print-faults-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const settings = CertificatesSchema.parse({});
const config = {
  campaign: { title: 't', purpose: 'ủng hộ Quỹ Vì người nghèo', plan: { number: '50/KH-MTTQ-BTT', date: '2023-08-01' } },
  issuer: { parents: ['ỦY BAN MTTQ VIỆT NAM', 'HUYỆN AN LÃO'], body: 'BAN THƯỜNG TRỰC', place: 'An Lão', signer: { onBehalf: 'TM. BAN THƯỜNG TRỰC', title: 'CHỦ TỊCH', name: 'Nguyễn Thị Nhung' } },
} as unknown as Parameters<typeof buildCertificateView>[1]['config'];

function views(n: number): CertificateView[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `Nguyễn Văn Số${i + 1}`;
    const certificate: IssuedCertificate = {
      donorKey: `faults|${i}`, name, recipient: `Ông/Bà ${name}`, person: true, origin: 'donor', unitId: 'u', unitName: 'Xã A',
      amount: 2_000_000 + i * 1000, number: i + 1, status: 'new', print: true,
    };
    return buildCertificateView(certificate, { config, settings, date: '2023-10-05' });
  });
}

const pages = (file: string): number => pdfPageSizes(file).length;

describe('a browser that dies or stalls while printing', () => {
  it('relaunches Chromium killed mid-batch: every certificate once, in order, in the pack and its own file', async () => {
    const outputRoot = path.join(work, 'crash');
    const browser = await RunBrowser.launch({ outputRoot });
    const first = browser.process()!;
    const firstProfile = (JSON.parse(readFileSync(path.join(outputRoot, CHROMIUM_STATE_DIR, `${first.pid}.json`), 'utf8')) as ChromiumRecord).userDataDir;
    const list = views(600);
    const dir = path.join(outputRoot, 'gcn');
    // Killed once the first of the four parts has printed (its PDF is in the work folder) and the
    // second is printing. Tabs are reused between prints, so the moment is read from the files.
    let killed = false;
    const watch = setInterval(() => {
      const works = existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('.in-')) : [];
      if (!killed && works.some((w) => existsSync(path.join(dir, w, 'part-000.pdf')))) {
        killed = true;
        browser.process()!.kill('SIGKILL');
      }
    }, 5);
    const files = list.map((_, i) => path.join(dir, `${i + 1}.pdf`));
    try {
      await printCertificates(browser, list, path.join(dir, 'pack.pdf'), files);
      expect(killed).toBe(true);
      expect(browser.generation).toBe(1);
      expect(browser.process()!.pid).not.toBe(first.pid);
    } finally {
      clearInterval(watch);
      await browser.close();
    }
    expect(pages(path.join(dir, 'pack.pdf'))).toBe(600);
    const packText = pdfText(path.join(dir, 'pack.pdf'));
    for (const i of [0, 149, 150, 299, 300, 449, 599]) {
      expect(pages(files[i]!)).toBe(1);
      expect(pdfText(files[i]!)).toContain(`Nguyễn Văn Số${i + 1} `);
      expect(pdfText(path.join(dir, 'pack.pdf'), { first: i + 1, last: i + 1 })).toContain(`Số: ${formatCertificateNumber(settings, i + 1)}`);
    }
    // No certificate printed twice in the pack.
    for (const i of [1, 150, 300, 450, 600]) expect(packText.split(`Nguyễn Văn Số${i} `).length - 1).toBe(1);
    // Closed: neither browser is left, nor their profiles or records.
    expect(processesUsingProfile(firstProfile)).toEqual([]);
    expect(existsSync(firstProfile)).toBe(false);
    expect(readdirSync(path.join(outputRoot, CHROMIUM_STATE_DIR))).toEqual([]);
  }, 900_000);

  it('a tab opened while the browser is being replaced waits for the new one instead of replacing it again', async () => {
    const browser = await RunBrowser.launch();
    try {
      const old = browser.process()!;
      const exited = new Promise((resolve) => old.once('exit', resolve));
      old.kill('SIGKILL');
      await exited;
      // Let Puppeteer see the connection close, so the old browser reads as disconnected.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const replacing = browser.relaunch(0);
      const page = await browser.newPage();
      await replacing;
      expect(browser.generation).toBe(1);
      await page.close();
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('retries a print that timed out once, on a fresh browser with more time', async () => {
    const browser = await RunBrowser.launch();
    const file = path.join(work, 'timeout', 'letter.pdf');
    try {
      // 1 ms cannot load a page: the first attempt times out, the retry has two minutes.
      await printPdf(browser, '<!DOCTYPE html><html lang="vi"><body><p>Thư đôn đốc</p></body></html>', file, { timeoutMs: 1, retryTimeoutMs: 120_000 });
      expect(browser.generation).toBe(1);
    } finally {
      await browser.close();
    }
    expect(pages(file)).toBe(1);
    expect(pdfText(file)).toContain('Thư đôn đốc');
  }, 180_000);

  it('a bare browser that cannot be relaunched fails the print with RenderError, no file', async () => {
    const browser = await launchBrowser();
    const file = path.join(work, 'bare', 'x.pdf');
    try {
      await expect(printPdf(browser, '<p>x</p>', file, { timeoutMs: 1 })).rejects.toThrow(RenderError);
    } finally {
      await browser.close();
    }
    expect(existsSync(file)).toBe(false);
  }, 120_000);
});

/** Starts the built CLI on a copy of the demo and resolves once it has launched Chromium for printing. */
async function pausedWhilePrinting(demo: { config: string; output: string }, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; record: ChromiumRecord }> {
  const child = spawn(process.execPath, [BUILT_CLI, 'run', '--config', demo.config, '--output', demo.output], { env: { ...env, TONGHOP_TEST_PAUSE_BEFORE: 'printing' }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('TONGHOP_TEST_PAUSED printing')) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before printing:\n${seen}`)));
  });
  const stateDir = path.join(demo.output, CHROMIUM_STATE_DIR);
  const records = readdirSync(stateDir).map((f) => JSON.parse(readFileSync(path.join(stateDir, f), 'utf8')) as ChromiumRecord);
  expect(records).toHaveLength(1);
  expect(records[0]!.owner).toBe(child.pid);
  expect(processesUsingProfile(records[0]!.userDataDir).length).toBeGreaterThan(0);
  return { child, record: records[0]! };
}

describe('no Chromium outlives a run', () => {
  const env = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'print-faults-test' };

  it('SIGTERM and SIGINT while printing end Chromium with the run', async () => {
    expect(existsSync(BUILT_CLI), 'npm run build first').toBe(true);
    const demo = copyDemo('tonghop-sigterm-');
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const { child, record } = await pausedWhilePrinting(demo, env);
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, by) => resolve(by)));
        child.kill(signal);
        expect(await exited).toBe(signal);
        expect(processesUsingProfile(record.userDataDir)).toEqual([]);
        expect(existsSync(record.userDataDir)).toBe(false);
        expect(readdirSync(path.join(demo.output, CHROMIUM_STATE_DIR))).toEqual([]);
      }
    } finally {
      rmSync(demo.dir, { recursive: true, force: true });
    }
  }, 900_000);

  it('a run SIGKILLed while printing leaves Chromium behind, and the next run ends it', async () => {
    expect(existsSync(BUILT_CLI), 'npm run build first').toBe(true);
    const demo = copyDemo('tonghop-orphans-');
    try {
      const { child, record } = await pausedWhilePrinting(demo, env);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // Without the next run's cleanup these would live on (issue 16: 11–13 processes, ~1 GB).
      expect(processesUsingProfile(record.userDataDir).length).toBeGreaterThan(0);
      const stateDir = path.join(demo.output, CHROMIUM_STATE_DIR);
      const args = [BUILT_CLI, 'run', '--config', demo.config, '--output', demo.output];

      const next = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      next.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const code = await new Promise((resolve) => next.once('exit', resolve));
      expect(code, out).toBe(1);
      expect(out).toMatch(/Đã tắt \d+ tiến trình Chromium do một lần chạy bị dừng giữa chừng để lại/);
      expect(processesUsingProfile(record.userDataDir)).toEqual([]);
      expect(existsSync(record.userDataDir)).toBe(false);
      expect(readdirSync(stateDir)).toEqual([]);
    } finally {
      rmSync(demo.dir, { recursive: true, force: true });
    }
  }, 600_000);
});
