/**
 * A realistic ReportView for An Lão district (Hải Phòng), 2023 "nhà đại đoàn kết" campaign:
 * 17 communes/towns and 5 member organisations, two of which have not reported. Figures are computed
 * from per-unit amounts so every subtotal, total, share and the amount in words agree.
 */
import { formatCount, formatMoney, formatPercent } from '../../src/format/number.js';
import type { CategoryRow, DonorRow, ReportRow, ReportView, StatusRow } from '../../src/outputs/report/view.js';

type UnitFigures = {
  name: string;
  target: number;
  /** Missing units have no figures. */
  amounts?: { cbccvc: number; business: number; philanthropist: number; resident: number; other: number };
  paid?: number;
  donors?: number;
  note?: string;
};

/** The grand total the figures below add up to (checked in DOMAIN.md §4). */
export const SAMPLE_TOTAL = 215_321_500;
export const SAMPLE_TOTAL_TEXT = '215.321.500';
export const SAMPLE_TOTAL_WORDS = 'Hai trăm mười lăm triệu ba trăm hai mươi mốt nghìn năm trăm đồng';

/** One unit name long enough to wrap in the annex table. */
export const LONG_UNIT_NAME =
  'Liên đoàn Lao động huyện (tổng hợp các cơ quan, trường học, Trung tâm Y tế huyện, Công an huyện và Ban Chỉ huy Quân sự huyện)';

const communes: UnitFigures[] = [
  { name: 'Thị trấn An Lão', target: 15_000_000, amounts: { cbccvc: 4_250_000, business: 3_000_000, philanthropist: 2_000_000, resident: 5_120_000, other: 500_000 }, paid: 14_870_000, donors: 412 },
  { name: 'Xã Bát Trang', target: 10_000_000, amounts: { cbccvc: 2_100_000, business: 1_500_000, philanthropist: 1_000_000, resident: 6_350_000, other: 0 }, paid: 10_950_000, donors: 385 },
  { name: 'Xã Trường Thọ', target: 10_000_000, amounts: { cbccvc: 1_980_000, business: 2_000_000, philanthropist: 500_000, resident: 5_815_000, other: 200_000 }, paid: 8_000_000, donors: 356 },
  { name: 'Xã Trường Thành', target: 10_000_000, amounts: { cbccvc: 2_040_000, business: 3_000_000, philanthropist: 1_500_000, resident: 4_960_000, other: 0 }, paid: 11_500_000, donors: 298 },
  { name: 'Xã An Tiến', target: 12_000_000, amounts: { cbccvc: 2_560_000, business: 3_000_000, philanthropist: 2_000_000, resident: 6_740_000, other: 300_000 }, paid: 14_600_000, donors: 447 },
  { name: 'Xã Quang Hưng', target: 10_000_000, amounts: { cbccvc: 1_870_000, business: 1_000_000, philanthropist: 0, resident: 5_430_000, other: 0 }, paid: 8_300_000, donors: 321 },
  { name: 'Xã Quang Trung', target: 10_000_000, amounts: { cbccvc: 2_230_000, business: 2_500_000, philanthropist: 1_000_000, resident: 5_190_000, other: 150_000 }, paid: 11_070_000, donors: 339 },
  { name: 'Xã Quốc Tuấn', target: 12_000_000, amounts: { cbccvc: 2_450_000, business: 2_000_000, philanthropist: 3_000_000, resident: 6_875_500, other: 0 }, paid: 14_325_500, donors: 468 },
  { name: 'Xã An Thắng', target: 10_000_000, amounts: { cbccvc: 2_010_000, business: 1_500_000, philanthropist: 500_000, resident: 4_655_000, other: 0 }, paid: 8_665_000, donors: 274 },
  { name: 'Thị trấn Trường Sơn', target: 15_000_000, amounts: { cbccvc: 3_870_000, business: 4_500_000, philanthropist: 2_500_000, resident: 5_980_000, other: 400_000 }, paid: 17_250_000, donors: 436 },
  { name: 'Xã Tân Dân', target: 10_000_000, amounts: { cbccvc: 1_950_000, business: 1_000_000, philanthropist: 1_000_000, resident: 5_260_000, other: 0 }, paid: 9_210_000, donors: 302 },
  { name: 'Xã Thái Sơn', target: 10_000_000, amounts: { cbccvc: 2_120_000, business: 2_000_000, philanthropist: 0, resident: 6_015_000, other: 0 }, paid: 10_135_000, donors: 345 },
  { name: 'Xã Tân Viên', target: 10_000_000, note: 'Chưa báo cáo' },
  { name: 'Xã Mỹ Đức', target: 10_000_000, amounts: { cbccvc: 2_060_000, business: 1_500_000, philanthropist: 1_000_000, resident: 5_470_000, other: 100_000 }, paid: 10_130_000, donors: 331 },
  { name: 'Xã Chiến Thắng', target: 10_000_000, amounts: { cbccvc: 1_890_000, business: 1_000_000, philanthropist: 500_000, resident: 4_985_000, other: 0 }, paid: 6_000_000, donors: 289, note: 'Nộp bổ sung sau' },
  { name: 'Xã An Thọ', target: 10_000_000, amounts: { cbccvc: 2_180_000, business: 2_000_000, philanthropist: 1_000_000, resident: 5_640_000, other: 0 }, paid: 10_820_000, donors: 352 },
  { name: 'Xã An Thái', target: 10_000_000, amounts: { cbccvc: 2_240_000, business: 1_500_000, philanthropist: 2_000_000, resident: 6_105_000, other: 250_000 }, paid: 12_095_000, donors: 367 },
];

const organisations: UnitFigures[] = [
  { name: LONG_UNIT_NAME, target: 30_000_000, amounts: { cbccvc: 22_755_000, business: 0, philanthropist: 0, resident: 0, other: 2_500_000 }, paid: 25_255_000, donors: 1_254 },
  { name: 'Hội Nông dân huyện', target: 3_000_000, amounts: { cbccvc: 250_000, business: 0, philanthropist: 0, resident: 1_830_000, other: 0 }, paid: 2_080_000, donors: 96 },
  { name: 'Hội Liên hiệp Phụ nữ huyện', target: 3_000_000, amounts: { cbccvc: 240_000, business: 0, philanthropist: 500_000, resident: 2_611_000, other: 0 }, paid: 3_351_000, donors: 118 },
  { name: 'Huyện đoàn An Lão', target: 3_000_000, amounts: { cbccvc: 300_000, business: 0, philanthropist: 0, resident: 0, other: 1_545_000 }, paid: 1_845_000, donors: 87 },
  { name: 'Hội Cựu chiến binh huyện', target: 3_000_000, note: 'Chưa báo cáo' },
];

type Sums = { target: number; cbccvc: number; business: number; philanthropist: number; resident: number; other: number; total: number; paid: number; donors: number };

function zero(): Sums {
  return { target: 0, cbccvc: 0, business: 0, philanthropist: 0, resident: 0, other: 0, total: 0, paid: 0, donors: 0 };
}

function unitSums(unit: UnitFigures): Sums {
  const a = unit.amounts;
  const s = zero();
  s.target = unit.target;
  if (!a) return s;
  Object.assign(s, a);
  s.total = a.cbccvc + a.business + a.philanthropist + a.resident + a.other;
  s.paid = unit.paid ?? 0;
  s.donors = unit.donors ?? 0;
  return s;
}

function add(into: Sums, s: Sums): void {
  for (const key of Object.keys(into) as (keyof Sums)[]) into[key] += s[key];
}

const money = (n: number): string => (n === 0 ? '-' : formatMoney(n));

function row(stt: string, name: string, s: Sums, kind: ReportRow['kind'], reported: boolean, note = ''): ReportRow {
  if (!reported) {
    return { stt, name, target: formatMoney(s.target), cbccvc: '', business: '', philanthropist: '', resident: '', other: '', total: '', percent: '', paid: '', unpaid: '', donors: '', note, kind };
  }
  return {
    stt,
    name,
    target: formatMoney(s.target),
    cbccvc: money(s.cbccvc),
    business: money(s.business),
    philanthropist: money(s.philanthropist),
    resident: money(s.resident),
    other: money(s.other),
    total: formatMoney(s.total),
    percent: s.target > 0 ? formatPercent(s.total / s.target) : '',
    paid: money(s.paid),
    unpaid: money(s.total - s.paid),
    donors: formatCount(s.donors),
    note,
    kind,
  };
}

function groupRows(roman: string, title: string, units: UnitFigures[], grand: Sums): ReportRow[] {
  const rows: ReportRow[] = [{ stt: roman, name: title, target: '', cbccvc: '', business: '', philanthropist: '', resident: '', other: '', total: '', percent: '', paid: '', unpaid: '', donors: '', note: '', kind: 'group' }];
  const sub = zero();
  units.forEach((unit, i) => {
    const s = unitSums(unit);
    add(sub, s);
    rows.push(row(String(i + 1), unit.name, s, 'unit', unit.amounts !== undefined, unit.note ?? ''));
  });
  rows.push(row('', 'Cộng', sub, 'subtotal', true));
  add(grand, sub);
  return rows;
}

/** A fresh copy each call, so tests may change fields freely. */
export function sampleReportView(): ReportView {
  const grand = zero();
  const unitRows = [
    ...groupRows('I', 'Các xã, thị trấn', communes, grand),
    ...groupRows('II', 'Các tổ chức thành viên, cơ quan, đơn vị', organisations, grand),
  ];
  unitRows.push(row('', 'Tổng cộng', grand, 'total', true));
  if (grand.total !== SAMPLE_TOTAL) throw new Error(`sample figures add up to ${grand.total}, expected ${SAMPLE_TOTAL}`);

  const share = (n: number): string => formatPercent(n / grand.total);
  const categoryDonors = { cbccvc: 2_874, business: 46, philanthropist: 63, resident: 0, other: 112 };
  categoryDonors.resident = grand.donors - categoryDonors.cbccvc - categoryDonors.business - categoryDonors.philanthropist - categoryDonors.other;
  const categoryRows: CategoryRow[] = [
    { stt: '1', label: 'Cán bộ, công chức, viên chức, người lao động (01 ngày công)', donors: formatCount(categoryDonors.cbccvc), amount: formatMoney(grand.cbccvc), share: share(grand.cbccvc), kind: 'row' },
    { stt: '2', label: 'Doanh nghiệp', donors: formatCount(categoryDonors.business), amount: formatMoney(grand.business), share: share(grand.business), kind: 'row' },
    { stt: '3', label: 'Nhà hảo tâm, kiều bào', donors: formatCount(categoryDonors.philanthropist), amount: formatMoney(grand.philanthropist), share: share(grand.philanthropist), kind: 'row' },
    { stt: '4', label: 'Nhân dân', donors: formatCount(categoryDonors.resident), amount: formatMoney(grand.resident), share: share(grand.resident), kind: 'row' },
    { stt: '5', label: 'Lực lượng vũ trang, tổ chức và đối tượng khác', donors: formatCount(categoryDonors.other), amount: formatMoney(grand.other), share: share(grand.other), kind: 'row' },
    { stt: '', label: 'Tổng cộng', donors: formatCount(grand.donors), amount: formatMoney(grand.total), share: '100,0%', kind: 'total' },
  ];
  const transferred = 150_000_000;
  const statusRows: StatusRow[] = [
    { label: 'Đã nộp về tài khoản Ủy ban MTTQ Việt Nam huyện', amount: formatMoney(grand.paid), share: share(grand.paid) },
    { label: 'Trong đó: đã chuyển về Ủy ban MTTQ Việt Nam thành phố', amount: formatMoney(transferred), share: share(transferred) },
    { label: 'Các đơn vị đã thu, chưa nộp về huyện', amount: formatMoney(grand.total - grand.paid), share: share(grand.total - grand.paid) },
  ];
  const topDonors: DonorRow[] = [
    { stt: '1', name: 'Công ty TNHH Giày da Hải Phòng An Lão', unit: 'Thị trấn Trường Sơn', amount: formatMoney(3_000_000) },
    { stt: '2', name: 'Công ty Cổ phần Xi măng Quốc Tuấn', unit: 'Xã Quốc Tuấn', amount: formatMoney(2_000_000) },
    { stt: '3', name: 'Ông Nguyễn Văn Hưởng (kiều bào tại Cộng hòa Séc)', unit: 'Xã An Tiến', amount: formatMoney(2_000_000) },
    { stt: '4', name: 'Bà Phạm Thị Lụa', unit: 'Thị trấn An Lão', amount: formatMoney(1_500_000) },
    { stt: '5', name: 'Hợp tác xã Dịch vụ nông nghiệp Trường Thành', unit: 'Xã Trường Thành', amount: formatMoney(1_500_000) },
  ];
  const reported = [...communes, ...organisations].filter((u) => u.amounts).length;
  const missing = [...communes, ...organisations].filter((u) => !u.amounts).map((u) => u.name);

  return {
    issuerParents: ['ỦY BAN MTTQ VIỆT NAM', 'HUYỆN AN LÃO'],
    issuerBody: 'BAN THƯỜNG TRỰC',
    numberLine: 'Số: 62/BC-MTTQ-BTT',
    placeDate: 'An Lão, ngày 05 tháng 10 năm 2023',
    kind: 'BÁO CÁO',
    subject: 'Kết quả vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên',
    recipients: ['Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng'],
    direction: [
      'Thực hiện Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam huyện về vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên, Ban Thường trực Ủy ban MTTQ Việt Nam huyện đã ban hành văn bản hướng dẫn, đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam các xã, thị trấn và các tổ chức thành viên tổ chức tuyên truyền, vận động sâu rộng trong cán bộ, hội viên, đoàn viên và Nhân dân.',
      'Các đơn vị đã tổ chức vận động mỗi cán bộ, công chức, viên chức, người lao động ủng hộ tối thiểu 01 ngày công; vận động các doanh nghiệp, nhà hảo tâm, kiều bào và Nhân dân tham gia ủng hộ theo khả năng; tổng hợp danh sách, nộp tiền về tài khoản Ủy ban MTTQ Việt Nam huyện đúng thời gian quy định.',
    ],
    // Worded like buildReportView (src/outputs/report/build-view.ts): one paragraph, several sentences.
    resultParagraphs: [
      `Tính đến ngày 05 tháng 10 năm 2023, có ${reported}/${reported + missing.length} đơn vị đã báo cáo kết quả vận động; ${formatCount(grand.donors)} lượt tập thể, cá nhân tham gia ủng hộ.`,
      `So với chỉ tiêu ${formatMoney(grand.target)} đồng, đạt ${formatPercent(grand.total / grand.target)}, tương đương khoảng ${formatCount(Math.floor(grand.total / 50_000_000))} căn nhà đại đoàn kết theo mức hỗ trợ 50.000.000 đồng/nhà.`,
      `Các đơn vị chưa có số liệu: ${missing.join(', ')}.`,
    ],
    totalAmount: formatMoney(grand.total),
    totalInWords: SAMPLE_TOTAL_WORDS,
    totalDonors: formatCount(grand.donors),
    reportedUnits: `${reported}/${reported + missing.length}`,
    missingUnits: missing,
    unitRows,
    categoryRows,
    statusRows,
    topDonors,
    assessment: [
      'Công tác vận động được các cấp, các ngành, đoàn thể quan tâm triển khai kịp thời; nhiều đơn vị hoàn thành vượt chỉ tiêu được giao, thể hiện truyền thống “tương thân tương ái”, “lá lành đùm lá rách” của cán bộ, đảng viên và Nhân dân trong huyện.',
      'Tuy nhiên, một số đơn vị báo cáo chậm so với thời gian quy định; danh sách ủng hộ của một số đơn vị chưa đầy đủ thông tin, chưa phân loại theo đối tượng; việc nộp tiền về tài khoản của huyện còn chậm.',
    ],
    recommendations: [
      'Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam thành phố tiếp tục quan tâm, hướng dẫn việc tiếp nhận, chuyển kinh phí và thông tin kết quả sử dụng kinh phí hỗ trợ để Nhân dân được biết.',
      'Đề nghị Xã Tân Viên và Hội Cựu chiến binh huyện khẩn trương báo cáo kết quả vận động; các đơn vị còn giữ tiền đã thu nộp ngay về tài khoản Ủy ban MTTQ Việt Nam huyện.',
    ],
    signerOnBehalf: 'TM. BAN THƯỜNG TRỰC',
    signerTitle: 'CHỦ TỊCH',
    signerName: 'Nguyễn Văn Thành',
    copiesTo: [
      '- Như trên;',
      '- Thường trực Huyện ủy;',
      '- Thường trực HĐND, UBND huyện;',
      '- Các tổ chức thành viên;',
      '- Ủy ban MTTQ các xã, thị trấn;',
      '- Lưu: VT.',
    ],
    generatedNote: 'Tổng hợp bằng tonghop, lượt chạy 2023-10-05T08:30:00+07:00 (mã 7f3a9c).',
  };
}
