import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatements } from '../src/intake/bank/read-statements.js';
import { withReconciliation } from '../src/analyse/reconcile-step.js';
import type { Analysis } from '../src/analyse/analyse.js';
import type { CampaignConfig } from '../src/model/config.js';
import { ISSUE_CODES } from '../src/model/issue-catalogue.js';
import type { Summary } from '../src/model/summary.js';
import { buildAnnexWorkbook } from '../src/outputs/annex.js';
import { RECONCILIATION_SHEET, reconciliationSheet } from '../src/outputs/annex-reconciliation.js';
import { renderDashboard } from '../src/outputs/dashboard.js';
import { buildReportView } from '../src/outputs/report/build-view.js';
import { renderReportHtml } from '../src/outputs/report/print.js';
import { buildSummary } from '../src/outputs/summary-json.js';
import { diffSummaries } from '../src/nightly/diff.js';
import { changeDetails, changeLines } from '../src/outputs/changes-text.js';
import { collectFeedback } from '../src/outputs/feedback/entries.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { ANONYMOUS, publicUnits } from '../src/outputs/public/public-lists.js';
import { PUBLIC_LISTS_DIR, PUBLIC_PAGE_DIR, writePublicOutputs } from '../src/outputs/public/write-public.js';
import { analyseDemo } from './helpers/demo.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';
import { FIXTURES } from './helpers/intake.js';

let demo: Analysis & { config: CampaignConfig };
let result: Analysis;
let summary: Summary;
beforeAll(async () => {
  demo = await analyseDemo();
  result = withReconciliation(demo.config, demo, await readStatements(demo.config, path.join(FIXTURES, 'an-lao-2023')));
  summary = buildSummary(demo.config, result.consolidation, result.issues, { id: 'r2', startedAt: '2023-10-05T00:00:00Z', finishedAt: '2023-10-05T00:00:00Z', tool: 't' }, '2023-10-05');
});

describe('reconciliation outputs', () => {
  it('annex sheet "Đối chiếu sao kê" has a row per match or miss, live difference and total formulas, debits apart', async () => {
    const r = result.consolidation.reconciliation!;
    const wb = buildAnnexWorkbook(demo.config, result.consolidation, { reportDate: '2023-10-05', sheets: [reconciliationSheet(r, demo.config.campaign.title)] });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
    const ws = back.getWorksheet(RECONCILIATION_SHEET)!;
    expect(back.worksheets.map((w) => w.name)).toEqual(['Biểu 01', 'Biểu 02', RECONCILIATION_SHEET]);
    const values: { b: string; c: unknown; d: unknown; e: ExcelJS.CellValue; i: unknown }[] = [];
    ws.eachRow((row) => values.push({ b: String(row.getCell(2).value ?? ''), c: row.getCell(3).value, d: row.getCell(4).value, e: row.getCell(5).value, i: row.getCell(9).value }));
    const body = values.filter((v) => typeof v.e === 'object' && v.e !== null && 'formula' in v.e && /^D\d+-C\d+$/.test((v.e as { formula: string }).formula));
    // matches + not received + unreported, and the total row.
    expect(body).toHaveLength(r.matches.length + r.notReceived.length + r.unreported.length + 1);
    const total = body.at(-1)!;
    expect(total.b).toBe('Tổng cộng');
    expect(total.d).toMatchObject({ formula: expect.stringMatching(/^SUM\(D\d+:D\d+\)$/) });
    expect(values.some((v) => v.b === 'Thị trấn Trường Sơn' && v.c === 22_705_000 && v.d === 0)).toBe(true);
    expect(values.some((v) => v.b === 'Cộng chi' && (v.d as { result: number }).result === r.debited)).toBe(true);
    for (const m of r.matches) expect(values.some((v) => v.i === m.id)).toBe(true);
  });

  it('the report has a paragraph and a table on money received vs reported', () => {
    const view = buildReportView(demo.config, result.consolidation, { reportDate: '2023-10-05', narrative: { direction: [], assessment: [], recommendations: [] }, generatedNote: 'x' });
    const html = renderReportHtml(view);
    expect(html).toContain('Đối chiếu với sao kê tài khoản');
    expect(html).toContain('số 0451000123456');
    expect(html).toContain('Thị trấn Trường Sơn báo cáo đã nộp 22.705.000 đồng nhưng sao kê chưa có');
    expect(html).toContain('Tiền về chưa rõ người nộp');
    // A campaign without statements prints no such section.
    const plain = renderReportHtml(buildReportView(demo.config, demo.consolidation, { reportDate: '2023-10-05', narrative: { direction: [], assessment: [], recommendations: [] }, generatedNote: 'x' }));
    expect(plain).not.toContain('Đối chiếu với sao kê');
  });

  it('the dashboard has a reconciliation section with every match id', () => {
    const html = renderDashboard(summary, { top: [], feedback: new Map() });
    expect(html).toContain('id="doi-chieu"');
    for (const m of summary.reconciliation!.matches) expect(html).toContain(`data-match="${m.id}"`);
    expect(html).toContain('Sao kê chưa có');
  });

  it('what changed since last night: money in, matched, matches made or undone', () => {
    const r = summary.reconciliation!;
    const last = { ...summary, reconciliation: { ...r, received: r.received - 16_130_000, matchedReceived: r.matchedReceived - 16_130_000, matches: r.matches.filter((m) => !m.parties.includes('unit:xa-quang-hung')) } };
    const changes = diffSummaries(last, summary);
    expect(changes.reconciliation).toMatchObject({ received: { difference: 16_130_000 }, newMatches: [r.matches.find((m) => m.parties.includes('unit:xa-quang-hung'))!.id], goneMatches: [] });
    expect(changeLines(changes).join('\n')).toContain('1 cặp đối chiếu mới');
  });
});

describe('public lists', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-public-'));
    // Two units are enough to check the files; every unit would only make the test slower.
    const config = { ...demo.config, units: demo.config.units.filter((u) => ['xa-bat-trang', 'hoi-phu-nu-huyen'].includes(u.id)) };
    await writePublicOutputs({ config, outcomes: demo.outcomes, reportDate: '2023-10-05', dir, browser });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names as the unit wrote them; pledges left out; anonymous donors hidden on request', () => {
    const units = publicUnits(demo.config, demo.outcomes);
    const donations = demo.outcomes.flatMap((o) => o.donations).filter((d) => d.status !== 'pledged');
    expect(units.reduce((s, u) => s + u.total, 0)).toBe(donations.reduce((s, d) => s + d.amount, 0));
    const first = donations[0]!;
    expect(units.flatMap((u) => u.donors).some((d) => d.name === first.name)).toBe(true);
    const outcome = demo.outcomes.find((o) => o.donations.length > 0)!;
    const asked = [{ ...outcome, donations: [{ ...outcome.donations[0]!, name: 'Trần Văn Bình', note: 'Xin ẩn danh', status: 'collected' as const }] }];
    expect(publicUnits(demo.config, asked)[0]!.donors[0]!.name).toBe(ANONYMOUS);
    expect(publicUnits({ ...demo.config, public: { ...demo.config.public!, hideAnonymous: false } }, asked)[0]!.donors[0]!.name).toBe('Trần Văn Bình');
  });

  it('an A4 list per unit and per hamlet: title, unit, STT, total in figures and words, place-date, signer', () => {
    const file = path.join(dir, PUBLIC_LISTS_DIR, 'xa-bat-trang.pdf');
    const sizes = pdfPageSizes(file);
    expect(Math.round(sizes[0]!.width)).toBe(595);
    const text = pdfText(file);
    expect(text).toContain('DANH SÁCH CÔNG KHAI');
    expect(text).toContain('Xã Bát Trang');
    expect(text).toContain('Tổng cộng');
    expect(text).toMatch(/Bằng chữ: .+đồng/);
    expect(text).toContain('An Lão, ngày 05 tháng 10 năm 2023');
    expect(text).toContain('Nguyễn Thị Nhung');
    const units = publicUnits(demo.config, demo.outcomes);
    const bt = units.find((u) => u.id === 'xa-bat-trang')!;
    const hamlets = pdfText(path.join(dir, PUBLIC_LISTS_DIR, 'xa-bat-trang-theo-thon.pdf'));
    for (const h of bt.hamlets) expect(hamlets).toContain(h.hamlet);
    expect(bt.hamlets.length).toBeGreaterThan(1);
  });

  it('the public folder names no file path, issue code, note or staff', () => {
    const html = readFileSync(path.join(dir, PUBLIC_PAGE_DIR, 'index.html'), 'utf8');
    expect(readdirSync(path.join(dir, PUBLIC_PAGE_DIR))).toEqual(['index.html']);
    expect(html).not.toMatch(/submissions\/|\.xlsx|\.csv|file:|[A-Z]:\\|\/home\/|\/tmp\//);
    for (const code of ISSUE_CODES) expect(html).not.toContain(code);
    const listed = new Set(['xa-bat-trang', 'hoi-phu-nu-huyen']);
    const notes = new Set(demo.outcomes.filter((o) => listed.has(o.unitId)).flatMap((o) => o.donations.map((d) => d.note)).filter((n): n is string => !!n && n.length > 6));
    expect(notes.size).toBeGreaterThan(0);
    for (const note of notes) expect(html, note).not.toContain(note);
    expect(html).not.toContain(demo.config.issuer.signer.name);
  });

  it('a campaign’s own templates change the lists and the page; a folder copied before them falls back to the bundled ones', async () => {
    const own = path.join(dir, 'mau-rieng');
    cpSync(path.join(FIXTURES, '..', 'templates'), own, { recursive: true });
    for (const name of ['public-list.hbs', 'public-page.hbs']) {
      const file = path.join(own, name);
      writeFileSync(file, readFileSync(file, 'utf8').replace('<body>', '<body><p>MẪU RIÊNG CỦA HUYỆN</p>'));
    }
    const old = path.join(dir, 'mau-cu');
    cpSync(own, old, { recursive: true });
    rmSync(path.join(old, 'public-list.hbs'));
    rmSync(path.join(old, 'public-page.hbs'));
    const config = { ...demo.config, units: demo.config.units.filter((u) => u.id === 'hoi-phu-nu-huyen') };
    for (const [templatesDir, marked] of [[own, true], [old, false]] as const) {
      const out = path.join(dir, path.basename(templatesDir));
      await writePublicOutputs({ config, outcomes: demo.outcomes, reportDate: '2023-10-05', dir: out, browser, templatesDir });
      expect(pdfText(path.join(out, PUBLIC_LISTS_DIR, 'hoi-phu-nu-huyen.pdf')).includes('MẪU RIÊNG CỦA HUYỆN'), templatesDir).toBe(marked);
      const html = readFileSync(path.join(out, PUBLIC_PAGE_DIR, 'index.html'), 'utf8');
      expect(html.includes('MẪU RIÊNG CỦA HUYỆN'), templatesDir).toBe(marked);
      expect(html).toContain('Hội Liên hiệp Phụ nữ huyện');
    }
  }, 120_000);

  it('the public page reads on a phone and finds a name typed without diacritics', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 375, height: 740, isMobile: true, deviceScaleFactor: 2 });
      await page.setJavaScriptEnabled(true);
      await page.goto(`file://${path.join(dir, PUBLIC_PAGE_DIR, 'index.html')}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(16);
      const donor = publicUnits(demo.config, demo.outcomes).find((u) => u.id === 'xa-bat-trang')!.donors[0]!;
      const typed = donor.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
      await page.type('#tim', typed);
      const visible = await page.evaluate(() =>
        Array.from(document.querySelectorAll('tbody tr')).filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.querySelector('td:nth-child(2)')!.childNodes[0]!.textContent),
      );
      expect(visible.length).toBeGreaterThan(0);
      expect(visible).toContain(donor.name);
      expect(visible.length).toBeLessThan(20);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('bank issues count for the units they concern', () => {
  it('in the units’ errors and warnings (summary, dashboard), as the units’ other issues do', () => {
    const bank = result.issues.filter((i) => i.code.startsWith('BANK_') && i.location.unitId);
    expect(bank.length).toBeGreaterThanOrEqual(2);
    for (const unit of summary.units) {
      const before = demo.consolidation.units.find((u) => u.id === unit.id)!;
      const own = bank.filter((i) => i.location.unitId === unit.id);
      expect(unit.warnings, unit.id).toBe(before.warnings + own.filter((i) => i.severity === 'warning').length);
      expect(unit.errors, unit.id).toBe(before.errors + own.filter((i) => i.severity === 'error').length);
    }
    const truongSon = summary.units.find((u) => u.id === 'tt-truong-son')!;
    expect(truongSon.warnings).toBe(demo.consolidation.units.find((u) => u.id === 'tt-truong-son')!.warnings + 1);
    const html = renderDashboard(summary, { top: [], feedback: new Map() });
    expect(html).toMatch(new RegExp(`Thị trấn Trường Sơn[\\s\\S]{0,2000}?>${truongSon.warnings}<`));
  });

  it('in the feedback letters, worded for the unit: no match ids or scores', () => {
    const feedback = collectFeedback(demo.config.units, result.consolidation, result.issues);
    const entries = (unitId: string) => feedback.find((f) => f.unitId === unitId)?.unitEntries ?? [];
    expect(entries('tt-truong-son').map((e) => e.code)).toContain('BANK_NOT_RECEIVED');
    const uncertain = result.issues.find((i) => i.code === 'BANK_MATCH_UNCERTAIN')!;
    const told = entries(uncertain.location.unitId!).find((e) => e.code === 'BANK_MATCH_UNCERTAIN')!;
    expect(told.message).toContain(`nội dung: "${uncertain.params['memo']}"`);
    expect(told.message).not.toMatch(/dc-[0-9a-f]{10}|độ tin cậy/);
    // A unit that reported nothing as sent is told nothing about the bank.
    const plain = collectFeedback(demo.config.units, demo.consolidation, demo.issues);
    expect(plain.flatMap((f) => f.unitEntries).some((e) => e.code.startsWith('BANK_'))).toBe(false);
  });

  it('in what changed since last night: the new bank issues with their messages', () => {
    const last = buildSummary(demo.config, demo.consolidation, demo.issues, { id: 'r1', startedAt: '2023-10-04T00:00:00Z', finishedAt: '2023-10-04T00:00:00Z', tool: 't' }, '2023-10-04');
    const changes = diffSummaries(last, summary);
    const codes = changes.issues.new.map((i) => i.code);
    expect(codes).toContain('BANK_NOT_RECEIVED');
    expect(codes).toContain('BANK_UNREPORTED');
    expect(changeDetails(changes).join('\n')).toMatch(/\+ \[BANK_NOT_RECEIVED\].*Thị trấn Trường Sơn báo cáo đã nộp\/chuyển 22\.705\.000 đồng/);
  });
});
