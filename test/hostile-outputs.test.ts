/**
 * Hostile names stay inert in every output of a real run (issue 16, point 7): formula text, control
 * characters, bidi overrides, NUL, a 10,000-character name and HTML/script/CSS pointing at a loopback
 * listener. No request reaches the listener while the run prints (report, certificates, public lists
 * and page, feedback letters), nor while the dashboard and the public page are opened in Chromium
 * with JavaScript on; the annex, the feedback workbooks and the .docx copies hold the text as plain
 * text (no formula of theirs, no control character, no bidi override, markup escaped).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalCampaignFields } from '../fixtures/tools/campaign.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { tonghop } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-hostile-out-'));
const hits: string[] = [];
let server: Server;
let port = 0;
let browser: Browser | undefined;
let runDir = '';
let code = -1;

/** Every file under `folder` whose name ends with one of `extensions`. */
function filesUnder(folder: string, extensions: string[]): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((x) => e.name.endsWith(x)))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The XML parts of an Office package, by name. */
function xmlParts(file: string): Map<string, string> {
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  return new Map(names.map((name) => [name, execFileSync('unzip', ['-p', file, name.replace(/[[\]*?]/g, '\\$&')], { encoding: 'utf8', maxBuffer: 64 << 20 })]));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const at = `http://127.0.0.1:${port}`;
  const names = [
    `=HYPERLINK("${at}/f","Bấm vào đây")`,
    `+cmd|' /C calc'!A0`,
    `@SUM(1+1)`,
    `-2+3+cmd|' /C notepad'!A0`,
    `Nguyễn\u0000Văn\u0007Hùng`,
    `\u202Eỏh gnáuQ\u202C Bà`,
    `<img src=${at}/img onerror="fetch('${at}/onerror')">`,
    `<script>fetch('${at}/script')</script>Lê Văn Tám`,
    `<style>@import url(${at}/import); body{background:url(${at}/css)}</style>`,
    `<a href="${at}/link">Trần Thị Mai</a><iframe src="${at}/iframe"></iframe>`,
    `"><svg onload=fetch('${at}/svg')>`,
  ];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = names.map((n, i) => `${i + 1},${quote(n)},${quote(`Thôn <b>${i}</b> =A1`)},1500000`);
  rows.push(`${names.length + 1},${'Phạm Văn Dài '.repeat(770).trim()},Thôn 1,100000`);
  // A problem to mark, so the unit gets a marked copy of its list in phan-hoi/.
  rows.push(`${names.length + 40},${quote(names[0]!)},Thôn 3,abc`);
  for (let i = 0; i < 30; i++) rows.push(`${names.length + 2 + i},Người ủng hộ số ${i + 1},Thôn 2,${50_000 + i * 1000}`);
  writeFileSync(path.join(dir, 'an-hoa.csv'), ['STT,Họ và tên,Địa chỉ,Số tiền', ...rows].join('\n') + '\n');
  const units = [{ id: 'xa-an-hoa', name: 'Xã <i>An</i> Hòa =1+1', kind: 'commune', sources: ['an-hoa.csv'] }];
  writeFileSync(path.join(dir, 'campaign.yaml'), stringify(minimalCampaignFields(units, { certificates: { threshold: 1_000_000 }, public: {} })));
  const result = await tonghop(['run', '--config', path.join(dir, 'campaign.yaml'), '--log-format', 'text']);
  code = result.code;
  runDir = path.join(dir, 'output', 'latest');
  expect(code, result.stdout + result.stderr).toBeLessThan(2);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile names in every output', () => {
  it('the run printed everything without a single request to the loopback listener', () => {
    expect(filesUnder(runDir, ['.pdf']).length).toBeGreaterThan(3);
    expect(hits).toEqual([]);
  });

  it('the dashboard and the public page, opened with JavaScript on, load nothing from the network and run no injected script', async () => {
    browser = await launchBrowser();
    const pages = filesUnder(runDir, ['.html']);
    expect(pages.map((p) => path.basename(p))).toEqual(expect.arrayContaining(['index.html']));
    for (const file of pages) {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => {
        if (!/^(file|data|about):/.test(request.url())) requested.push(request.url());
      });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const injected = await page.evaluate(() => document.querySelectorAll('img[onerror], svg[onload], iframe').length);
      await page.close();
      expect({ file: path.basename(file), requested, dialogs, injected }).toEqual({ file: path.basename(file), requested: [], dialogs: [], injected: 0 });
    }
    expect(hits).toEqual([]);
  }, 120_000);

  it('the annex, the feedback workbooks and the .docx copies hold plain, escaped text only', () => {
    const packages = filesUnder(runDir, ['.xlsx', '.docx']);
    const kinds = packages.map((p) => path.basename(p));
    expect(kinds).toEqual(expect.arrayContaining(['phu-luc-tong-hop.xlsx', 'bao-cao-tong-hop.docx']));
    expect(packages.some((p) => p.includes(`${path.sep}phan-hoi${path.sep}`) && p.endsWith('-kiem-tra.xlsx'))).toBe(true);
    let sawHostile = false;
    for (const file of packages) {
      for (const [part, xml] of xmlParts(file)) {
        const where = `${path.relative(runDir, file)}:${part}`;
        // Formulas are only tonghop's own (SUM, IF, N, cell references): never text from a name.
        for (const [, formula] of xml.matchAll(/<f(?:\s[^>]*)?>([^<]*)<\/f>/g)) expect(formula, where).not.toMatch(/HYPERLINK|cmd|127\.0\.0\.1|1\+1/);
        // No character XML forbids (Excel would refuse the file); no bidi override in tonghop's own
        // documents (a unit's marked copy keeps its own text as the unit wrote it).
        expect(xml, where).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
        if (!file.endsWith('-kiem-tra.xlsx')) expect(xml, where).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
        expect(xml, where).not.toMatch(/<(img|script|style|iframe|svg)\b/i);
        // No hyperlink relationship of a package points at an address taken from a name.
        if (part.endsWith('.rels')) expect(xml, where).not.toContain('127.0.0.1');
        if (xml.includes('HYPERLINK(') || xml.includes('&lt;script&gt;')) sawHostile = true;
        if (file.endsWith('-kiem-tra.xlsx') && part === 'xl/sharedStrings.xml') expect(xml).toContain('Nguyễn␀Văn␇Hùng');
      }
    }
    // The hostile text is there, as text: the test is not passing on names that were dropped.
    expect(sawHostile).toBe(true);
  });
});
