import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalCampaign } from '../fixtures/tools/campaign.js';
import { SourceError } from '../src/errors/errors.js';
import { catalogue } from '../src/model/issue-catalogue.js';
import { issueMessage } from '../src/format/issue-messages.js';
import { analyse } from '../src/analyse/analyse.js';
import { readSources } from '../src/intake/read-sources.js';
import { findSoffice } from '../src/intake/convert.js';
import { closeParseWorker, parseWorkersAlive } from '../src/intake/xlsx/index.js';
import { READ_LIMITS, readSourceFile, type ReadLimits } from '../src/intake/read-source.js';

const REPO = path.resolve(import.meta.dirname, '..');
const BROKEN = path.join(REPO, 'fixtures', 'broken');
const run = promisify(execFile);

afterAll(closeParseWorker);

/** Reads a fixture and returns the issue code it was rejected with, or "read". */
async function outcome(name: string, limits: Partial<ReadLimits> = {}): Promise<{ code: string; error?: SourceError }> {
  try {
    await readSourceFile(path.join(BROKEN, name), name, limits);
    return { code: 'read' };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { code: error.issueCode, error };
  }
}

describe('bad files are rejected with a catalogued code naming the file', () => {
  it.each([
    ['zip-bomb.xlsx', 'SOURCE_TOO_LARGE', /300 MB, quá 256 MB/],
    ['lying-sizes.xlsx', 'SOURCE_TOO_LARGE', /nhiều hơn kích thước khai báo/],
    ['truncated.xlsx', 'SOURCE_CORRUPT', /cắt cụt/],
    ['empty.xlsx', 'SOURCE_CORRUPT', /0 byte/],
    ['renamed-pdf.xlsx', 'SOURCE_NOT_SPREADSHEET', /PDF/],
    ['renamed-png.xlsx', 'SOURCE_NOT_SPREADSHEET', /PNG/],
    ['word-renamed.xlsx', 'SOURCE_NOT_SPREADSHEET', /Word/],
    ['password.xlsx', 'SOURCE_ENCRYPTED', /mật khẩu/],
    ['password.xls', 'SOURCE_ENCRYPTED', /mật khẩu/],
    ['row-beyond-excel.xlsx', 'SOURCE_CORRUPT', /999999999/],
  ])('%s → %s', async (name, code, message) => {
    const { code: got, error } = await outcome(name);
    expect(got).toBe(code);
    expect(error!.source).toBe(name);
    expect(error!.message).toContain(name);
    const text = issueMessage({ code: error!.issueCode, severity: catalogue[error!.issueCode].severity, params: { ...error!.params }, location: { source: name } });
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('checks declared sizes before inflating anything (the 300 MiB bomb costs milliseconds)', async () => {
    const started = performance.now();
    expect((await outcome('zip-bomb.xlsx')).code).toBe('SOURCE_TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('limits can be tightened per call', () => {
  it.each<[string, Partial<ReadLimits>, RegExp]>([
    ['rows', { maxRowsPerSheet: 5 }, /tới dòng 7, quá 5 dòng/],
    ['columns', { maxColumnsPerSheet: 3 }, /tới cột thứ 4, quá 3 cột/],
    ['cells', { maxCellsPerSheet: 10 }, /ô dữ liệu, quá 10 ô/],
    ['text', { maxTextChars: 50 }, /hơn 50 ký tự/],
    ['zip entries', { maxZipEntries: 3 }, /quá 3 phần/],
    ['declared total', { maxUncompressedBytes: 4096 }, /khai báo hơn 4 KB/],
    ['sheet XML', { maxSheetXmlBytes: 1024 }, /quá 1 KB/],
    ['file size', { maxFileBytes: 1000 }, /quá 1000 byte/],
  ])('%s', async (_, limits, reason) => {
    const { code, error } = await outcome('good-list.xlsx', limits);
    expect(code).toBe('SOURCE_TOO_LARGE');
    expect(String(error!.params.reason)).toMatch(reason);
  });

  it('a parse past the time limit is stopped with SOURCE_TIMEOUT, and the next file still reads', async () => {
    const { code, error } = await outcome('many-merges.xlsx', { parseTimeoutMs: 1 });
    expect(code).toBe('SOURCE_TIMEOUT');
    expect(error!.params).toEqual({ seconds: 1 });
    expect((await outcome('good-list.xlsx')).code).toBe('read');
  });

  it('a parse past the memory limit is stopped with SOURCE_TOO_LARGE', async () => {
    // A 40,000-row list read with a 20 MB heap: the worker loads (a 16 MB heap is enough to load and
    // read the other fixtures) and runs out while parsing (this list needs about 40 MB). A limit
    // below what loading needs (8 MB) stopped the worker while Node was still starting it, and once
    // ended the whole test process.
    const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-memory-'));
    try {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Danh sách');
      sheet.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Ghi chú', 'Số tiền']);
      const filler = 'Ủng hộ xây nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên, thôn xóm số ';
      for (let i = 1; i <= 40_000; i++) sheet.addRow([i, `Nguyễn Văn Người Thứ ${i}`, `${filler}${i}`.repeat(2), `${filler}${i * 7}`.repeat(2), 100_000]);
      const file = path.join(dir, 'big-text.xlsx');
      await wb.xlsx.writeFile(file);
      let code = 'read';
      let error: SourceError | undefined;
      try {
        await readSourceFile(file, 'big-text.xlsx', { parseMemoryMb: 20 });
      } catch (caught) {
        if (!(caught instanceof SourceError)) throw caught;
        code = caught.issueCode;
        error = caught;
      }
      expect(code).toBe('SOURCE_TOO_LARGE');
      expect(String(error!.params.reason)).toMatch(/20 MB bộ nhớ/);
      // With the default limit the same list reads.
      await expect(readSourceFile(file, 'big-text.xlsx')).resolves.toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await outcome('good-list.xlsx')).code).toBe('read');
  }, 120_000);

  it('READ_LIMITS are frozen defaults', () => {
    expect(Object.isFrozen(READ_LIMITS)).toBe(true);
    expect(READ_LIMITS).toMatchObject({ maxRowsPerSheet: 200_000, maxColumnsPerSheet: 500, maxCellsPerSheet: 1_000_000 });
  });
});

describe('workbooks that stall plain exceljs are read quickly', () => {
  it('20,000 merged ranges', async () => {
    const read = await readSourceFile(path.join(BROKEN, 'many-merges.xlsx'), 'many-merges.xlsx');
    const sheet = read.grid.sheets[0]!;
    expect(sheet.merges).toHaveLength(20_000);
    expect(sheet.merges[0]).toBe('A3:C3');
    expect(sheet.rows[1]!.map((c) => c?.value)).toEqual([1, 'Nguyễn Văn An', 200000]);
  });

  it('a data validation over the whole sheet', async () => {
    const read = await readSourceFile(path.join(BROKEN, 'validation-whole-sheet.xlsx'), 'validation-whole-sheet.xlsx');
    expect(read.grid.sheets[0]!.rows).toHaveLength(2);
  });

  it('merged cells keep only the top-left value, as Excel shows them', async () => {
    const read = await readSourceFile(path.join(BROKEN, 'good-list.xlsx'), 'good-list.xlsx');
    const sheet = read.grid.sheets[0]!;
    expect(sheet.merges).toEqual(['A1:D1']);
    expect(sheet.rows[0]!.map((c) => c?.value)).toEqual(['DANH SÁCH ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO']);
    expect(sheet.rows[6]![3]).toMatchObject({ value: 1_700_000, formula: 'SUM(D4:D6)' });
  });
});

describe('CSV', () => {
  it('reads a semicolon CSV with a BOM, quoted semicolons included', async () => {
    const read = await readSourceFile(path.join(BROKEN, 'semicolon-bom.csv'), 'semicolon-bom.csv');
    const rows = read.grid.sheets[0]!.rows.map((r) => r.map((c) => c?.value ?? null));
    expect(rows).toEqual([
      ['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền'],
      ['1', 'Nguyễn Văn An', 'Thôn Tiên Hội; xã An Lão', '200.000'],
      ['2', 'Trần Thị Bình', 'Thôn Đồng Xuân', '500.000'],
    ]);
  });
});

describe('.xls and .ods go through LibreOffice', () => {
  // `npm run setup` installs LibreOffice (libreoffice-calc-nogui); without it this must fail, not pass quietly.
  it('LibreOffice is installed', () => {
    expect(findSoffice()).toBeTruthy();
  });

  it.each(['good-list.xls', 'good-list.ods'])('%s reads like the .xlsx', async (name) => {
    const read = await readSourceFile(path.join(BROKEN, name), name);
    const values = read.grid.sheets[0]!.rows.slice(2, 6).map((r) => r.map((c) => c?.value ?? null));
    expect(values).toEqual([
      ['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền (đồng)'],
      [1, 'Nguyễn Văn An', 'Thôn Tiên Hội', 200_000],
      [2, 'Trần Thị Bình', 'Thôn Tiên Hội', 500_000],
      [3, 'Công ty TNHH Minh Phát', 'Thôn Đồng Xuân', 1_000_000],
    ]);
  });

  it('an .ods keeps its hidden rows and columns through the conversion', async () => {
    const read = await readSourceFile(path.join(BROKEN, 'hidden-rows.ods'), 'hidden-rows.ods');
    expect(read.grid.sheets.map((s) => [s.name, s.hiddenRows, s.hiddenColumns])).toEqual([
      ['Danh sách', [3, 5, 6], [3]],
      ['Cột ẩn', undefined, [2]],
    ]);
  });

  it('without LibreOffice an .xls is SOURCE_CONVERTER_MISSING with the install hint', async () => {
    const script = `
      const { readSourceFile } = await import(${JSON.stringify(path.join(REPO, 'src/intake/read-source.ts'))});
      try { await readSourceFile(${JSON.stringify(path.join(BROKEN, 'good-list.xls'))}, 'good-list.xls'); console.log('read'); }
      catch (e) { console.log(JSON.stringify({ code: e.issueCode, params: e.params })); }`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      env: { ...process.env, PATH: '/nonexistent', TONGHOP_SOFFICE: '' },
    });
    expect(JSON.parse(stdout.trim())).toEqual({ code: 'SOURCE_CONVERTER_MISSING', params: { extension: 'xls' } });
    expect(catalogue.SOURCE_CONVERTER_MISSING.hint).toMatch(/apt-get install libreoffice-calc/);
  });
});

describe('the parse worker starts wherever the code runs', () => {
  const readGood = (modulePath: string) => `
    const { readSourceFile } = await import(${JSON.stringify(modulePath)});
    const read = await readSourceFile(${JSON.stringify(path.join(BROKEN, 'good-list.xlsx'))}, 'good-list.xlsx');
    const bomb = await readSourceFile(${JSON.stringify(path.join(BROKEN, 'many-merges.xlsx'))}, 'x', { parseTimeoutMs: 1 }).catch((e) => e.issueCode);
    console.log(JSON.stringify([read.grid.sheets[0].rows.length, bomb]));`;

  it('from src/ under tsx (the worker registers tsx itself)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', readGood(path.join(REPO, 'src/intake/read-source.ts'))], { cwd: REPO });
    expect(JSON.parse(stdout.trim())).toEqual([7, 'SOURCE_TIMEOUT']);
  });

  // `npm test` builds dist/ before running the tests.
  const built = path.join(REPO, 'dist', 'intake', 'read-source.js');
  it('from compiled dist/ with plain node', async () => {
    expect(existsSync(path.join(REPO, 'dist', 'intake', 'xlsx', 'parse-worker.js'))).toBe(true);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', readGood(built)], { cwd: REPO });
    expect(JSON.parse(stdout.trim())).toEqual([7, 'SOURCE_TIMEOUT']);
  });
});

describe('one bad source does not stop the campaign', () => {
  it('the other unit is still read and totalled', async () => {
    const config = minimalCampaign([
      { id: 'xa-an-thang', name: 'Xã An Thắng', kind: 'commune', sources: ['good-list.xlsx'] },
      { id: 'xa-an-tien', name: 'Xã An Tiến', kind: 'commune', sources: ['truncated.xlsx'] },
      { id: 'xa-bat-trang', name: 'Xã Bát Trang', kind: 'commune', sources: ['zip-bomb.xlsx'] },
    ]);
    const { reads, unresolved } = await readSources(config, BROKEN);
    const { consolidation, issues } = analyse(config, reads, unresolved);
    const units = Object.fromEntries(consolidation.units.map((u) => [u.id, { status: u.status, amount: u.amount, donors: u.donors }]));
    expect(units).toEqual({
      'xa-an-thang': { status: 'reported', amount: 1_700_000, donors: 3 },
      'xa-an-tien': { status: 'failed', amount: 0, donors: 0 },
      'xa-bat-trang': { status: 'failed', amount: 0, donors: 0 },
    });
    expect(consolidation.totals.amount).toBe(1_700_000);
    const sourceIssues = issues.filter((i) => i.code.startsWith('SOURCE_')).map((i) => `${i.code}@${i.location.source}`);
    expect(sourceIssues).toEqual(['SOURCE_CORRUPT@truncated.xlsx', 'SOURCE_TOO_LARGE@zip-bomb.xlsx']);
    // The files are read: the parse workers' memory is let go, not held through the rest of the run.
    expect(parseWorkersAlive()).toBe(0);
    const again = await readSources(config, BROKEN);
    expect(again.reads.filter((r) => r.ok)).toHaveLength(1);
    expect(parseWorkersAlive()).toBe(0);
  });
});
