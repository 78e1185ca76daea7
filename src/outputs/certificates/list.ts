/**
 * danh-sach.csv and danh-sach.xlsx: every certificate of the campaign as it stands after a run, with
 * the file that holds it (always in this run's folder), and the donors held until staff decide a
 * suspected pair. The same rows in both files; the CSV for scripts, the workbook for the office.
 */
import { csvDocument } from '../../format/csv.js';
import ExcelJS from 'exceljs';
import type { CertificatesConfig } from '../../model/config.js';
import type { DroppedCertificate, IssuedCertificate } from '../../store/certificates.js';
import type { HeldCertificate } from './hold.js';
import { formatCertificateNumber } from './view.js';

const LIST_HEADER = ['Số', 'Người nhận', 'Đơn vị', 'Số tiền (đồng)', 'Tình trạng', 'Thay thế số', 'Tệp', 'Nguồn', 'Ghi chú'] as const;

type ListCell = string | number;

const STATUS_LABELS: Record<IssuedCertificate['status'] | 'dropped' | 'held', string> = {
  new: 'Cấp mới',
  replacement: 'Cấp thay thế',
  unchanged: 'Đã cấp, không đổi',
  dropped: 'Đã cấp, không còn trong danh sách',
  held: 'Chờ xác nhận',
};

type ListInput = {
  settings: CertificatesConfig;
  issued: readonly IssuedCertificate[];
  dropped: readonly DroppedCertificate[];
  held: readonly HeldCertificate[];
  unitNames: ReadonlyMap<string, string>;
  /** File name of an issued certificate in this run's folder. */
  fileOf: (c: IssuedCertificate) => string | undefined;
  /** Numbers printed by this run. */
  printed: ReadonlySet<number>;
};

const sourceText = (s: { path: string; sheet: string; row: number }): string => `${s.path} / ${s.sheet} / dòng ${s.row}`;

/** The rows of the list (without the header), issued in run order, then dropped, then held. */
export function certificateListRows(input: ListInput): ListCell[][] {
  const { settings } = input;
  const rows: ListCell[][] = [];
  for (const c of input.issued) {
    const status = input.printed.has(c.number) && c.status === 'unchanged' ? 'In lại' : STATUS_LABELS[c.status];
    rows.push([
      formatCertificateNumber(settings, c.number),
      c.recipient,
      c.unitName,
      c.amount,
      status,
      c.replaces !== undefined ? formatCertificateNumber(settings, c.replaces) : '',
      input.fileOf(c) ?? '',
      c.source ? sourceText(c.source) : 'Tổng số vận động của đơn vị',
      '',
    ]);
  }
  const heldKeys = new Set(input.held.map((h) => h.donorKey));
  for (const d of input.dropped) {
    if (heldKeys.has(d.donorKey)) continue;
    rows.push([formatCertificateNumber(settings, d.number), d.recipient, input.unitNames.get(d.unitId) ?? d.unitId, d.amount, STATUS_LABELS.dropped, '', '', '', '']);
  }
  const numberOf = new Map(input.dropped.map((d) => [d.donorKey, d.number]));
  for (const h of input.held) {
    const earlier = numberOf.get(h.donorKey);
    const others = h.pairs.map((p) => `${p.kind === 'duplicate' ? 'nghi ghi hai lần' : 'nghi trùng'} với ${sourceText({ path: p.other.source, sheet: p.other.sheet, row: p.other.row })} (cặp ${p.pair})`);
    rows.push([
      earlier !== undefined ? formatCertificateNumber(settings, earlier) : '',
      h.recipient,
      h.unitName,
      h.amount,
      STATUS_LABELS.held,
      '',
      '',
      h.source ? sourceText(h.source) : '',
      `${others.join('; ')}. Cấp sau khi ghi quyết định vào decisions.yaml.`,
    ]);
  }
  return rows;
}

/** danh-sach.csv (UTF-8 BOM for Excel). */
export function certificateListCsv(rows: readonly ListCell[][]): string {
  return csvDocument([[...LIST_HEADER], ...rows]);
}

/** danh-sach.xlsx: the same rows, amounts as numbers, header frozen and filterable. */
export async function certificateListXlsx(rows: readonly ListCell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...LIST_HEADER]).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  const widths = [12, 34, 24, 16, 22, 12, 40, 44, 60];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(4).numFmt = '#,##0';
  ws.autoFilter = { from: 'A1', to: `I${rows.length + 1}` };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
