import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildAliasTable } from '../src/extract/columns.js';
import { extractDonations } from '../src/extract/extract.js';
import { issueHint, issueMessage } from '../src/format/issue-messages.js';
import { READ_LIMITS } from '../src/intake/read-limits.js';
import { readXlsxPackageExceljs } from '../src/intake/xlsx/xlsx-package.js';
import { brief, FIXTURES, intakeFile, issueCodes } from './helpers/intake.js';

describe('each real-world shape is read to the right records', () => {
  it('title rows, column numbers, a gap, group headings, subtotals, a SUM total and signatures', async () => {
    const x = await intakeFile('intake/title-rows.xlsx');
    expect(brief(x)).toEqual([
      'Nguyễn Văn An|200000|unstated|Danh sách!D8',
      'Trần Thị Bình|300000|unstated|Danh sách!D9',
      'Tống Văn Hùng|1000000|unstated|Danh sách!D13',
      'Công ty TNHH Minh Phát|15000000|unstated|Danh sách!D14',
    ]);
    // Subtotals and the total agree with the rows, so nothing to report; signatures are not donors.
    expect(issueCodes(x)).toEqual([]);
    expect(x.donations.map((d) => [d.address, d.date])).toEqual([
      ['Thôn Tiên Hội', '2023-08-15'],
      ['Thôn Tiên Hội', '2023-08-16'],
      ['Thôn Đồng Xuân', '2023-08-20'],
      ['Thôn Đồng Xuân', '2023-08-21'],
    ]);
    expect(x.donations[0]!.provenance).toMatchObject({
      source: 'intake/title-rows.xlsx',
      sheet: 'Danh sách',
      row: 8,
      cells: { name: 'B8', amount: 'D8', address: 'C8', date: 'E8' },
    });
    expect(x.donations[0]!.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(x.sheets[0]).toMatchObject({ headerRows: [5, 5], donors: 4, amount: 16_500_000 });
  });

  it('a three-row merged header with pledged and paid columns splits money by stage', async () => {
    const x = await intakeFile('intake/merged-header.xlsx');
    expect(x.sheets[0]).toMatchObject({ headerRows: [3, 5], columns: { stt: 'A', name: 'B', address: 'C', amount: 'D', note: 'F' } });
    expect(brief(x)).toEqual([
      'Lê Văn Cường|500000|paid|Sheet1!E6',
      'Hoàng Thị Dung|400000|paid|Sheet1!E7',
      'Hoàng Thị Dung|600000|pledged|Sheet1!D7',
      'Đỗ Văn Em|200000|pledged|Sheet1!D8',
    ]);
    // Three donors (rows), 1.700.000 promised in all.
    expect(x.sheets[0]).toMatchObject({ donors: 3, amount: 1_700_000 });
  });

  it('headers without diacritics; amounts and dates typed as text; guesses refused', async () => {
    const x = await intakeFile('intake/no-diacritics.xlsx');
    expect(brief(x)).toEqual([
      'Nguyen Van Phuc|1500000|unstated|DS!D3',
      'Tran Thi Giang|200000|unstated|DS!D4',
      'Pham Van Hai|2000000|unstated|DS!D5',
      'Vu Thi Hoa|1500000|unstated|DS!D6',
      'Bui Van Khoa|500000|unstated|DS!D7',
    ]);
    expect(x.donations.map((d) => d.date)).toEqual(['2023-08-15', '2023-08-15', '2023-08-20', '2023-08-20', undefined]);
    expect(issueCodes(x)).toEqual(['DATE_INVALID@DS!E7', 'AMOUNT_AMBIGUOUS@DS!D8', 'AMOUNT_AMBIGUOUS@DS!D9']);
    expect(x.issues[1]!.params).toEqual({ value: '1.5' });
  });

  it('a missing required column names the columns that were seen; config aliases fix it', async () => {
    const plain = await intakeFile('intake/custom-aliases.xlsx');
    expect(issueCodes(plain)).toEqual(['COLUMN_MISSING@Đóng góp!1', 'COLUMN_MISSING@Đóng góp!1']);
    expect(plain.issues[0]!.params.seen).toBe('A: "TT", B: "Người đóng góp", C: "Chi hội", D: "Mức đóng góp"');
    const withAliases = await intakeFile('intake/custom-aliases.xlsx', {
      aliases: { name: ['Người đóng góp'], amount: ['Mức đóng góp'] },
    });
    expect(brief(withAliases)).toEqual(['Nguyễn Thị Mai|100000|unstated|Đóng góp!D2', 'Lý Văn Nam|150000|unstated|Đóng góp!D3']);
    expect(withAliases.issues).toEqual([]);
  });

  it('one sheet per hamlet: the summary sheet and the hidden old list are not counted', async () => {
    const x = await intakeFile('intake/multi-sheet.xlsx');
    expect(brief(x)).toEqual([
      'Phạm Văn Oanh|100000|unstated|Thôn Tiên Hội!C2',
      'Nguyễn Thị Phương|250000|unstated|Thôn Tiên Hội!C3',
      'Trần Văn Quang|300000|unstated|Thôn Đồng Xuân!C2',
    ]);
    expect(issueCodes(x)).toEqual(['SHEET_NO_HEADER@Hướng dẫn!', 'SHEET_SUMMARY_SKIPPED@Tổng hợp!1', 'SHEET_HIDDEN_SKIPPED@Danh sách cũ!']);
    expect(x.issues.map((i) => i.severity)).toEqual(['info', 'info', 'warning']);
  });

  it('hidden rows are counted, as SUM counts them, each with ROW_HIDDEN at its amount cell; a hidden money column gets COLUMN_HIDDEN', async () => {
    const x = await intakeFile('intake/hidden-rows.xlsx');
    // Row 4 hidden by hand, rows 6-7 folded into a collapsed group: all counted, and the SUM total agrees.
    expect(x.sheets.map((s) => [s.sheet, s.donors, s.amount])).toEqual([['Danh sách', 6, 1_500_000], ['Cột ẩn', 2, 1_000_000]]);
    expect(brief(x)).toContain('Lê Văn Cảnh|500000|unstated|Danh sách!C4');
    // The hidden note column, the hidden empty row and the columns past the list say nothing.
    expect(issueCodes(x)).toEqual(['ROW_HIDDEN@Danh sách!C4', 'ROW_HIDDEN@Danh sách!C6', 'ROW_HIDDEN@Danh sách!C7', 'COLUMN_HIDDEN@Cột ẩn!C1']);
    const [row] = x.issues;
    expect(row).toMatchObject({ severity: 'warning', location: { sheet: 'Danh sách', row: 4, column: 'C', cell: 'C4' }, params: { row: 4, name: 'Lê Văn Cảnh', amount: 500_000 } });
    expect(issueMessage(row!)).toBe('Dòng 4 ("Lê Văn Cảnh", 500.000 đồng) đang bị ẩn trong Excel nhưng vẫn được cộng vào tổng.');
    expect(issueHint(row!)).toBe('Dòng này đang bị ẩn trong Excel nhưng vẫn được cộng vào tổng; nếu khoản này đã hủy, hãy xóa dòng hoặc ghi rõ ở cột ghi chú.');
    expect(issueMessage(x.issues[3]!)).toBe('Cột số tiền "Số tiền" (cột C) của trang "Cột ẩn" đang bị ẩn trong Excel nhưng 2 khoản trong cột, 1.000.000 đồng, vẫn được cộng vào tổng.');

    // The exceljs fallback reader records the same hidden rows and columns, so extraction says the same.
    const bytes = readFileSync(path.join(FIXTURES, 'intake/hidden-rows.xlsx'));
    const grid = await readXlsxPackageExceljs(bytes, READ_LIMITS);
    expect(grid.sheets.map((s) => [s.hiddenRows, s.hiddenColumns])).toEqual([[[3, 5, 6], [3]], [undefined, [2]]]);
    const viaExceljs = extractDonations(grid, { unitId: 'u', unitKind: 'commune', source: 'intake/hidden-rows.xlsx', sha256: '' }, buildAliasTable({}));
    expect(viaExceljs.issues).toEqual(x.issues);
    expect(viaExceljs.donations.length).toBe(x.donations.length);
  });

  it('formulas, error values, rich text, categories, statuses and a wrong typed total', async () => {
    const x = await intakeFile('intake/cell-values.xlsx');
    // "Chưa rõ" in the status column states that the status is not known: no guess, no warning.
    expect(brief(x)).toEqual([
      'Nguyễn Văn Sơn|300000|paid|Danh sách!E2',
      'Đinh Thị Vân|500000|collected|Danh sách!E5',
      'Phan Văn Xuân|50000|collected|Danh sách!E6',
      'Mai Thị Yến|70000|unstated|Danh sách!E7',
    ]);
    expect(x.donations.map((d) => d.category)).toEqual(['cbccvc', 'philanthropist', 'other', 'armed-forces']);
    expect(issueCodes(x)).toEqual([
      'FORMULA_NO_VALUE@Danh sách!E3',
      'CELL_ERROR_VALUE@Danh sách!E4',
      'CATEGORY_UNKNOWN@Danh sách!C6',
      'AMOUNT_NEGATIVE@Danh sách!E8',
      'AMOUNT_ZERO@Danh sách!E9',
      'NAME_MISSING@Danh sách!B10',
      'AMOUNT_MISSING@Danh sách!E11',
      'TOTAL_MISMATCH@Danh sách!E12',
    ]);
    // Both numbers are shown: what the sheet says and what its rows add up to.
    expect(x.issues.at(-1)!.params).toMatchObject({ stated: 1_000_000, computed: 920_000, difference: 80_000 });
  });

  it('the 1904 date system', async () => {
    const x = await intakeFile('intake/date-1904.xlsx');
    expect(x.donations.map((d) => d.date)).toEqual(['2023-08-15']);
  });

  it('TCVN3 and VNI text is repaired to Unicode and reported', async () => {
    const x = await intakeFile('intake/legacy-encodings.xlsx');
    expect(brief(x)).toEqual([
      'Nguyễn Văn Mường|100000|unstated|TCVN3!D4',
      'Trần Thị Điệp|200000|unstated|TCVN3!D5',
      'Lê Thị Hường|300000|unstated|VNI!C2',
      'Phạm Văn Được|400000|unstated|VNI!C3',
    ]);
    expect(x.donations[0]!.address).toBe('Thôn Đông');
    expect(issueCodes(x)).toEqual(['LEGACY_ENCODING_REPAIRED@TCVN3!A1', 'LEGACY_ENCODING_REPAIRED@VNI!B1']);
    expect(x.issues[0]!.params).toMatchObject({ encoding: 'TCVN3 (ABC)', count: 8, after: 'DANH SÁCH ỦNG HỘ' });
  });

  it('a repeated header inside the sheet is skipped; a configured range reads only its table', async () => {
    const whole = await intakeFile('intake/range-override.xlsx');
    expect(brief(whole).map((b) => b.split('|')[0])).toEqual(['Danh sách đợt 1', 'Hà Văn Đức', 'Kiều Thị Gấm']);
    const ranged = await intakeFile('intake/range-override.xlsx', { range: 'A5:C7' });
    expect(brief(ranged)).toEqual(['Hà Văn Đức|120000|unstated|Báo cáo!C6', 'Kiều Thị Gấm|130000|unstated|Báo cáo!C7']);
    const missingSheet = await intakeFile('intake/range-override.xlsx', { sheet: 'Không có' });
    expect(issueCodes(missingSheet)).toEqual(['SHEET_NOT_FOUND@!']);
  });

  it('a CSV with a BOM, semicolons and quoted fields', async () => {
    const x = await intakeFile('intake/semicolon-bom.csv');
    expect(brief(x)).toEqual([
      'Nguyễn Văn Hậu|1000000|unstated|semicolon-bom!D2',
      'Trần Thị Ích; Thôn 2|250000|unstated|semicolon-bom!D3',
    ]);
    expect(x.issues).toEqual([]);
  });

  it('aggregate rows (an agency per line: headcount, participants, amount) keep their counts', async () => {
    const x = await intakeFile('an-lao-2023/submissions/ldld-huyen.xlsx', {
      kind: 'organisation',
      sheet: 'Danh sách CĐCS',
      aliases: { name: ['Tên cơ quan, đơn vị'] },
    });
    expect(x.sheets[0]!.columns).toMatchObject({ name: 'B', headcount: 'C', participants: 'D', amount: 'E' });
    expect(x.donations[0]).toMatchObject({ name: 'Trường THCS Thị trấn An Lão', amount: 16_900_000, headcount: 65, participants: 65 });
    expect(x.donations[0]!.provenance.cells).toMatchObject({ headcount: 'C10', participants: 'D10' });
    expect(x.donations.every((d) => d.headcount !== undefined && d.participants !== undefined)).toBe(true);
  });
});
