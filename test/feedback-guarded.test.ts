/**
 * Feedback marks only what intake accepted, in the guarded workers: a zip bomb intake refused gets a
 * letter and no marked copy and costs the run no memory; workbooks that keep exceljs busy for minutes
 * (20,000 merged ranges, a row beyond Excel's last) do not hold the marking up; the fast package
 * marker's own output is checked beside exceljs's in feedback.test.ts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { closeMarkWorkers, markAccepted } from '../src/outputs/feedback/mark-guarded.js';
import { READ_LIMITS } from '../src/intake/read-limits.js';
import { inflateEntry, readZipDirectory } from '../src/intake/xlsx/zip-package.js';
import { DEMO_CONFIG } from './helpers/demo.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const BROKEN = path.join(ROOT, 'fixtures', 'broken');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-feedback-guarded-'));
});
afterAll(async () => {
  await closeMarkWorkers();
  rmSync(work, { recursive: true, force: true });
});


describe('marking in the guarded worker', () => {
  it('marks a workbook with 20,000 merged ranges in its worker without exceljs', async () => {
    const bytes = readFileSync(path.join(BROKEN, 'many-merges.xlsx'));
    const entries = [{ severity: 'warning' as const, code: 'AMOUNT_OUTLIER', title: 't', message: 'Số tiền lạ', hint: 'Kiểm tra lại', sheet: 'Danh sách', cell: 'A1', row: 1 }];
    const marked = await markAccepted({ kind: 'xlsx', bytes, sheetName: 'many-merges' }, entries);
    expect(marked.subarray(0, 2).toString('latin1')).toBe('PK');
    // Read back with the zip reader: exceljs itself needs minutes for this workbook.
    const parts = new Map(readZipDirectory(marked, READ_LIMITS).map((e) => [e.name, inflateEntry(marked, e, 1 << 26).toString('utf8')]));
    expect(parts.get('xl/comments1.xml')).toContain('Cách sửa: Kiểm tra lại');
    expect(parts.get('xl/worksheets/sheet1.xml')).toContain('<mergeCell ref="A3:C3"/>');
  }, 60_000);

  it('a bomb handed to the marker is refused by the worker, not inflated in the main process', async () => {
    const bytes = readFileSync(path.join(BROKEN, 'zip-bomb.xlsx'));
    const before = process.memoryUsage().rss;
    await expect(markAccepted({ kind: 'xlsx', bytes, sheetName: 'zip-bomb' }, [])).rejects.toMatchObject({ issueCode: 'SOURCE_TOO_LARGE' });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});

describe('a run with a zip bomb and broken workbooks among the submissions', () => {
  let runDir: string;
  let maxRssMb: number;
  let stdout: string;
  beforeAll(async () => {
    const campaign = path.join(work, 'campaign');
    mkdirSync(path.join(campaign, 'submissions'), { recursive: true });
    const config = parse(readFileSync(DEMO_CONFIG, 'utf8')) as { units: { id: string; sources: string[] }[]; output?: string; certificates?: unknown };
    delete config.certificates;
    config.output = 'output';
    const broken = ['zip-bomb.xlsx', 'many-merges.xlsx', 'row-beyond-excel.xlsx'];
    config.units = config.units.slice(0, 3).map((unit, i) => ({ ...unit, sources: [`submissions/${broken[i]}`] }));
    for (const name of broken) copyFileSync(path.join(BROKEN, name), path.join(campaign, 'submissions', name));
    cpSync(path.join(path.dirname(DEMO_CONFIG), 'narrative'), path.join(campaign, 'narrative'), { recursive: true });
    writeFileSync(path.join(campaign, 'campaign.yaml'), stringify(config));
    // The CLI's own entry in a child that reports its peak memory (parse and marking workers included).
    const script =
      `const { main } = await import(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'main.ts'))});` +
      `const code = await main(['run', '--config', ${JSON.stringify(path.join(campaign, 'campaign.yaml'))}, '--log-format', 'text']);` +
      `console.log('MAXRSS ' + process.resourceUsage().maxRSS + ' EXIT ' + code); process.exit(0);`;
    const child = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 16 << 20 });
    stdout = child.stdout;
    maxRssMb = Number(/MAXRSS (\d+)/.exec(stdout)?.[1]) / 1024;
    runDir = path.join(campaign, 'output', 'latest');
  }, 600_000);

  it('refused files get a letter only, never a marked copy', () => {
    expect(stdout).toMatch(/EXIT 1/);
    const feedback = path.join(runDir, 'phan-hoi');
    const files = (unit: string) => (existsSync(path.join(feedback, unit)) ? readdirSync(path.join(feedback, unit)).sort() : []);
    // Units in config order: the bomb (refused), the 20,000 merges (read, nothing to mark), the row
    // beyond Excel's last (refused as corrupt). Refused files get a letter (PDF and .docx), no copy.
    expect(files('tt-an-lao')).toEqual(['thu-phan-hoi.docx', 'thu-phan-hoi.pdf']);
    expect(files('xa-bat-trang').filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    expect(files('xa-truong-tho')).toEqual(['thu-phan-hoi.docx', 'thu-phan-hoi.pdf']);
    expect(stdout).toContain('không tạo bản đánh dấu của submissions/zip-bomb.xlsx');
  });

  it('memory stays bounded: the bomb is never inflated', () => {
    expect(maxRssMb).toBeGreaterThan(0);
    expect(maxRssMb).toBeLessThan(700);
  });
});
