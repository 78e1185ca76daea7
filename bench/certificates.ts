/**
 * Certificate benchmark: 10,000 certificates end to end the way a run prints them (HTML batches on
 * two tabs, one print pack, qpdf --split-pages into one file each) beside the naive way (a new tab
 * and one page.pdf() per certificate), with the peak memory of the browser (sum of the RSS of every
 * Chromium process, read from /proc every 100 ms).
 *
 *   node --import tsx bench/certificates.ts              # 10,000 certificates, naive measured on 50
 *   node --import tsx bench/certificates.ts --quick      # 1,000 certificates, naive on 20
 *   node --import tsx bench/certificates.ts --count N    # N certificates
 *
 * Targets: ≥ 250 certificates/s end to end, ≥ 40× the naive way, browser peak < 2 GiB. Also printed:
 * the CPU time per certificate of everything involved (Chromium, qpdf, node), and the rate it allows
 * on this machine's cores: the wall-time figure on a quiet machine, whatever the load now.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer';
import type { IssuedCertificate } from '../src/store/certificates.js';
import { isOrganisation, personRecipient } from '../src/outputs/certificates/select.js';
import { buildCertificateView, certificateFileName, type CertificateView } from '../src/outputs/certificates/view.js';
import { loadConfig } from '../src/config/load.js';
import { CertificatesSchema } from '../src/model/config.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { findQpdf, printCertificates, renderCertificatesHtml } from '../src/outputs/certificates/print.js';
import { printPdf } from '../src/outputs/pdf/pdf.js';
import { loadTemplates } from '../src/outputs/pdf/templates.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEMO_CONFIG = path.join(HERE, '..', 'fixtures', 'an-lao-2023', 'campaign.yaml');

export type CertificateBenchResult = {
  certificates: number;
  ours: { seconds: number; perSecond: number; split: string; cpuMsPerCertificate: number };
  naive: { measured: number; seconds: number; perSecond: number; extrapolatedSeconds: number };
  speedup: number;
  peakBrowserMiB: number;
  peakBrowserPssMiB: number;
  withinTargets: boolean;
};

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Đào', 'Trương', 'Đoàn'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Quang', 'Thu', 'Hữu', 'Thanh', 'Xuân'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Oanh', 'Phúc', 'Sơn', 'Tâm', 'Hương', 'Thủy'];
const ORGANISATIONS = [
  'Công ty TNHH Cơ khí Trường Thành',
  'Công ty Cổ phần Vật liệu xây dựng và Thương mại Quang Trung',
  'Hợp tác xã Nông nghiệp Bát Trang',
  'Trường Trung học phổ thông An Lão',
  'Hội Liên hiệp Phụ nữ xã Quang Hưng',
  'Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn huyện An Lão',
];
const UNITS = ['Thị trấn An Lão', 'Xã Bát Trang', 'Xã Trường Thọ', 'Xã Quang Hưng', 'Hội Chữ thập đỏ huyện'];

/** n certificates with realistic names, amounts and addresses (deterministic). */
export async function sampleViews(n: number): Promise<{ views: CertificateView[]; names: string[] }> {
  const { config } = await loadConfig(DEMO_CONFIG);
  const settings = CertificatesSchema.parse({});
  const views: CertificateView[] = [];
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const org = i % 9 === 0;
    const name = org
      ? ORGANISATIONS[i % ORGANISATIONS.length]!
      : `${SURNAMES[i % SURNAMES.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 11) % GIVEN.length]}`;
    const person = !isOrganisation(name);
    const certificate: IssuedCertificate = {
      donorKey: `bench|${i}`,
      name,
      recipient: person ? personRecipient(name) : name,
      person,
      origin: 'donor',
      unitId: 'u',
      unitName: UNITS[i % UNITS.length]!,
      address: `Thôn ${GIVEN[(i * 3) % GIVEN.length]}`,
      amount: (1 + ((i * 7919) % 50)) * 1_000_000 + ((i * 104729) % 10) * 100_000,
      number: i + 1,
      status: 'new',
      print: true,
    };
    views.push(buildCertificateView(certificate, { config, settings, date: '2023-10-05' }));
    names.push(certificateFileName(settings, certificate));
  }
  return { views, names };
}

/** `root` and all its descendants, from /proc (Linux only; empty elsewhere). */
function processTree(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so cut at the last ')'.
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

/**
 * Sum of VmRSS and of Pss (KiB) of the given processes. RSS counts pages shared between Chromium's
 * processes once per process (what the targets use); PSS splits them between the sharers.
 */
function memoryKiB(pids: readonly number[], withPss: boolean): { rss: number; pss: number } {
  const total = { rss: 0, pss: 0 };
  for (const pid of pids) {
    try {
      total.rss += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      // smaps_rollup makes the kernel walk every mapping: read it less often.
      if (withPss) total.pss += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return total;
}

/**
 * Samples the browser's RSS and CPU time every 100 ms until stopped; the process list every 500 ms
 * and PSS every second. Reading /proc costs this process CPU that the certificates then lack: PSS
 * (smaps_rollup walks every mapping of every Chromium process) read every 250 ms took a tenth of a
 * core. Peaks in MiB; `cpu`: CPU seconds of the browser's processes since the start (the last value
 * seen of each, so a renderer that ends between two samples loses at most 100 ms), of node itself
 * and of its waited-for children (qpdf), from /proc/self/stat.
 */
function sampleBrowser(browser: Browser): { stop: () => { rss: number; pss: number; cpu: { browser: number; node: number; children: number } } } {
  const root = browser.process()?.pid;
  const peak = { rss: 0, pss: 0 };
  const seen = new Map<number, { start: number; last: number }>();
  let pids: number[] = [];
  let ticks = 0;
  const sample = (): void => {
    if (root === undefined) return;
    const tick = ticks++;
    const slow = tick % 10 === 0;
    if (tick % 5 === 0) {
      pids = processTree(root);
      for (const pid of pids) if (!seen.has(pid)) seen.set(pid, { start: ticks === 1 ? cpuSeconds(pid) : 0, last: 0 });
    }
    for (const pid of pids) {
      const t = cpuSeconds(pid);
      if (t > 0) seen.get(pid)!.last = t;
    }
    const now = memoryKiB(pids, slow);
    peak.rss = Math.max(peak.rss, now.rss);
    if (slow) peak.pss = Math.max(peak.pss, now.pss);
  };
  const self0 = selfAndChildrenSeconds();
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const browserCpu = [...seen.values()].reduce((sum, e) => sum + Math.max(0, e.last - e.start), 0);
      const self1 = selfAndChildrenSeconds();
      return { rss: peak.rss / 1024, pss: peak.pss / 1024, cpu: { browser: browserCpu, node: self1.node - self0.node, children: self1.children - self0.children } };
    },
  };
}

/** CPU seconds of this process, and of its waited-for children (qpdf; Chromium only once closed). */
function selfAndChildrenSeconds(): { node: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { node: (Number(f[11]) + Number(f[12])) / 100, children: (Number(f[13]) + Number(f[14])) / 100 };
}

/** User + system CPU seconds of a process, from /proc/<pid>/stat (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

export async function benchCertificates(options: { count?: number; naiveCount?: number; log?: (line: string) => void } = {}): Promise<CertificateBenchResult> {
  const count = options.count ?? 10_000;
  const naiveCount = options.naiveCount ?? 50;
  const log = options.log ?? ((line: string) => console.log(line));
  const work = mkdtempSync(path.join(tmpdir(), 'tonghop-bench-cert-'));
  const browser = await launchBrowser();
  try {
    const qpdf = await findQpdf();
    if (!qpdf) log('qpdf is not installed: "ours" falls back to printing each certificate on its own (npm run setup installs qpdf).');
    const { views, names } = await sampleViews(count);
    // Warm the browser (first page, fonts) so neither approach pays for it.
    await printPdf(browser, renderCertificatesHtml(views.slice(0, 1), loadTemplates()), path.join(work, 'warm.pdf'));

    const sampler = sampleBrowser(browser);
    const oursDir = path.join(work, 'ours');
    const started = performance.now();
    const result = await printCertificates(browser, views, path.join(oursDir, 'in-tat-ca.pdf'), names.map((n) => path.join(oursDir, n)));
    const oursSeconds = (performance.now() - started) / 1000;
    const peak = sampler.stop();
    const peakBrowserMiB = peak.rss;
    const cpuMs = ((peak.cpu.browser + peak.cpu.node + peak.cpu.children) / count) * 1000;
    const files = readdirSync(oursDir).filter((f) => f.endsWith('.pdf')).length;
    if (files !== count + 1 || result.pages !== count) throw new Error(`expected ${count} certificates + the pack, got ${files} files, ${result.pages} pages`);

    // Naive: render and print each certificate on a new tab, one after another.
    const templates = loadTemplates();
    const naiveDir = path.join(work, 'naive');
    const naiveStarted = performance.now();
    for (let i = 0; i < naiveCount; i++) {
      // A printer of its own each time: printPdf keeps a printer's tabs between prints, the naive way does not.
      await printPdf({ newPage: () => browser.newPage() }, renderCertificatesHtml([views[i]!], templates), path.join(naiveDir, names[i]!), { tagged: false });
    }
    const naiveSeconds = (performance.now() - naiveStarted) / 1000;

    const ours = { seconds: oursSeconds, perSecond: count / oursSeconds, split: result.split, cpuMsPerCertificate: cpuMs };
    const naive = { measured: naiveCount, seconds: naiveSeconds, perSecond: naiveCount / naiveSeconds, extrapolatedSeconds: (naiveSeconds / naiveCount) * count };
    const speedup = ours.perSecond / naive.perSecond;
    const withinTargets = ours.perSecond >= 250 && speedup >= 40 && peakBrowserMiB < 2048;
    const fmt = (n: number, d = 1) => n.toFixed(d).padStart(9);
    log(`certificates: ${count.toLocaleString('en')} A4 landscape, one file each + print pack (split: ${ours.split})`);
    log(`  ours   (${String(result.documents).padStart(3)} documents on 2 tabs, qpdf split) ${fmt(ours.seconds, 2)} s ${fmt(ours.perSecond)} certificates/s`);
    log(
      `  naive  (new tab + page.pdf() each)          ${fmt(naive.extrapolatedSeconds, 2)} s ${fmt(naive.perSecond)} certificates/s` +
        `   (measured on ${naiveCount}: ${naive.seconds.toFixed(2)} s, extrapolated to ${count.toLocaleString('en')})`,
    );
    log(`  speed-up ${speedup.toFixed(0)}× (target ≥ 40×); ours ${ours.perSecond.toFixed(0)}/s (target ≥ 250/s)`);
    log(
      `  CPU ${cpuMs.toFixed(2)} ms per certificate (Chromium ${((peak.cpu.browser / count) * 1000).toFixed(2)}, ` +
        `node ${((peak.cpu.node / count) * 1000).toFixed(2)}, qpdf ${((peak.cpu.children / count) * 1000).toFixed(2)}): ` +
        `at most ${((cpus().length * 1000) / cpuMs).toFixed(0)}/s on ${cpus().length} idle cores`,
    );
    log(
      `  peak browser memory (sum of Chromium RSS, sampled every 100 ms): ${peakBrowserMiB.toFixed(0)} MiB (target < 2048 MiB); ` +
        `PSS ${peak.pss.toFixed(0)} MiB (shared pages counted once)`,
    );
    const [load1] = loadavg();
    log(`  machine: ${cpus().length} cores, load average ${load1!.toFixed(1)} at the end (other work on the machine slows both approaches)`);
    log(withinTargets ? 'bench certificates: within targets' : 'bench certificates: OVER TARGET (see above)');
    return { certificates: count, ours, naive, speedup, peakBrowserMiB, peakBrowserPssMiB: peak.pss, withinTargets };
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

// Runnable alone: node --import tsx bench/certificates.ts [--quick]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const count = Number(process.argv[process.argv.indexOf('--count') + 1]);
  const result = await benchCertificates(quick ? { count: 1_000, naiveCount: 20 } : process.argv.includes('--count') ? { count } : {});
  process.exitCode = result.withinTargets ? 0 : 1;
}
