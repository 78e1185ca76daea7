import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { UsageError } from '../errors/errors.js';

const STARTER = fileURLToPath(new URL('../../templates/starter/', import.meta.url));

/** A sample donor list in the usual shape, so staff see what tonghop reads. */
async function writeSampleSubmission(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH ỦNG HỘ QUỸ “VÌ NGƯỜI NGHÈO”']);
  sheet.mergeCells('A1:G1');
  sheet.addRow([]);
  sheet.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Đối tượng', 'Số tiền (đồng)', 'Ngày nộp', 'Ghi chú']).font = { bold: true };
  sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)']);
  const rows: [string, string, string, number, string][] = [
    ['Nguyễn Văn An', 'Thôn 1', 'Nhân dân', 200000, '15/8/2025'],
    ['Trần Thị Bình', 'Thôn 1', 'CBCCVC', 350000, '16/8/2025'],
    ['Công ty TNHH Hòa Bình', 'Thôn 1', 'Doanh nghiệp', 5000000, '20/8/2025'],
  ];
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r.slice(0, 3), r[3], r[4], '']));
  const total = sheet.addRow(['', 'Tổng cộng', '', '', { formula: 'SUM(E5:E7)', result: 5550000 }]);
  total.font = { bold: true };
  // The place-date line under the list tells when the unit reported (src/review/report-date.ts).
  sheet.addRow([]);
  sheet.addRow(['', '', '', '', 'Thôn 1, ngày 28 tháng 9 năm 2025']).font = { italic: true };
  sheet.getColumn(5).numFmt = '#,##0';
  sheet.getColumn(2).width = 28;
  await workbook.xlsx.writeFile(file);
}

/** `tonghop init <dir>`: a starter campaign folder. Refuses to overwrite a non-empty folder. */
export async function initCampaign(dir: string): Promise<string[]> {
  const target = path.resolve(dir);
  await mkdir(target, { recursive: true });
  if ((await readdir(target)).length > 0) {
    throw new UsageError('INIT_FOLDER_NOT_EMPTY', { dir });
  }
  await mkdir(path.join(target, 'submissions'));
  await copyFile(path.join(STARTER, 'campaign.yaml'), path.join(target, 'campaign.yaml'));
  await writeSampleSubmission(path.join(target, 'submissions', 'mau-danh-sach.xlsx'));
  return ['campaign.yaml', 'submissions/mau-danh-sach.xlsx'];
}
