/**
 * make-chasing-fixtures.ts: writes `fixtures/chasing/`, a small campaign for the submission checks
 * (who is late or missing, duplicates and overlaps, outliers, participation, feedback to submitters).
 *
 *   node --import tsx scripts/make-chasing-fixtures.ts
 *
 * Units (deadline "trước ngày 05/10/2023", counted inclusive):
 *   xa-hoa-binh  on time (dated 03/10 in the sheet); one member listed twice (DUPLICATE_SUSPECTED),
 *                300.000 typed as 30.000.000 (AMOUNT_OUTLIER), "Trần Thị Hoa" also on the Women's Union list
 *   xa-an-binh   late 4 days (dated 09/10 in the sheet); its own "Nguyễn Văn An" 200.000 in another hamlet
 *   xa-tan-phu   late 2 days (CSV without a date; received 07/10 per the config); an amount in words
 *   hoi-phu-nu   on the deadline day (05/10 in the sheet): on time; "Bà Trần Thị Hoa, Xã Hòa Bình" (OVERLAP_SUSPECTED)
 *   ldld-huyen   aggregate rows (headcount, participants); one row with more participants than staff
 *   hoi-nong-dan a file that is not a workbook (failed)
 *   huyen-doan   nothing configured (missing)
 * "Nguyễn Văn An" gives 200.000 in three communes, each in its own hamlet: never a pair.
 * expected.json holds the ground truth the tests compare against.
 */
import ExcelJS from 'exceljs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.join(ROOT, 'fixtures', 'chasing');
const FIXED_TIME = new Date(Date.UTC(2023, 9, 2, 8, 0, 0));

type Row = { name: string; address: string; amount: number | string; note?: string };
type AggregateRow = { name: string; headcount: number; participants: number; amount: number };

/** Pins every zip entry's DOS date/time so regenerating gives identical bytes. */
function pinZipTimestamps(buf: Buffer): Buffer {
  const DOS_TIME = 8 << 11;
  const DOS_DATE = ((2023 - 1980) << 9) | (10 << 5) | 2;
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    buf.writeUInt16LE(DOS_TIME, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    buf.writeUInt16LE(DOS_TIME, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

async function save(rel: string, bytes: Buffer | string): Promise<void> {
  const abs = path.join(DIR, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
}

function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MTTQ';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  return wb;
}

async function saveWorkbook(wb: ExcelJS.Workbook, rel: string): Promise<void> {
  await save(rel, pinZipTimestamps(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer)));
}

const HEADER_ROW = 4;

/** A donor list: title, header on row 4, donors from row 5, total, place-date line. Returns cells by donor index. */
function donorList(wb: ExcelJS.Workbook, sheet: string, title: string, rows: readonly Row[], placeDate: string): { name: string[]; amount: string[] } {
  const ws = wb.addWorksheet(sheet);
  ws.getCell('A1').value = 'ỦY BAN MTTQ VIỆT NAM';
  ws.getCell('A2').value = title;
  ['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền (đồng)', 'Ghi chú'].forEach((h, i) => {
    ws.getCell(HEADER_ROW, i + 1).value = h;
  });
  const cells = { name: [] as string[], amount: [] as string[] };
  rows.forEach((d, i) => {
    const r = HEADER_ROW + 1 + i;
    ws.getCell(r, 1).value = i + 1;
    ws.getCell(r, 2).value = d.name;
    ws.getCell(r, 3).value = d.address;
    ws.getCell(r, 4).value = d.amount;
    if (d.note) ws.getCell(r, 5).value = d.note;
    cells.name.push(`B${r}`);
    cells.amount.push(`D${r}`);
  });
  const last = HEADER_ROW + rows.length;
  const sum = rows.reduce((s, d) => s + (typeof d.amount === 'number' ? d.amount : 0), 0);
  ws.getCell(last + 1, 2).value = 'Tổng cộng';
  ws.getCell(last + 1, 4).value = { formula: `SUM(D${HEADER_ROW + 1}:D${last})`, result: sum };
  ws.getCell(last + 3, 4).value = placeDate;
  ws.getCell(last + 4, 4).value = 'TM. BAN THƯỜNG TRỰC';
  return cells;
}

const HOA_BINH: Row[] = [
  { name: 'Nguyễn Thị Mai', address: 'Thôn Đông', amount: 200_000 },
  { name: 'Trần Thị Hoa', address: 'Thôn Tây', amount: 300_000 },
  { name: 'Nguyễn Văn An', address: 'Thôn Đông', amount: 200_000 },
  { name: 'Lê Văn Bình', address: 'Thôn Tây', amount: 500_000 },
  { name: 'Phạm Thị Lan', address: 'Thôn Đông', amount: 200_000 },
  { name: 'Đỗ Văn Hậu', address: 'Thôn Tây', amount: 30_000_000, note: 'gõ thừa số 0' },
  { name: 'Vũ Thị Hằng', address: 'Thôn Bắc', amount: 300_000 },
  { name: 'Hoàng Văn Nam', address: 'Thôn Bắc', amount: 200_000 },
  { name: 'Bùi Thị Nga', address: 'Thôn Đông', amount: 500_000 },
  { name: 'Ngô Văn Long', address: 'Thôn Tây', amount: 300_000 },
  { name: 'nguyễn  thị MAI', address: 'Thôn Đông', amount: 200_000, note: 'ghi lại lần hai' },
  { name: 'Đặng Văn Sơn', address: 'Thôn Bắc', amount: 1_000_000 },
];

const AN_BINH: Row[] = [
  { name: 'Nguyễn Văn An', address: 'Thôn Bắc', amount: 200_000 },
  { name: 'Ông Phạm Văn Tâm', address: 'Thôn Nam', amount: 500_000 },
  { name: 'Lương Thị Thu', address: 'Thôn Nam', amount: 200_000 },
  { name: 'Hà Văn Dũng', address: 'Thôn Bắc', amount: 300_000 },
];

const WOMEN: Row[] = [
  { name: 'Bà Trần Thị Hoa', address: 'Xã Hòa Bình', amount: 300_000 },
  { name: 'Nguyễn Thị Mai', address: 'Xã An Bình', amount: 200_000 },
  { name: 'Đinh Thị Yến', address: 'Xã Tân Phú', amount: 500_000 },
  { name: 'Hội LHPN xã Hòa Bình', address: 'Xã Hòa Bình', amount: 2_000_000 },
];

const UNION: AggregateRow[] = [
  { name: 'Trường THCS Hòa Bình', headcount: 40, participants: 38, amount: 38 * 250_000 },
  { name: 'Trạm Y tế xã An Bình', headcount: 12, participants: 12, amount: 12 * 230_000 },
  { name: 'Trường Mầm non Tân Phú', headcount: 20, participants: 25, amount: 25 * 240_000 },
];

const CAMPAIGN = `# Chiến dịch nhỏ để kiểm thử việc đôn đốc đơn vị (scripts/make-chasing-fixtures.ts; không sửa tay).
# A small campaign for the submission checks (generated; do not edit by hand).
campaign:
  title: "Kết quả vận động ủng hộ (bộ dữ liệu kiểm thử đôn đốc)"
  purpose: "ủng hộ làm nhà đại đoàn kết"
  plan: { number: "50/KH-MTTQ-BTT", date: "2023-08-01" }
  period: { from: "2023-08-01", to: "2023-09-30" }
  deadline: "2023-10-05"
issuer:
  parents: ["ỦY BAN MTTQ VIỆT NAM", "HUYỆN AN LÃO"]
  body: "BAN THƯỜNG TRỰC"
  place: "An Lão"
  signer: { onBehalf: "TM. BAN THƯỜNG TRỰC", title: "CHỦ TỊCH", name: "Nguyễn Thị Nhung" }
report:
  number: "62/BC-MTTQ-BTT"
  date: "2023-10-10"
  recipients: ["Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng"]
columns:
  name: ["Tên cơ quan, đơn vị"]
units:
  - { id: xa-hoa-binh, name: "Xã Hòa Bình", kind: commune, target: 10000000, sources: [submissions/xa-hoa-binh.xlsx] }
  - { id: xa-an-binh, name: "Xã An Bình", kind: commune, target: 5000000, sources: [submissions/xa-an-binh.xlsx] }
  - id: xa-tan-phu
    name: "Xã Tân Phú"
    kind: commune
    submittedAt: "2023-10-07"    # tệp CSV không ghi ngày: ngày nhận / the CSV carries no date: day received
    sources: [submissions/xa-tan-phu.csv]
  - { id: hoi-phu-nu, name: "Hội Liên hiệp Phụ nữ huyện", kind: organisation, sources: [submissions/hoi-phu-nu.xlsx] }
  - { id: ldld-huyen, name: "Liên đoàn Lao động huyện", kind: organisation, sources: [submissions/ldld-huyen.xlsx] }
  - { id: hoi-nong-dan, name: "Hội Nông dân huyện", kind: organisation, sources: [submissions/hoi-nong-dan.xlsx] }
  - { id: huyen-doan, name: "Huyện đoàn", kind: organisation, sources: [] }
output: ../../output/chasing
`;

async function main(): Promise<void> {
  await rm(path.join(DIR, 'submissions'), { recursive: true, force: true });
  await save('campaign.yaml', CAMPAIGN);

  const hoaBinh = workbook();
  const hb = donorList(hoaBinh, 'Danh sách', 'DANH SÁCH ỦNG HỘ - XÃ HÒA BÌNH', HOA_BINH, 'Hòa Bình, ngày 03 tháng 10 năm 2023');
  await saveWorkbook(hoaBinh, 'submissions/xa-hoa-binh.xlsx');

  const anBinh = workbook();
  const ab = donorList(anBinh, 'Danh sách', 'DANH SÁCH ỦNG HỘ - XÃ AN BÌNH', AN_BINH, 'An Bình, ngày 09 tháng 10 năm 2023');
  await saveWorkbook(anBinh, 'submissions/xa-an-binh.xlsx');

  const women = workbook();
  const wu = donorList(women, 'Danh sách', 'DANH SÁCH HỘI VIÊN ỦNG HỘ', WOMEN, 'An Lão, ngày 05 tháng 10 năm 2023');
  await saveWorkbook(women, 'submissions/hoi-phu-nu.xlsx');

  const union = workbook();
  const ws = union.addWorksheet('Danh sách CĐCS');
  ws.getCell('A1').value = 'TỔNG HỢP ỦNG HỘ 01 NGÀY LƯƠNG';
  ['STT', 'Tên cơ quan, đơn vị', 'Tổng số CBCCVC, NLĐ', 'Số người tham gia', 'Số tiền (đồng)'].forEach((h, i) => {
    ws.getCell(3, i + 1).value = h;
  });
  UNION.forEach((d, i) => {
    ws.getRow(4 + i).values = [i + 1, d.name, d.headcount, d.participants, d.amount];
  });
  ws.getCell(4 + UNION.length + 2, 4).value = 'An Lão, ngày 30 tháng 9 năm 2023';
  await saveWorkbook(union, 'submissions/ldld-huyen.xlsx');

  // CSV: no place-date line, so the config says when it came; one amount written in words.
  const csv = [
    'STT,Họ và tên,Địa chỉ,Số tiền,Ghi chú',
    '1,Nguyễn Văn An,Thôn Nam,200000,',
    '2,Trịnh Văn Khoa,Thôn Nam,hai trăm nghìn,',
    '3,Mai Thị Liên,Thôn Trung,300000,',
  ];
  await save('submissions/xa-tan-phu.csv', `\uFEFF${csv.join('\r\n')}\r\n`);

  // Not a workbook at all: a note saved with the wrong name.
  await save('submissions/hoi-nong-dan.xlsx', 'Danh sach se gui sau.\r\n');

  const expected = {
    generatedBy: 'scripts/make-chasing-fixtures.ts',
    submissions: {
      'xa-hoa-binh': { status: 'on-time', submittedAt: '2023-10-03', via: 'sheet' },
      'xa-an-binh': { status: 'late', submittedAt: '2023-10-09', via: 'sheet', daysLate: 4 },
      'xa-tan-phu': { status: 'late', submittedAt: '2023-10-07', via: 'config', daysLate: 2 },
      'hoi-phu-nu': { status: 'on-time', submittedAt: '2023-10-05', via: 'sheet' },
      'ldld-huyen': { status: 'on-time', submittedAt: '2023-09-30', via: 'sheet' },
      'hoi-nong-dan': { status: 'failed' },
      'huyen-doan': { status: 'missing' },
    },
    table: { expected: 7, received: 5, onTime: 3, late: 2, missing: 1, failed: 1 },
    pairs: [
      {
        code: 'DUPLICATE_SUSPECTED',
        a: { source: 'submissions/xa-hoa-binh.xlsx', sheet: 'Danh sách', cell: hb.name[0] },
        b: { source: 'submissions/xa-hoa-binh.xlsx', sheet: 'Danh sách', cell: hb.name[10] },
        amount: 200_000,
      },
      {
        code: 'OVERLAP_SUSPECTED',
        a: { source: 'submissions/hoi-phu-nu.xlsx', sheet: 'Danh sách', cell: wu.name[0] },
        b: { source: 'submissions/xa-hoa-binh.xlsx', sheet: 'Danh sách', cell: hb.name[1] },
        amount: 300_000,
      },
    ],
    notPaired: ['Nguyễn Văn An', 'Nguyễn Thị Mai (Xã An Bình)'],
    nguyenVanAn: [hb.name[2], ab.name[0]],
    outliers: [{ source: 'submissions/xa-hoa-binh.xlsx', sheet: 'Danh sách', cell: hb.amount[5], amount: 30_000_000 }],
    amountProblem: { source: 'submissions/xa-tan-phu.csv', cell: 'D3' },
    participation: {
      headcount: UNION.reduce((s, d) => s + d.headcount, 0),
      participants: UNION.reduce((s, d) => s + d.participants, 0),
      exceeds: { source: 'submissions/ldld-huyen.xlsx', cell: 'D6' },
    },
  };
  await save('expected.json', `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`Wrote ${path.relative(ROOT, DIR)}/`);
}

await main();
