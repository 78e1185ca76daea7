/**
 * Writes fixtures/intake/: one small workbook per real-world shape the reader must handle.
 * Deterministic; run with `npm run fixtures:intake`. Expected records live in test/intake-shapes.test.ts.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLegacy } from '../src/extract/legacy-encoding.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'intake');
mkdirSync(OUT, { recursive: true });

// Fixed creation dates keep regenerated files byte-stable in content.
function book(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tonghop fixtures';
  wb.created = new Date(Date.UTC(2023, 9, 1));
  wb.modified = new Date(Date.UTC(2023, 9, 1));
  return wb;
}

async function save(wb: ExcelJS.Workbook, name: string): Promise<void> {
  await wb.xlsx.writeFile(path.join(OUT, name));
}

/** Title rows, column-number row, blank row in the middle, group headings, subtotals, SUM total, signatures. */
async function titleRows(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Danh sách');
  ws.getCell('A1').value = 'ỦY BAN MTTQ VIỆT NAM XÃ BÁT TRANG';
  ws.getCell('A2').value = 'DANH SÁCH ỦNG HỘ XÂY NHÀ ĐẠI ĐOÀN KẾT TỈNH ĐIỆN BIÊN';
  ws.mergeCells('A2:F2');
  ws.getCell('A3').value = '(Kèm theo Kế hoạch số 50/KH-MTTQ-BTT)';
  ws.getRow(5).values = ['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền (đồng)', 'Ngày nộp', 'Ghi chú'];
  ws.getRow(6).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'];
  ws.getRow(7).values = ['I. Thôn Tiên Hội'];
  ws.getRow(8).values = [1, 'Nguyễn Văn An', 'Thôn Tiên Hội', 200000, new Date(Date.UTC(2023, 7, 15)), ''];
  ws.getRow(9).values = [2, 'Trần Thị Bình', 'Thôn Tiên Hội', 300000, new Date(Date.UTC(2023, 7, 16)), ''];
  ws.getRow(10).values = ['', 'Cộng', '', { formula: 'SUM(D8:D9)', result: 500000 }];
  // Row 11 left blank on purpose (a gap in the middle of the list).
  ws.getRow(12).values = ['II. Thôn Đồng Xuân'];
  ws.getRow(13).values = [3, 'Tống Văn Hùng', 'Thôn Đồng Xuân', 1000000, new Date(Date.UTC(2023, 7, 20)), 'Họ Tống, không phải dòng tổng'];
  ws.getRow(14).values = [4, 'Công ty TNHH Minh Phát', 'Thôn Đồng Xuân', 15000000, new Date(Date.UTC(2023, 7, 21)), ''];
  ws.getRow(15).values = ['', 'Cộng', '', { formula: 'SUM(D13:D14)', result: 16000000 }];
  ws.getRow(16).values = ['', 'Tổng cộng', '', { formula: 'D10+D15', result: 16500000 }];
  ws.getRow(18).values = ['', 'Người lập biểu', '', 'TM. BAN THƯỜNG TRỰC'];
  ws.getRow(19).values = ['', '(Ký, ghi rõ họ tên)', '', 'CHỦ TỊCH'];
  ws.getRow(22).values = ['', 'Phạm Thị Thu', '', 'Vũ Văn Mạnh'];
  ws.getColumn(4).numFmt = '#,##0';
  ws.getColumn(5).numFmt = 'dd/mm/yyyy';
  await save(wb, 'title-rows.xlsx');
}

/** A three-row header built from merged cells; two amount columns naming money stages. */
async function mergedHeader(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = 'DANH SÁCH ỦNG HỘ';
  ws.mergeCells('A1:F1');
  ws.getCell('A3').value = 'STT';
  ws.mergeCells('A3:A5');
  ws.getCell('B3').value = 'Thông tin người ủng hộ';
  ws.mergeCells('B3:C3');
  ws.getCell('B4').value = 'Họ và tên';
  ws.mergeCells('B4:B5');
  ws.getCell('C4').value = 'Địa chỉ';
  ws.mergeCells('C4:C5');
  ws.getCell('D3').value = 'Số tiền ủng hộ (đồng)';
  ws.mergeCells('D3:E3');
  ws.getCell('D4').value = 'Trong đó';
  ws.mergeCells('D4:E4');
  ws.getCell('D5').value = 'Đăng ký';
  ws.getCell('E5').value = 'Đã nộp';
  ws.getCell('F3').value = 'Ghi chú';
  ws.mergeCells('F3:F5');
  ws.getRow(6).values = [1, 'Lê Văn Cường', 'Thôn 1', 500000, 500000];
  ws.getRow(7).values = [2, 'Hoàng Thị Dung', 'Thôn 2', 1000000, 400000];
  ws.getRow(8).values = [3, 'Đỗ Văn Em', 'Thôn 3', 200000, null];
  await save(wb, 'merged-header.xlsx');
}

/** Headers without diacritics, odd spacing and line breaks; amounts and dates typed as text. */
async function noDiacritics(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('DS');
  ws.getRow(2).values = ['stt', 'HO  VA\nTEN', ' Dia chi ', 'So tien\n(dong)', 'NGAY NOP'];
  ws.getRow(3).values = ['1', 'Nguyen Van Phuc', 'Thon 3', '1.500.000', '15/8/2023'];
  ws.getRow(4).values = ['2', 'Tran Thi Giang', 'Thon 3', '200.000đ', '15-08-2023'];
  ws.getRow(5).values = ['3', 'Pham Van Hai', 'Thon 4', '2,000,000', 45158];
  ws.getRow(6).values = ['4', 'Vu Thi Hoa', 'Thon 4', '1,5 triệu', '2023-08-20'];
  ws.getRow(7).values = ['5', 'Bui Van Khoa', 'Thon 5', '500.000 đ', '32/8/2023'];
  ws.getRow(8).values = ['6', 'Dang Thi Lan', 'Thon 5', '1.5', ''];
  ws.getRow(9).values = ['7', 'Ngo Van Minh', 'Thon 5', 'hai trăm nghìn', ''];
  ws.getRow(10).values = ['', 'TONG CONG', '', '5.700.000'];
  await save(wb, 'no-diacritics.xlsx');
}

/** Columns named in a campaign's own words, found only through config aliases. */
async function customAliases(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Đóng góp');
  ws.getRow(1).values = ['TT', 'Người đóng góp', 'Chi hội', 'Mức đóng góp'];
  ws.getRow(2).values = [1, 'Nguyễn Thị Mai', 'Chi hội 1', 100000];
  ws.getRow(3).values = [2, 'Lý Văn Nam', 'Chi hội 2', 150000];
  await save(wb, 'custom-aliases.xlsx');
}

/** One sheet per hamlet, a summary sheet, a hidden old list and an instructions sheet. */
async function multiSheet(): Promise<void> {
  const wb = book();
  const hamlets: [string, [string, number][]][] = [
    ['Thôn Tiên Hội', [['Phạm Văn Oanh', 100000], ['Nguyễn Thị Phương', 250000]]],
    ['Thôn Đồng Xuân', [['Trần Văn Quang', 300000]]],
  ];
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.getCell('A1').value = 'Ghi mỗi người một dòng; số tiền ghi bằng số.';
  for (const [name, donors] of hamlets) {
    const ws = wb.addWorksheet(name);
    ws.getRow(1).values = ['STT', 'Họ tên', 'Số tiền'];
    donors.forEach(([n, a], i) => (ws.getRow(i + 2).values = [i + 1, n, a]));
  }
  const summary = wb.addWorksheet('Tổng hợp');
  summary.getRow(1).values = ['STT', 'Thôn', 'Số tiền'];
  summary.getRow(2).values = [1, 'Thôn Tiên Hội', 350000];
  summary.getRow(3).values = [2, 'Thôn Đồng Xuân', 300000];
  summary.getRow(4).values = ['', 'Tổng cộng', 650000];
  const old = wb.addWorksheet('Danh sách cũ', { state: 'hidden' });
  old.getRow(1).values = ['STT', 'Họ và tên', 'Số tiền'];
  old.getRow(2).values = [1, 'Người năm ngoái', 999000];
  await save(wb, 'multi-sheet.xlsx');
}

/** Formulas, errors, rich text, totals typed wrong, categories and money status. */
async function cellValues(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Danh sách');
  ws.getRow(1).values = ['STT', 'Họ và tên', 'Đối tượng', 'Tình trạng', 'Số tiền', 'Ngày nộp'];
  ws.getRow(2).values = [1, { richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Văn Sơn' }] }, 'CBCCVC', 'Đã nộp', { formula: '100000*3', result: 300000 }, new Date(Date.UTC(2023, 8, 1))];
  ws.getRow(3).values = [2, 'Trần Thị Tâm', 'Doanh nghiệp', 'Đăng ký', { formula: '10000000+0' }, null];
  ws.getRow(4).values = [3, 'Lê Văn Út', 'Kiều bào', 'Đã chuyển', { error: '#REF!' }, null];
  ws.getRow(5).values = [4, 'Đinh Thị Vân', 'Nhà hảo tâm', 'Đã thu', 500000, null];
  ws.getRow(6).values = [5, 'Phan Văn Xuân', 'Học sinh', 'Đã thu', 50000, null];
  ws.getRow(7).values = [6, 'Mai Thị Yến', 'LLVT', 'Chưa rõ', 70000, null];
  ws.getRow(8).values = [7, 'Hồ Văn Á', 'Nhân dân', '', -20000, null];
  ws.getRow(9).values = [8, 'Cao Thị Bé', 'Nhân dân', '', 0, null];
  ws.getRow(10).values = [9, '', 'Nhân dân', '', 40000, null];
  ws.getRow(11).values = [10, 'Tạ Văn Chung', 'Nhân dân', '', null, null];
  ws.getRow(12).values = ['', 'Tổng cộng', '', '', 1000000];
  await save(wb, 'cell-values.xlsx');
}

/** An old Mac workbook in the 1904 date system: serial 0 is 1904-01-01. */
async function date1904(): Promise<void> {
  const wb = book();
  (wb.properties as unknown as { date1904: boolean }).date1904 = true;
  const ws = wb.addWorksheet('DS');
  ws.getRow(1).values = ['Họ và tên', 'Số tiền', 'Ngày nộp'];
  ws.getRow(2).values = ['Nguyễn Văn Dũng', 100000, 43691]; // 1904 system: 2023-08-15 (1900 system: 45153)
  ws.getCell('C2').numFmt = 'dd/mm/yyyy';
  await save(wb, 'date-1904.xlsx');
}

/** Text typed with TCVN3 (.VnTime, .VnTimeH) and VNI-Windows fonts. */
async function legacyEncodings(): Promise<void> {
  const wb = book();
  const t = wb.addWorksheet('TCVN3');
  const tcvn = (text: string) => encodeLegacy(text, 'tcvn3');
  t.getCell('A1').value = tcvn('danh sách ủng hộ');
  t.getCell('A1').font = { name: '.VnTimeH' };
  t.getRow(3).values = ['STT', tcvn('Họ và tên'), tcvn('Địa chỉ'), tcvn('Số tiền')];
  t.getRow(4).values = [1, tcvn('Nguyễn Văn Mường'), tcvn('Thôn Đông'), 100000];
  t.getRow(5).values = [2, tcvn('Trần Thị Điệp'), tcvn('Thôn Đoài'), 200000];
  for (const addr of ['B3', 'C3', 'D3', 'B4', 'C4', 'B5', 'C5']) t.getCell(addr).font = { name: '.VnTime' };
  const v = wb.addWorksheet('VNI');
  const vni = (text: string) => encodeLegacy(text, 'vni');
  v.getRow(1).values = ['STT', vni('Họ và tên'), vni('Số tiền')];
  v.getRow(2).values = [1, vni('Lê Thị Hường'), 300000];
  v.getRow(3).values = [2, vni('Phạm Văn Được'), 400000];
  for (const addr of ['B1', 'C1', 'B2', 'B3']) v.getCell(addr).font = { name: 'VNI-Times' };
  await save(wb, 'legacy-encodings.xlsx');
}

/** Two tables on one sheet: the config's range picks the right one. */
async function rangeOverride(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Báo cáo');
  ws.getRow(1).values = ['STT', 'Họ và tên', 'Số tiền'];
  ws.getRow(2).values = [1, 'Danh sách đợt 1', 111000];
  ws.getRow(5).values = ['STT', 'Họ và tên', 'Số tiền'];
  ws.getRow(6).values = [1, 'Hà Văn Đức', 120000];
  ws.getRow(7).values = [2, 'Kiều Thị Gấm', 130000];
  await save(wb, 'range-override.xlsx');
}

/** Hidden rows (one hand-hidden, two folded into a collapsed group) and hidden columns (a note column, the money column). */
async function hiddenRows(): Promise<void> {
  const wb = book();
  const ws = wb.addWorksheet('Danh sách');
  ws.getRow(1).values = ['STT', 'Họ và tên', 'Số tiền', 'Ghi chú'];
  ws.getRow(2).values = [1, 'Nguyễn Văn An', 200000, ''];
  ws.getRow(3).values = [2, 'Trần Thị Bình', 300000, ''];
  ws.getRow(4).values = [3, 'Lê Văn Cảnh', 500000, 'đã hủy'];
  ws.getRow(4).hidden = true;
  ws.getRow(5).values = [4, 'Phạm Thị Dung', 100000, ''];
  ws.getRow(6).values = [5, 'Hoàng Văn Em', 150000, ''];
  ws.getRow(7).values = [6, 'Đỗ Thị Gấm', 250000, ''];
  for (const r of [6, 7]) {
    ws.getRow(r).outlineLevel = 1;
    ws.getRow(r).hidden = true;
  }
  ws.getRow(8).values = ['', 'Tổng cộng', { formula: 'SUM(C2:C7)', result: 1500000 }];
  // A hidden empty row, a hidden note column and every column past the list hidden: no warning.
  ws.getRow(10).hidden = true;
  ws.getColumn(4).hidden = true;
  for (let c = 6; c <= 30; c++) ws.getColumn(c).hidden = true;

  const money = wb.addWorksheet('Cột ẩn');
  money.getRow(1).values = ['STT', 'Họ và tên', 'Số tiền'];
  money.getRow(2).values = [1, 'Vũ Văn Hải', 400000];
  money.getRow(3).values = [2, 'Bùi Thị Lan', 600000];
  money.getColumn(3).hidden = true;
  await save(wb, 'hidden-rows.xlsx');
}

function csvFiles(): void {
  const rows = [
    'STT;Họ và tên;Địa chỉ;Số tiền (đồng)',
    '1;Nguyễn Văn Hậu;Thôn 1;"1.000.000"',
    '2;"Trần Thị Ích; Thôn 2";Thôn 2;250.000',
    ';Tổng cộng;;1.250.000',
  ];
  writeFileSync(path.join(OUT, 'semicolon-bom.csv'), '\uFEFF' + rows.join('\r\n') + '\r\n');
}

await titleRows();
await mergedHeader();
await noDiacritics();
await customAliases();
await multiSheet();
await cellValues();
await date1904();
await legacyEncodings();
await rangeOverride();
await hiddenRows();
csvFiles();
console.log(`Đã tạo các tệp mẫu trong ${OUT}`);
