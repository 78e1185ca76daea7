/**
 * Issue 10, point 2: CSV/TXT in every encoding and separator an office produces is read right
 * through the real pipeline (campaign.yaml → readSources → analyse), and the legacy repair never
 * touches Windows-1258 text. Plus the CSV reader limits (issue 16, point 6).
 */
import { describe, expect, it } from 'vitest';
import { variants } from '../fixtures/tools/variants/encodings.js';
import { mismatches, runVariant, withVariant } from '../fixtures/tools/variant-campaign.js';
import { encodeWindows1258 } from '../fixtures/tools/text-encodings.js';
import { decodeTextTable, readCsvGrid, sniffDelimiter } from '../src/intake/csv.js';
import { parseSpreadsheet } from '../src/intake/read-source.js';
import { SourceError } from '../src/errors/errors.js';

describe('text encodings of CSV/TXT lists', () => {
  it.each(variants.map((v) => [v.id, v] as const))('%s: totals, rows and names read right', async (_, variant) => {
    const run = await runVariant(variant);
    try {
      expect(mismatches(variant, run)).toEqual([]);
      const names = run.analysis.outcomes.flatMap((o) => o.donations.map((d) => d.name));
      expect(names).toEqual(['Nguyễn Văn Hùng', 'Trần Thị Thủy', 'Phạm Quốc Việt', 'Lương Thị Thắm', 'Công ty TNHH Hòa Bình']);
      expect(run.analysis.outcomes.flatMap((o) => o.donations.map((d) => d.address))[0]).toBe('Thôn Trung, xã Bát Trang');
    } finally {
      run.cleanup();
    }
  });

  it('Windows-1258 is decoded as such (not "repaired" as TCVN3), composed to NFC', () => {
    const { text, encoding } = decodeTextTable(encodeWindows1258('Họ và tên;Số tiền\r\nNguyễn Thị Ánh Tuyết;1.500.000\r\n'));
    expect(encoding).toBe('windows-1258');
    expect(text).toContain('Nguyễn Thị Ánh Tuyết');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('the separator is the one that splits lines consistently, not the comma inside an address', () => {
    expect(sniffDelimiter('DANH SÁCH;;\nHọ và tên;Địa chỉ;Số tiền\nAn;Thôn 1, xã A;100.000\nBình;Thôn 2, xã A;200.000\n')).toBe(';');
    expect(sniffDelimiter('Họ và tên\tSố tiền\nAn\t100000\n')).toBe('\t');
    expect(sniffDelimiter('Họ và tên,Số tiền\nAn,"100,000"\n')).toBe(',');
    // Excel's "sep=" directive wins and is not read as a row.
    const grid = readCsvGrid(Buffer.from('sep=;\nHọ và tên;Số tiền\nAn;100,5\n'), 's');
    expect(grid.sheets[0]!.rows.slice(0, 2).map((r) => r.map((c) => c?.value))).toEqual([['Họ và tên', 'Số tiền'], ['An', '100,5']]);
  });
});

describe('CSV reader limits', () => {
  const rejected = async (bytes: Buffer, limits: Parameters<typeof parseSpreadsheet>[2]) => {
    const error = await parseSpreadsheet(bytes, 'x.csv', limits).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  };

  it('too many rows, before parsing: SOURCE_TOO_LARGE naming the limit', async () => {
    const error = await rejected(Buffer.from('Họ và tên,Số tiền\n' + 'An,100\n'.repeat(5000)), { maxRowsPerSheet: 1000 });
    expect(error.issueCode).toBe('SOURCE_TOO_LARGE');
    expect(String(error.params.reason)).toMatch(/5002 dòng, quá 1000 dòng/);
  });

  it('too many cells, columns, or one cell too long', async () => {
    const cells = await rejected(Buffer.from('a,b,c,d\n'.repeat(100)), { maxCellsPerSheet: 50 });
    expect(String(cells.params.reason)).toMatch(/quá 50 ô/);
    const columns = await rejected(Buffer.from(`${'x,'.repeat(30)}x\n`), { maxColumnsPerSheet: 20 });
    expect(String(columns.params.reason)).toMatch(/tới cột 31, quá 20 cột/);
    const long = await rejected(Buffer.from(`Họ và tên,Số tiền\n${'A'.repeat(40_000)},100\n`), {});
    expect(String(long.params.reason)).toMatch(/dài 40000 ký tự, quá 32767 ký tự/);
  });

  it('within the limits a list is read whole', () => {
    const grid = readCsvGrid(Buffer.from('Họ và tên,Số tiền\n' + 'An,100\n'.repeat(999)), 'x', { maxRowsPerSheet: 1001 });
    expect(grid.sheets[0]!.rows.filter((r) => r.some((c) => c !== null))).toHaveLength(1000);
  });
});
