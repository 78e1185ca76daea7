/**
 * The dashboard on a phone (390 px) and on an office screen (1366 px), in headless Chromium: the page
 * is never wider than the screen (wide tables scroll inside their own box), and the failure banner
 * fits too. Screenshots of both widths are written for people to look at.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSummaries } from '../src/nightly/diff.js';
import { renderDashboard } from '../src/outputs/dashboard.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { buildSummary } from '../src/outputs/summary-json.js';
import type { Summary } from '../src/model/summary.js';
import { analyseDemo } from './helpers/demo.js';

const work = mkdtempSync(path.join(tmpdir(), 'tonghop-dashboard-layout-'));
let browser: Browser;
let page: string;

beforeAll(async () => {
  const demo = await analyseDemo();
  const summary = buildSummary(demo.config, demo.consolidation, demo.issues, { id: '20261206-020000', startedAt: '2026-12-05T19:00:00Z', finishedAt: '2026-12-05T19:01:00Z', tool: 'tonghop test' }, '2023-10-06');
  // A previous night with one unit's figures different and none of tonight's issues: every change list is filled.
  const previous = structuredClone(summary) as Summary;
  previous.run.id = '20261205-020000';
  previous.units[0]!.amount -= 1_500_000;
  previous.units[0]!.donors -= 2;
  previous.issues = [];
  summary.changes = diffSummaries(previous, summary);
  const html = renderDashboard(
    summary,
    { top: ['bao-cao-tong-hop.pdf', 'phu-luc-tong-hop.xlsx', 'issues.csv', 'summary.json', 'run.log'], feedback: new Map() },
    { runId: '20261207-020000', startedAt: '2026-12-06T19:00:00Z', failure: 'Không tìm thấy trình duyệt để in PDF (PUPPETEER_EXECUTABLE_PATH trỏ tới "/opt/khong-co/chrome-khong-ton-tai-tren-may-nay").' },
  );
  page = path.join(work, 'index.html');
  writeFileSync(page, html);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each([
  { name: 'phone', width: 390, height: 844 },
  { name: 'office screen', width: 1366, height: 900 },
])('at $width px ($name)', ({ width, height }) => {
  it('the page is exactly as wide as the screen; wide tables scroll inside their box', async () => {
    const tab = await browser.newPage();
    try {
      await tab.setViewport({ width, height });
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      const layout = await tab.evaluate(() => {
        const boxes = Array.from(document.querySelectorAll('section')).map((s) => ({
          id: s.id,
          right: Math.round(s.getBoundingClientRect().right),
          scrolls: s.scrollWidth > s.clientWidth,
          overflowX: getComputedStyle(s).overflowX,
        }));
        const issueTable = document.querySelector('#van-de table.issues td:nth-child(3)');
        return {
          page: document.documentElement.scrollWidth,
          body: document.body.scrollWidth,
          boxes,
          banner: document.querySelector('#that-bai')?.getBoundingClientRect().right ?? -1,
          issueCellWidth: issueTable ? Math.round(issueTable.getBoundingClientRect().width) : -1,
        };
      });
      expect(layout.page).toBe(width);
      expect(layout.body).toBe(width);
      expect(Math.round(layout.banner)).toBeLessThanOrEqual(width);
      for (const box of layout.boxes) {
        expect(box.right, box.id).toBeLessThanOrEqual(width);
        if (box.scrolls) expect(box.overflowX, box.id).toBe('auto');
      }
      // The problem text keeps a readable column (it squeezed to a few characters before).
      expect(layout.issueCellWidth).toBeGreaterThan(150);
      const shot = path.join(work, `dashboard-${width}.png`);
      await tab.screenshot({ path: shot as `${string}.png`, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await tab.close();
    }
  }, 60_000);
});
