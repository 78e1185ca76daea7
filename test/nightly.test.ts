/**
 * Nightly operation in memory-and-disk: runs over a private copy of the demo campaign, changing
 * files between runs, and what the store, summary.json and the run folders say about it.
 */
import { copyFileSync, existsSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/format/number.js';
import { isUnchanged } from '../src/model/changes-checks.js';
import { renderDashboard } from '../src/outputs/dashboard.js';
import { SummarySchema, type Summary } from '../src/model/summary.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';
import { openStore, STORE_FILE } from '../src/store/db.js';
import { listRuns } from '../src/store/runs.js';
import { addToCell, copyDemo } from './helpers/nightly.js';

// Snapshots and whole-run reuse are keyed on the code too; pin it so edits elsewhere cannot interfere.
process.env['TONGHOP_CODE_FINGERPRINT'] = 'nightly-test';

const demo = copyDemo('tonghop-nightly-');
afterAll(() => rmSync(demo.dir, { recursive: true, force: true }));

const CHANGED = 'submissions/xa-bat-trang.xlsx';
const BROKEN = 'submissions/xa-my-duc.xlsx';
const ALWAYS_CORRUPT = 'submissions/xa-an-thang.xlsx';

// One run a night at 02:00 Vietnam time, from 03/10/2023.
let clock = Date.parse('2023-10-01T19:00:00Z');
async function run(): Promise<RunResult & { json: Summary }> {
  clock += 24 * 3600_000;
  const result = await runCampaign({ configPath: demo.config, mode: 'run', outputDir: demo.output, now: new Date(clock) });
  const json = SummarySchema.parse(JSON.parse(readFileSync(path.join(result.runDir!, 'summary.json'), 'utf8')));
  return { ...result, json };
}

const source = (s: Summary, p: string) => s.sources.find((x) => x.path === p)!;
const unit = (s: Summary, id: string) => s.units.find((u) => u.id === id)!;

let first: Awaited<ReturnType<typeof run>>;
let again: Awaited<ReturnType<typeof run>>;
let changed: Awaited<ReturnType<typeof run>>;
let restored: Awaited<ReturnType<typeof run>>;
let vanished: Awaited<ReturnType<typeof run>>;
let newAmount: number;

beforeAll(async () => {
  first = await run();
  again = await run();
  newAmount = await addToCell(path.join(demo.dir, 'campaign', CHANGED), 'Danh sách', 'E10', 1_000_000);
  copyFileSync(path.join(demo.dir, 'campaign', BROKEN), path.join(demo.dir, 'broken-original.xlsx'));
  writeFileSync(path.join(demo.dir, 'campaign', BROKEN), 'PK\u0003\u0004 not really a workbook, overwritten by mistake');
  changed = await run();
  copyFileSync(path.join(demo.dir, 'broken-original.xlsx'), path.join(demo.dir, 'campaign', BROKEN));
  restored = await run();
  rmSync(path.join(demo.dir, 'campaign', BROKEN));
  vanished = await run();
}, 900_000);

describe('the first run', () => {
  it('parses every source, prints, and says there is nothing to compare with', () => {
    expect(first.json.run.stats).toMatchObject({ sources: 22, parsed: 22, reused: 0, stale: 0, failed: 1 });
    expect(first.json.run.stats!.rendered).toBeGreaterThanOrEqual(1);
    expect(first.json.changes).toMatchObject({ previousRunId: null, sources: [], units: [], issues: { new: [], resolved: [] } });
  });

  it('creates the store beside the run folders and writes the dashboard and run.log', () => {
    expect(existsSync(path.join(demo.output, STORE_FILE))).toBe(true);
    for (const f of ['index.html', 'run.log', 'summary.json', 'issues.csv', 'bao-cao-tong-hop.pdf']) expect(existsSync(path.join(first.runDir!, f)), f).toBe(true);
    expect(readFileSync(path.join(first.runDir!, 'run.log'), 'utf8')).toMatch(/Tổng cộng 957\.068\.000 đồng/);
  });
});

describe('a rerun with nothing changed', () => {
  it('parses only the file that failed last time and reuses every other snapshot', () => {
    // A failed file is tried again each run (its failure may have been passing); nothing else is parsed.
    expect(again.json.run.stats).toMatchObject({ sources: 22, parsed: 1, reused: 21, failed: 1 });
  });

  it('prints nothing: the previous run’s files are linked into the new run folder', () => {
    expect(again.json.run.stats).toMatchObject({ rendered: 0, outputsReusedFrom: first.json.run.id });
    const pdf = (r: RunResult) => statSync(path.join(r.runDir!, 'bao-cao-tong-hop.pdf'));
    expect(pdf(again).ino).toBe(pdf(first).ino);
  });

  it('has the same figures and an empty "what changed"', () => {
    expect(again.json.totals).toEqual(first.json.totals);
    expect(again.json.changes!.previousRunId).toBe(first.json.run.id);
    expect(isUnchanged(again.json.changes!)).toBe(true);
  });
});

describe('a run after one workbook was edited and another overwritten with garbage', () => {
  it('parses only what changed (and the always-failing file)', () => {
    expect(changed.json.run.stats).toMatchObject({ sources: 22, parsed: 3, reused: 19, stale: 1, failed: 1 });
    expect(changed.json.run.stats!.rendered).toBeGreaterThanOrEqual(1);
    expect(changed.json.run.stats!.outputsReusedFrom).toBeUndefined();
  });

  it('reports the updated submission and the unit’s amount change', () => {
    const c = changed.json.changes!;
    expect(c.previousRunId).toBe(again.json.run.id);
    expect(c.sources).toContainEqual(expect.objectContaining({ path: CHANGED, change: 'updated' }));
    expect(c.units).toContainEqual(
      expect.objectContaining({ unitId: 'xa-bat-trang', amount: { before: unit(again.json, 'xa-bat-trang').amount, after: unit(again.json, 'xa-bat-trang').amount + 1_000_000, difference: 1_000_000 } }),
    );
    expect(c.totals.amount.difference).toBe(1_000_000);
    expect(changed.json.totals.amount).toBe(again.json.totals.amount + 1_000_000);
    expect(newAmount).toBe(1_200_000);
  });

  it('keeps the broken file’s last good data, marked stale in summary.json, with a dated warning', () => {
    expect(source(changed.json, BROKEN)).toMatchObject({ status: 'ok', stale: true, staleFrom: first.json.run.id, amount: source(first.json, BROKEN).amount });
    expect(unit(changed.json, 'xa-my-duc')).toMatchObject({ status: 'reported', stale: true, amount: unit(first.json, 'xa-my-duc').amount });
    const stale = changed.json.issues.find((i) => i.code === 'SOURCE_STALE');
    expect(stale).toMatchObject({ severity: 'warning', unitId: 'xa-my-duc', source: BROKEN });
    expect(stale!.message).toContain('03/10/2023'); // the first run's day (Vietnam time) whose data is used
    expect(changed.json.issues).toContainEqual(expect.objectContaining({ code: 'SOURCE_CORRUPT', source: BROKEN }));
    expect(changed.json.completeness?.units.find((u) => u.unitId === 'xa-my-duc')?.status).toBe('stale');
  });

  it('marks it stale in issues.csv and the dashboard too, and lists it as newly stale', () => {
    expect(readFileSync(path.join(changed.runDir!, 'issues.csv'), 'utf8')).toMatch(/SOURCE_STALE,Xã Mỹ Đức,submissions\/xa-my-duc\.xlsx/);
    expect(readFileSync(path.join(changed.runDir!, 'index.html'), 'utf8')).toContain('Dùng số liệu cũ');
    const c = changed.json.changes!;
    expect(c.statuses).toContainEqual(expect.objectContaining({ unitId: 'xa-my-duc', field: 'stale', from: false, to: true, kind: 'newly-stale' }));
    expect(c.issues.new.map((i) => i.code)).toEqual(expect.arrayContaining(['SOURCE_CORRUPT', 'SOURCE_STALE']));
  });
});

describe('a run after the broken file was sent again', () => {
  it('reuses its earlier snapshot by content and resolves the warnings', () => {
    expect(restored.json.run.stats).toMatchObject({ parsed: 1, reused: 21, stale: 0 });
    expect(source(restored.json, BROKEN).stale).toBeUndefined();
    expect(restored.json.changes!.issues.resolved.map((i) => i.code)).toEqual(expect.arrayContaining(['SOURCE_CORRUPT', 'SOURCE_STALE']));
    expect(restored.json.changes!.statuses).toContainEqual(expect.objectContaining({ unitId: 'xa-my-duc', field: 'stale', from: true, to: false }));
  });

  it('never touches a file that is always broken: it stays failed, not stale, with no good data to fall back on', () => {
    expect(source(restored.json, ALWAYS_CORRUPT)).toMatchObject({ status: 'failed' });
    expect(source(restored.json, ALWAYS_CORRUPT).stale).toBeUndefined();
  });
});

describe('a run after a file read last night has disappeared (a share not mounted, a file moved)', () => {
  it('keeps the unit’s last good data, marked stale, instead of dropping it to zero', () => {
    expect(vanished.json.totals.amount).toBe(restored.json.totals.amount);
    expect(source(vanished.json, BROKEN)).toMatchObject({ stale: true, staleFrom: first.json.run.id });
    expect(unit(vanished.json, 'xa-my-duc')).toMatchObject({ status: 'reported', stale: true });
    expect(vanished.json.issues.filter((i) => i.source === BROKEN).map((i) => i.code)).toEqual(expect.arrayContaining(['SOURCE_NOT_FOUND', 'SOURCE_UNREADABLE', 'SOURCE_STALE']));
    expect(vanished.json.run.stats).toMatchObject({ sources: 22, stale: 1 });
  });

  it('the store lists every run with its totals, newest first', () => {
    const db = openStore(path.join(demo.output, STORE_FILE));
    try {
      const runs = listRuns(db);
      expect(runs.map((r) => r.id)).toEqual([vanished, restored, changed, again, first].map((r) => r.json.run.id));
      expect(runs.every((r) => r.status === 'ok')).toBe(true);
      expect(readlinkSync(path.join(demo.output, 'latest'))).toBe(vanished.json.run.id);
      expect(runs[2]).toMatchObject({ totalAmount: changed.json.totals.amount, donors: changed.json.totals.donors, errors: changed.json.issueCounts.error });
      expect(runs[3]!.stats).toMatchObject({ reused: 21, rendered: 0 });
      const issues = db.prepare('SELECT count(*) AS n FROM issues WHERE run_id = ?').get(changed.json.run.id) as { n: number };
      expect(issues.n).toBe(changed.json.issues.length);
    } finally {
      db.close();
    }
  });
});

describe('the dashboard (index.html) of the run with a changed and a broken file', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    await page.setViewport({ width: 1280, height: 900 });
    // Opened from disk, as staff open it.
    await page.goto(pathToFileURL(path.join(changed.runDir!, 'index.html')).href, { waitUntil: 'load' });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('loads from disk with no console errors and no scripts', async () => {
    expect(problems).toEqual([]);
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
  });

  it('shows the totals of summary.json', async () => {
    const shown = await page.$$eval('[data-key]:not(tr [data-key])', (els) => els.map((e) => ({ key: e.getAttribute('data-key'), value: e.getAttribute('data-value'), text: e.textContent!.trim() })));
    const s = changed.json;
    const expected: Record<string, number | undefined> = {
      'totals.amount': s.totals.amount,
      'totals.donors': s.totals.donors,
      'totals.units.reported': s.totals.units.reported,
      'totals.targetRatio': s.totals.targetRatio,
      'issueCounts.error': s.issueCounts.error,
      'issueCounts.warning': s.issueCounts.warning,
      // The demo has a bank statement: money received is a headline figure too.
      ...(s.reconciliation ? { 'reconciliation.received': s.reconciliation.received } : {}),
    };
    expect(shown.map((x) => x.key).sort()).toEqual(Object.keys(expected).sort());
    for (const x of shown) expect(Number(x.value), x.key!).toBe(expected[x.key!]);
    expect(shown.find((x) => x.key === 'totals.amount')!.text).toBe(formatMoney(s.totals.amount));
    expect(shown.find((x) => x.key === 'totals.units.reported')!.text).toBe(`${s.totals.units.reported}/${s.totals.units.expected}`);
  });

  it('shows every unit with the amount and donors of summary.json', async () => {
    const rows = await page.$$eval('tr[data-unit]', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-unit')!,
        amount: tr.querySelector('[data-key="amount"]')!.textContent!.trim(),
        donors: tr.querySelector('[data-key="donors"]')!.textContent!.trim(),
        status: tr.getAttribute('data-status'),
        badge: tr.querySelector('.badge')!.textContent!.trim(),
      })),
    );
    expect(rows.map((r) => r.id).sort()).toEqual(changed.json.units.map((u) => u.id).sort());
    for (const u of changed.json.units) {
      expect(rows.find((r) => r.id === u.id), u.id).toMatchObject({ amount: formatMoney(u.amount), donors: formatMoney(u.donors), status: u.status });
    }
    expect(rows.find((r) => r.id === 'xa-my-duc')!.badge).toBe('Đã báo cáo · số liệu cũ');
  });

  it('shows what changed, links the PDFs and the feedback files that exist', async () => {
    const change = await page.$eval('tr[data-change-unit="xa-bat-trang"] [data-value]', (e) => e.getAttribute('data-value'));
    expect(Number(change)).toBe(1_000_000);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toContain('bao-cao-tong-hop.pdf');
    for (const link of links) expect(existsSync(path.join(changed.runDir!, decodeURIComponent(link))), link).toBe(true);
    if (existsSync(path.join(changed.runDir!, 'phan-hoi'))) expect(links.some((l) => l.startsWith('phan-hoi/'))).toBe(true);
  });

  it('renders to a full-page screenshot (kept as docs/dashboard.png with UPDATE_DOCS=1)', async () => {
    const png = Buffer.from(await page.screenshot({ fullPage: true }));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Width and height from the IHDR chunk: the whole page, not just the first screen.
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(path.resolve(import.meta.dirname, '..', 'docs', 'dashboard.png'), png);
  });

  it('escapes whatever comes from a spreadsheet', () => {
    const s = structuredClone(changed.json);
    s.sources[0]!.path = '<img src=x onerror=alert(1)>.xlsx';
    s.units[0]!.name = '"><script>alert(1)</script>';
    s.issues.push({ ...s.issues[0]!, source: s.sources[0]!.path, message: '<b>bold</b> & "quoted"' });
    const html = renderDashboard(s, { top: ['a b<c>.pdf'], feedback: new Map() });
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="a%20b%3Cc%3E.pdf"');
  });
});
