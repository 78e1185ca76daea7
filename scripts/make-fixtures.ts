/**
 * make-fixtures.ts: writes the demo campaign `fixtures/an-lao-2023/`.
 *
 *   npx tsx scripts/make-fixtures.ts        (also `npm run fixtures`)
 *
 * What it writes (everything under fixtures/an-lao-2023/ is regenerated; do not edit by hand):
 *   campaign.yaml      the campaign configuration, commented in Vietnamese + English
 *   submissions/       one donor list per unit, in the shapes real units send (see UNITS below)
 *   expected.json      the ground truth this script knows: per-unit donors/amounts, totals,
 *                      and the exact cell of every deliberate problem. It never comes from a reader.
 *   narrative/         the staff's own text for sections I, III, IV of the report
 *
 * Everything is deterministic: names and amounts come from a PRNG seeded by the unit id, dates
 * are fixed, and the zip timestamps inside each .xlsx are pinned, so regenerating gives
 * byte-identical files.
 */
import ExcelJS from 'exceljs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CampaignConfigSchema, type UnitKind } from '../src/model/config.js';
import type { DonorCategory, MoneyStatus } from '../src/model/record.js';
import type { IssueCode } from '../src/model/issue-catalogue.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CAMPAIGN_DIR = path.join(ROOT, 'fixtures', 'an-lao-2023');
/** Timestamp written into workbook properties and zip entries. */
const FIXED_TIME = new Date(Date.UTC(2023, 9, 2, 8, 0, 0));

// =========================================================================================
// Deterministic randomness
// =========================================================================================

/** mulberry32 seeded with FNV-1a of a string key: the same key always gives the same stream. */
class Rng {
  private state: number;

  constructor(key: string) {
    let h = 0x811c9dc5;
    for (const ch of key) {
      h ^= ch.codePointAt(0) ?? 0;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    this.state = h;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const sum = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * sum;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

// =========================================================================================
// Vocabulary: names, places, amounts, labels
// =========================================================================================

const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 30], ['Trần', 10], ['Lê', 9], ['Phạm', 8], ['Vũ', 6], ['Hoàng', 5], ['Đỗ', 4],
  ['Bùi', 4], ['Đặng', 3], ['Ngô', 3], ['Phan', 3], ['Đinh', 2], ['Lương', 2], ['Hà', 2],
  ['Cao', 1], ['Mạc', 1], ['Tô', 1], ['Đào', 2], ['Lưu', 1],
];
const MIDDLE_MALE: ReadonlyArray<readonly [string, number]> = [
  ['Văn', 8], ['Đức', 2], ['Quang', 2], ['Minh', 2], ['Hữu', 2], ['Xuân', 1], ['Thanh', 1], ['Ngọc', 1], ['Công', 1],
];
const MIDDLE_FEMALE: ReadonlyArray<readonly [string, number]> = [
  ['Thị', 10], ['Thu', 2], ['Ngọc', 1], ['Thanh', 1], ['Minh', 1], ['Hồng', 1], ['Phương', 1],
];
const GIVEN_MALE = [
  'Hùng', 'Dũng', 'Tuấn', 'Thắng', 'Hải', 'Long', 'Nam', 'Sơn', 'Cường', 'Phong', 'Quân', 'Khánh',
  'Bình', 'Toàn', 'Tiến', 'Hưng', 'Mạnh', 'Thành', 'Trung', 'Hòa', 'Đông', 'Việt', 'Hiếu', 'Lâm',
  'Kiên', 'Tâm', 'Chiến', 'Quý', 'Tùng', 'Đạt',
] as const;
const GIVEN_FEMALE = [
  'Lan', 'Hương', 'Hoa', 'Mai', 'Hằng', 'Nga', 'Thủy', 'Hạnh', 'Liên', 'Huyền', 'Nhung', 'Yến',
  'Thảo', 'Trang', 'Loan', 'Dung', 'Hiền', 'Phượng', 'Oanh', 'Vân', 'Duyên', 'Lý', 'Tuyết', 'Hà',
] as const;

const BUSINESSES = [
  'Công ty TNHH Thương mại Hải Anh', 'Công ty Cổ phần Xây dựng Tân Phát', 'Công ty TNHH Cơ khí Trường Thành',
  'Doanh nghiệp tư nhân Minh Khôi', 'Công ty TNHH May mặc Trường Sơn', 'Công ty CP Vật liệu xây dựng Quang Trung',
  'Hợp tác xã Nông nghiệp Bát Trang', 'Công ty TNHH Vận tải Hùng Cường', 'Công ty TNHH Điện tử Phú Thịnh',
  'Công ty CP Gạch ngói Tiên Hội', 'Công ty TNHH Đồ gỗ Mỹ Đức', 'Công ty TNHH Sản xuất bao bì An Thái',
  'Công ty CP Đầu tư Thái Sơn', 'Công ty TNHH Dịch vụ Vạn Lợi', 'Doanh nghiệp tư nhân Xuân Trường',
  'Công ty TNHH Thép Hòa Phong', 'Công ty CP Thực phẩm An Lão', 'Công ty TNHH Kỹ thuật Nam Hải',
  'Công ty TNHH Xăng dầu Quốc Tuấn', 'Công ty TNHH Giày da Tân Viên', 'Công ty CP Môi trường Chiến Thắng',
  'Công ty TNHH Xây lắp điện Đông Á', 'Công ty TNHH Nhựa Thành Đạt', 'Công ty CP Dược phẩm Minh Tâm',
] as const;
const COUNTRIES = ['CHLB Đức', 'Cộng hòa Séc', 'Ba Lan', 'Nhật Bản', 'Hàn Quốc', 'Hoa Kỳ', 'Liên bang Nga'] as const;

/** Amounts in đồng, picked uniformly (repeats make a value more likely). */
const AMOUNTS: Readonly<Record<Exclude<DonorCategory, 'other'>, readonly number[]>> = {
  resident: [100_000, 100_000, 150_000, 200_000, 200_000, 200_000, 300_000, 300_000, 500_000, 500_000, 500_000, 1_000_000, 1_000_000, 2_000_000, 5_000_000],
  /** One day's wage ("01 ngày lương") and a few who give more. */
  cbccvc: [215_000, 236_000, 254_000, 268_000, 281_000, 300_000, 312_000, 345_000, 380_000, 420_000, 500_000, 500_000, 1_000_000],
  business: [10_000_000, 10_000_000, 15_000_000, 20_000_000, 20_000_000, 30_000_000, 50_000_000],
  philanthropist: [1_000_000, 2_000_000, 3_000_000, 5_000_000, 5_000_000],
  overseas: [2_000_000, 3_000_000, 5_000_000],
  'armed-forces': [200_000, 300_000, 300_000, 500_000],
  organisation: [1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000],
};

const CATEGORY_LABEL: Readonly<Record<DonorCategory, string>> = {
  cbccvc: 'CBCCVC', business: 'Doanh nghiệp', philanthropist: 'Nhà hảo tâm', overseas: 'Kiều bào',
  resident: 'Nhân dân', 'armed-forces': 'LLVT', organisation: 'Tập thể', other: 'Khác',
};
/** The same labels typed without a Vietnamese keyboard. */
const CATEGORY_LABEL_ASCII: Readonly<Record<DonorCategory, string>> = {
  cbccvc: 'CBCCVC', business: 'Doanh nghiep', philanthropist: 'Nha hao tam', overseas: 'Kieu bao',
  resident: 'Nhan dan', 'armed-forces': 'LLVT', organisation: 'Tap the', other: 'Khac',
};
const STATUS_LABEL: Readonly<Record<MoneyStatus, string>> = {
  pledged: 'Đăng ký', collected: 'Đã thu', paid: 'Đã nộp', transferred: 'Đã chuyển', unstated: 'Chưa rõ',
};
const STATUS_WEIGHTS: ReadonlyArray<readonly [MoneyStatus, number]> = [
  ['pledged', 10], ['collected', 30], ['paid', 45], ['transferred', 15],
];
const CATEGORY_KEYS: readonly DonorCategory[] = ['cbccvc', 'business', 'philanthropist', 'overseas', 'resident', 'armed-forces', 'organisation', 'other'];
const STATUS_KEYS: readonly MoneyStatus[] = ['pledged', 'collected', 'paid', 'transferred'];

// =========================================================================================
// Units of the campaign
// =========================================================================================

type SourceEntry = string | { path: string; sheet: string };

interface UnitSpec {
  id: string;
  name: string;
  code?: string;
  kind: UnitKind;
  /** Target in đồng. */
  target: number;
  /** Hamlets / residential groups of a commune, or the communes an organisation's members live in. */
  places: readonly string[];
  /** Left block of the letterhead on the unit's own lists. */
  letterhead: readonly [string, string];
  signer: { onBehalf: string; title: string };
  /** Prefix of collective donors' names ("Hội LHPN" → "Hội LHPN xã Bát Trang"). */
  collective: string;
  /** One line for campaign.yaml: what this unit's submission looks like (vi — en). */
  describe: string;
  sources: readonly SourceEntry[];
  /** Writes the submission; null when the unit has not reported. */
  write: Writer | null;
}

type Writer = (u: UnitSpec, rng: Rng) => Promise<Outcome>;

interface Donor {
  name: string;
  address: string;
  /** Hamlet (communes) or commune (organisations) the donor is listed under. */
  place: string;
  category: DonorCategory;
  status: MoneyStatus;
  amount: number;
  date: Date;
  note: string;
  form: 'Tiền mặt' | 'Chuyển khoản';
  /** Written verbatim in the amount cell instead of `amount`: a deliberate problem, never counted. */
  raw?: { amount: string | null };
  /** Aggregate rows from the trade union: headcount and participants of an agency. */
  headcount?: number;
  participants?: number;
}

interface Problem {
  code: IssueCode;
  /** Other codes a reader may reasonably use for the same problem. */
  alsoAccept?: IssueCode[];
  unit: string;
  file: string | null;
  sheet: string | null;
  cell: string | null;
  detail: string;
  value?: string;
  stated?: number;
  computed?: number;
}

interface Notice {
  code: IssueCode;
  unit: string;
  file: string;
  sheet: string;
  detail: string;
}

interface FileOutcome {
  path: string;
  counted: Donor[];
}

interface Outcome {
  status: 'reported' | 'failed';
  files: FileOutcome[];
  problems: Problem[];
  notices: Notice[];
  shapes: string[];
}

const communeShort = (name: string): string => name.replace(/^(Xã|Thị trấn) /, '');

function commune(
  id: string,
  name: string,
  code: string,
  target: number,
  places: readonly string[],
  describe: string,
  write: Writer | null,
  sources: readonly SourceEntry[] = [`submissions/${id}.xlsx`],
): UnitSpec {
  return {
    id, name, code, target, places, describe, write, sources,
    kind: name.startsWith('Thị trấn') ? 'town' : 'commune',
    letterhead: ['ỦY BAN MTTQ VIỆT NAM', name.toLocaleUpperCase('vi')],
    signer: { onBehalf: 'TM. BAN THƯỜNG TRỰC', title: 'CHỦ TỊCH' },
    collective: 'Chi hội Người cao tuổi',
  };
}

function organisation(
  id: string,
  name: string,
  letterhead: readonly [string, string],
  target: number,
  collective: string,
  describe: string,
  write: Writer | null,
  sources: readonly SourceEntry[] = [`submissions/${id}.xlsx`],
): UnitSpec {
  return {
    id, name, kind: 'organisation', target, places: COMMUNE_NAMES, letterhead, collective, describe, write, sources,
    signer: { onBehalf: 'TM. BAN THƯỜNG VỤ', title: 'CHỦ TỊCH' },
  };
}

/** The 17 communes and towns of An Lão district in 2023 (docs/domain.md §1). */
const COMMUNE_NAMES = [
  'Thị trấn An Lão', 'Xã Bát Trang', 'Xã Trường Thọ', 'Xã Trường Thành', 'Xã An Tiến', 'Xã Quang Hưng',
  'Xã Quang Trung', 'Xã Quốc Tuấn', 'Xã An Thắng', 'Thị trấn Trường Sơn', 'Xã Tân Dân', 'Xã Thái Sơn',
  'Xã Tân Viên', 'Xã Mỹ Đức', 'Xã Chiến Thắng', 'Xã An Thọ', 'Xã An Thái',
] as const;

const UNITS: readonly UnitSpec[] = [
  commune('tt-an-lao', 'Thị trấn An Lão', '11629', 100_000_000,
    ['Tổ dân phố Văn Khê', 'Tổ dân phố Thành Công', 'Tổ dân phố Tân Thành', 'Tổ dân phố Hạ Đồng'],
    'mẫu chuẩn: tiêu đề, dòng số cột (1)(2)…, Tổng cộng = SUM, chữ ký — standard list: title rows, column-number row, SUM total, signatures',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/tt-an-lao.xlsx', sheet: 'Danh sách',
      mix: [['resident', 18], ['cbccvc', 10], ['business', 3], ['philanthropist', 2]],
      category: true, status: true, date: 'cell', numbering: true, total: 'sum', signature: true,
      shapes: ['a:title-rows', 'f:column-numbers', 'e:total-sum-formula', 'g:signature', 'j:category+status', 'date:cells'],
    })),
  commune('xa-bat-trang', 'Xã Bát Trang', '11632', 30_000_000,
    ['Thôn Bát Trang', 'Thôn Trúc Động', 'Thôn Đông Bát', 'Thôn Tây Thượng'],
    'tiêu đề hai tầng, ô gộp — two-row merged header', writeTwoRowHeader),
  commune('xa-truong-tho', 'Xã Trường Thọ', '11635', 50_000_000,
    ['Thôn Thọ Xuân', 'Thôn Hòa Bình', 'Thôn Đồng Lạc'],
    'tiêu đề không dấu, số tiền gõ dạng chữ "1.500.000", "2,000,000" — headers without diacritics, amounts as text',
    writeNoDiacritics),
  commune('xa-truong-thanh', 'Xã Trường Thành', '11638', 15_000_000,
    ['Thôn Mông Thượng', 'Thôn Đoàn Xá', 'Thôn Trung Hành'],
    'tệp CSV (UTF-8 có BOM) — CSV file (UTF-8 with BOM)', writeCsv, ['submissions/xa-truong-thanh.csv']),
  commune('xa-an-tien', 'Xã An Tiến', '11641', 15_000_000,
    ['Thôn Cẩm Văn', 'Thôn Phú Nội', 'Thôn Kim Châm'],
    'mỗi thôn một trang + trang "Tổng hợp" (không cộng trùng) — one sheet per hamlet plus a summary sheet',
    writeHamletSheets),
  commune('xa-quang-hung', 'Xã Quang Hưng', '11644', 25_000_000,
    ['Thôn Tiên Hội', 'Thôn Quang Hưng', 'Thôn Phương Hưng'],
    'chia nhóm theo thôn ("I. Thôn Tiên Hội"), dòng trống giữa danh sách — group headings and blank rows inside the list',
    writeGroupedList),
  commune('xa-quang-trung', 'Xã Quang Trung', '11647', 25_000_000,
    ['Thôn Bạch Câu', 'Thôn Kha Lâm', 'Thôn Quang Trung'],
    'dòng Tổng cộng gõ tay bị SAI (cảnh báo TOTAL_MISMATCH) — hand-typed total that is wrong',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/xa-quang-trung.xlsx', sheet: 'DS ủng hộ',
      mix: [['resident', 16], ['cbccvc', 6], ['business', 1]],
      category: true, status: false, date: 'text', numbering: true, total: { wrongBy: 1_000_000 }, signature: true,
      shapes: ['a:title-rows', 'f:column-numbers', 'e:total-typed-wrong', 'g:signature', 'j:category-only', 'date:text'],
    })),
  commune('xa-quoc-tuan', 'Xã Quốc Tuấn', '11650', 20_000_000,
    ['Thôn Nguyệt Áng', 'Thôn Quốc Tuấn', 'Thôn Đồng Tâm'],
    'có lỗi cố ý: số tiền ghi bằng chữ, một dòng thiếu số tiền — deliberate row errors', writeWithProblems),
  commune('xa-an-thang', 'Xã An Thắng', '11653', 20_000_000,
    ['Thôn An Luận', 'Thôn Lai Hòa', 'Thôn Tân Hòa'],
    'tệp .xlsx bị hỏng (bị cắt cụt) — a truncated, corrupt .xlsx', writeCorrupt),
  commune('tt-truong-son', 'Thị trấn Trường Sơn', '11656', 60_000_000,
    ['Tổ dân phố Đồng Tâm', 'Tổ dân phố Xuân Sơn', 'Tổ dân phố Tiền Hải'],
    'hai tệp: danh sách chính + danh sách bổ sung đợt 2 — two files: main list + a later supplement',
    writeMainAndSupplement, ['submissions/tt-truong-son.xlsx', 'submissions/tt-truong-son-bo-sung.xlsx']),
  commune('xa-tan-dan', 'Xã Tân Dân', '11659', 20_000_000,
    ['Thôn Tân Dân', 'Thôn Quỳnh Hoàng'],
    'CHƯA GỬI: đường dẫn trỏ tới tệp chưa có — NOT REPORTED: the path points at a file that does not exist',
    null),
  commune('xa-thai-son', 'Xã Thái Sơn', '11662', 10_000_000,
    ['Thôn Thái Sơn', 'Thôn Hà Phương', 'Thôn Lương Câu'],
    'số tiền gõ kiểu "200.000đ", "500.000 đ", tổng gõ tay — amounts typed with đ suffix, typed total',
    writeTextAmounts),
  commune('xa-tan-vien', 'Xã Tân Viên', '11665', 10_000_000,
    ['Thôn Tân Viên', 'Thôn Hòa Liễu', 'Thôn Đông Lý'],
    'xuất từ Google Sheets: tiêu đề ở dòng 1, không có dòng tổng — Google Sheets export, header in row 1, no total',
    writePlainExport),
  commune('xa-my-duc', 'Xã Mỹ Đức', '11668', 30_000_000,
    ['Thôn Mỹ Đức', 'Thôn Kinh Giao', 'Thôn Bạch Đa'],
    'có cột "Hình thức" (tiền mặt/chuyển khoản), tổng gõ tay đúng — extra "form" column, correct typed total',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/xa-my-duc.xlsx', sheet: 'Sheet1',
      mix: [['resident', 17], ['cbccvc', 5], ['business', 1]],
      category: true, status: false, form: true, date: 'cell', numbering: true, total: 'typed', signature: true,
      shapes: ['a:title-rows', 'f:column-numbers', 'e:total-typed', 'g:signature', 'j:category-only', 'extra-column:hinh-thuc', 'date:cells'],
    })),
  commune('xa-chien-thang', 'Xã Chiến Thắng', '11671', 60_000_000,
    ['Thôn Chiến Thắng', 'Thôn Mỹ Khê', 'Thôn Đại Điền'],
    'đủ các đối tượng (kiều bào, LLVT, doanh nghiệp) và bốn tình trạng tiền — every category and money status',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/xa-chien-thang.xlsx', sheet: 'Danh sách',
      mix: [['resident', 14], ['cbccvc', 4], ['overseas', 2], ['armed-forces', 2], ['business', 2], ['philanthropist', 1]],
      category: true, status: true, date: 'cell', numbering: false, total: 'sum', signature: true,
      shapes: ['a:title-rows', 'e:total-sum-formula', 'g:signature', 'j:category+status', 'date:cells'],
    })),
  commune('xa-an-tho', 'Xã An Thọ', '11674', 15_000_000,
    ['Thôn An Thọ', 'Thôn Phú Điền', 'Thôn Dư Hạ'],
    'tên cột dài ("Họ và tên người ủng hộ", "Số tiền ủng hộ (đồng)"), không có cột đối tượng — long header names, no category',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/xa-an-tho.xlsx', sheet: 'Danh sách ủng hộ',
      mix: [['resident', 25]],
      category: false, status: false, date: 'text', numbering: false, total: 'sum', signature: true,
      headers: { name: 'Họ và tên người ủng hộ', address: 'Thôn, xóm', amount: 'Số tiền ủng hộ (đồng)' },
      shapes: ['a:title-rows', 'e:total-sum-formula', 'g:signature', 'j:no-category-no-status', 'date:text'],
    })),
  commune('xa-an-thai', 'Xã An Thái', '11677', 30_000_000,
    ['Thôn An Thái', 'Thôn Cao Mật', 'Thôn Thượng Đồng'],
    'bảng bắt đầu từ cột B, dòng 4 — table starts at column B, row 4', writeOffsetTable),

  organisation('ldld-huyen', 'Liên đoàn Lao động huyện', ['LIÊN ĐOÀN LAO ĐỘNG', 'HUYỆN AN LÃO'], 250_000_000, 'Công đoàn',
    'các cơ quan, đơn vị báo cáo gộp (số người, số tiền); chỉ đọc trang "Danh sách CĐCS" — agencies as aggregate rows; read one sheet only',
    writeAgencyAggregate, [{ path: 'submissions/ldld-huyen.xlsx', sheet: 'Danh sách CĐCS' }]),
  organisation('hoi-nong-dan-huyen', 'Hội Nông dân huyện', ['HỘI NÔNG DÂN', 'HUYỆN AN LÃO'], 10_000_000, 'Chi hội Nông dân',
    'không có cột ngày, đối tượng, tình trạng; tổng gõ tay — no date/category/status columns, typed total',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/hoi-nong-dan-huyen.xlsx', sheet: 'Danh sách',
      mix: [['cbccvc', 12]],
      category: false, status: false, date: 'none', numbering: false, total: 'typed', signature: true,
      headers: { address: 'Cơ sở Hội' },
      shapes: ['a:title-rows', 'e:total-typed', 'g:signature', 'j:no-category-no-status', 'date:none'],
    })),
  organisation('hoi-phu-nu-huyen', 'Hội Liên hiệp Phụ nữ huyện', ['HỘI LIÊN HIỆP PHỤ NỮ', 'HUYỆN AN LÃO'], 30_000_000, 'Hội LHPN',
    'có tập thể (Hội LHPN các xã) ủng hộ — collective donors', (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/hoi-phu-nu-huyen.xlsx', sheet: 'Danh sách',
      mix: [['cbccvc', 6], ['organisation', 8], ['resident', 6]],
      category: true, status: true, date: 'cell', numbering: true, total: 'sum', signature: true,
      shapes: ['a:title-rows', 'f:column-numbers', 'e:total-sum-formula', 'g:signature', 'j:category+status', 'date:cells'],
    })),
  organisation('huyen-doan', 'Huyện đoàn', ['HUYỆN ĐOÀN AN LÃO', 'BAN THƯỜNG VỤ'], 20_000_000, 'Chi đoàn',
    'CHƯA GỬI: chưa khai báo tệp nào — NOT REPORTED: no source configured yet', null, []),
  organisation('hoi-ccb-huyen', 'Hội Cựu chiến binh huyện', ['HỘI CỰU CHIẾN BINH', 'HUYỆN AN LÃO'], 10_000_000, 'Chi hội CCB',
    'có cột tình trạng, không có cột đối tượng, ngày dạng chữ — status column only, text dates',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/hoi-ccb-huyen.xlsx', sheet: 'Danh sách',
      mix: [['cbccvc', 9]],
      category: false, status: true, date: 'text', numbering: false, total: 'sum', signature: true,
      shapes: ['a:title-rows', 'e:total-sum-formula', 'g:signature', 'j:status-only', 'date:text'],
    })),
  organisation('hoi-chu-thap-do-huyen', 'Hội Chữ thập đỏ huyện', ['HỘI CHỮ THẬP ĐỎ', 'HUYỆN AN LÃO'], 145_000_000, 'Hội Chữ thập đỏ',
    'doanh nghiệp 10–50 triệu, nhà hảo tâm, kiều bào, có khoản mới đăng ký — businesses, philanthropists, pledges',
    (u, rng) => writeOfficialList(u, rng, {
      file: 'submissions/hoi-chu-thap-do-huyen.xlsx', sheet: 'Danh sách',
      mix: [['business', 5], ['philanthropist', 4], ['overseas', 2], ['organisation', 3]],
      category: true, status: true, date: 'cell', numbering: false, total: 'sum', signature: true, pledgeFirst: 'business',
      shapes: ['a:title-rows', 'e:total-sum-formula', 'g:signature', 'j:category+status', 'date:cells'],
    })),
];

const CAMPAIGN_TARGET = UNITS.reduce((s, u) => s + u.target, 0);

// =========================================================================================
// When the reports arrived (who is late: src/review/completeness.ts)
// =========================================================================================

/** "Trước ngày 05/10/2023", counted inclusive (campaign.deadlineInclusive defaults to true). */
const DEADLINE = '2023-10-05';

/**
 * Most lists carry their own date in the place-date line under the table ("…, ngày 28 tháng 9 năm
 * 2023"). Lists without one get the day staff received them in campaign.yaml (`submittedAt`, per unit
 * or per file): a file's modification time in a git checkout is only the checkout time.
 */
const TIMING: Readonly<Record<string, { signedOn?: string; submittedAt?: string; sources?: Readonly<Record<string, string>> }>> = {
  'xa-truong-tho': { submittedAt: '2023-10-02' },
  'xa-truong-thanh': { submittedAt: '2023-10-03' },
  // The deadline day itself: on time.
  'xa-quoc-tuan': { submittedAt: '2023-10-05' },
  'tt-truong-son': { sources: { 'submissions/tt-truong-son-bo-sung.xlsx': '2023-10-04' } },
  // A Google Sheets download with no date, received on 09/10: late by 4 days (date from the config).
  'xa-tan-vien': { submittedAt: '2023-10-09' },
  // Signed after the deadline: late by 2 days (date written in the sheet).
  'hoi-ccb-huyen': { signedOn: '2023-10-07' },
};

/** Latest place-date each unit wrote under its lists (ISO), recorded as the files are written. */
const signedDates = new Map<string, string>();

/** "2023-10-07" → "ngày 07 tháng 10 năm 2023". */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/** Ground truth of a unit's submission: config date > date in the sheet; status against DEADLINE. */
function expectedSubmission(u: UnitSpec, status: 'reported' | 'failed' | 'missing'): Record<string, unknown> {
  if (status !== 'reported') return { status };
  const t = TIMING[u.id] ?? {};
  const configured = Object.values(t.sources ?? {});
  const files = u.sources.map((s) => (typeof s === 'string' ? s : s.path));
  // A file without its own config date is dated by its sheet.
  const dates: { day: string; via: 'config' | 'sheet' }[] = files.map((f) => {
    const own = t.sources?.[f] ?? t.submittedAt;
    if (own) return { day: own, via: 'config' };
    const signed = signedDates.get(u.id);
    if (!signed) throw new Error(`${u.id}: ${f} has neither a place-date line nor a submittedAt`);
    return { day: signed, via: 'sheet' };
  });
  if (configured.length + files.length === 0) throw new Error(`${u.id}: no files`);
  const latest = dates.reduce((a, b) => (b.day > a.day ? b : a));
  const daysLate = Math.round((Date.parse(latest.day) - Date.parse(DEADLINE)) / 86_400_000);
  return {
    status: daysLate > 0 ? 'late' : 'on-time',
    submittedAt: latest.day,
    via: latest.via,
    ...(daysLate > 0 ? { daysLate } : {}),
  };
}

// =========================================================================================
// Donors
// =========================================================================================

type Mix = ReadonlyArray<readonly [DonorCategory, number]>;

/** Businesses are unique across the whole campaign (a company does not appear in two units). */
const usedBusinesses = new Set<string>();

function personName(rng: Rng, used: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const female = rng.chance(0.5);
    const name = [
      rng.weighted(SURNAMES),
      rng.weighted(female ? MIDDLE_FEMALE : MIDDLE_MALE),
      rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE),
    ].join(' ');
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('could not find a fresh name');
}

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

function workplace(u: UnitSpec, rng: Rng): string {
  const level = u.kind === 'town' ? 'thị trấn' : 'xã';
  return rng.pick([`UBND ${level}`, `Đảng ủy ${level}`, 'Trường THCS', 'Trường Tiểu học', 'Trường Mầm non', 'Trạm Y tế']);
}

function makeDonor(u: UnitSpec, rng: Rng, category: DonorCategory, withStatus: boolean, used: Set<string>): Donor {
  let place = rng.pick(u.places);
  const isOrg = u.kind === 'organisation';
  let name: string;
  let address = place;
  let note = '';
  if (category === 'other') throw new Error('the fixtures do not use category "other"');
  const amount = rng.pick(AMOUNTS[category]);
  switch (category) {
    case 'resident':
      name = personName(rng, used);
      break;
    case 'cbccvc':
      name = personName(rng, used);
      address = isOrg ? (rng.chance(0.4) ? `Cơ quan ${u.name}` : place) : workplace(u, rng);
      note = rng.chance(0.5) ? '01 ngày lương' : '';
      break;
    case 'business': {
      const free = BUSINESSES.filter((b) => !usedBusinesses.has(b));
      name = rng.pick(free);
      usedBusinesses.add(name);
      used.add(name);
      note = rng.chance(0.5) ? 'Chuyển khoản' : '';
      break;
    }
    case 'philanthropist':
      name = personName(rng, used);
      note = 'Nhà hảo tâm';
      break;
    case 'overseas':
      name = personName(rng, used);
      note = `Kiều bào tại ${rng.pick(COUNTRIES)}`;
      break;
    case 'armed-forces':
      name = personName(rng, used);
      address = rng.pick([`Công an ${u.kind === 'town' ? 'thị trấn' : 'xã'}`, 'Ban CHQS']);
      break;
    case 'organisation': {
      const free = u.places.filter((p) => !used.has(`${u.collective} ${lowerFirst(p)}`));
      place = rng.pick(free);
      address = place;
      name = `${u.collective} ${lowerFirst(place)}`;
      used.add(name);
      break;
    }
  }
  const date = new Date(Date.UTC(2023, 7, 5 + rng.int(0, 55)));
  const status = withStatus ? rng.weighted(STATUS_WEIGHTS) : 'collected';
  const form = category === 'business' || rng.chance(0.2) ? 'Chuyển khoản' : 'Tiền mặt';
  return { name, address, place, category, status, amount, date, note, form };
}

function makeDonors(u: UnitSpec, rng: Rng, mix: Mix, opts: { category: boolean; status: boolean }): Donor[] {
  const fallback = defaultCategory(u);
  for (const [category] of mix) {
    if (!opts.category && category !== fallback) {
      throw new Error(`${u.id}: a list without a category column can only hold "${fallback}" donors`);
    }
  }
  const used = new Set<string>();
  const out: Donor[] = [];
  for (const [category, count] of mix) {
    for (let i = 0; i < count; i++) out.push(makeDonor(u, rng, category, opts.status, used));
  }
  return rng.shuffle(out);
}

/** Expected category of a row in a list that has no category column (see expected.json notes). */
function defaultCategory(u: UnitSpec): DonorCategory {
  return u.kind === 'organisation' || u.kind === 'agency' ? 'cbccvc' : 'resident';
}

// =========================================================================================
// Formatting helpers
// =========================================================================================

/** 1500000 → "1.500.000" (or with another separator). */
function grouped(n: number, sep = '.'): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

type AmountStyle = 'number' | 'dots' | 'commas' | 'dots-d' | 'dots-space-d';

/** The amount as a unit would type it. Commas only for ≥ 1.000.000 so "500,000" never looks like a decimal. */
function typedAmount(n: number, style: AmountStyle): ExcelJS.CellValue {
  switch (style) {
    case 'number':
      return n;
    case 'dots':
      return grouped(n);
    case 'commas':
      return n >= 1_000_000 ? grouped(n, ',') : grouped(n);
    case 'dots-d':
      return `${grouped(n)}đ`;
    case 'dots-space-d':
      return `${grouped(n)} đ`;
  }
}

/**
 * Makes sure each required text style is used at least once (a shape the fixture promises must
 * really be there), by re-styling the first row whose style is used more than once.
 * "commas" goes to an amount ≥ 1.000.000 (see typedAmount).
 */
function ensureStyles(donors: readonly Donor[], style: Map<Donor, AmountStyle>, required: readonly AmountStyle[]): void {
  for (const want of required) {
    const present = donors.some((d) => style.get(d) === want && (want !== 'commas' || d.amount >= 1_000_000));
    if (present) continue;
    const count = (s: AmountStyle | undefined): number => donors.filter((d) => style.get(d) === s).length;
    const victim = donors.find((d) => count(style.get(d)) > 1 && !required.includes(style.get(d) ?? 'number') && (want !== 'commas' || d.amount >= 1_000_000))
      ?? donors.find((d) => count(style.get(d)) > 1 && (want !== 'commas' || d.amount >= 1_000_000));
    if (!victim) throw new Error(`cannot place amount style ${want}`);
    style.set(victim, want);
  }
}

/** "15/8/2023", or "15/08/2023" when padded. */
function textDate(d: Date, pad = false): string {
  const dd = String(d.getUTCDate());
  const mm = String(d.getUTCMonth() + 1);
  return pad ? `${dd.padStart(2, '0')}/${mm.padStart(2, '0')}/${d.getUTCFullYear()}` : `${dd}/${mm}/${d.getUTCFullYear()}`;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

// =========================================================================================
// Sheet layout helpers (exceljs)
// =========================================================================================

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

interface Style {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  border?: boolean;
  numFmt?: string;
}

function put(ws: ExcelJS.Worksheet, row: number, col: number, value: ExcelJS.CellValue, style: Style = {}): ExcelJS.Cell {
  const cell = ws.getCell(row, col);
  cell.value = value;
  cell.font = { name: FONT, size: style.size ?? 12, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}) };
  cell.alignment = { vertical: 'middle', horizontal: style.align ?? 'left', ...(style.wrap ? { wrapText: true } : {}) };
  if (style.border) cell.border = THIN;
  if (style.numFmt !== undefined) cell.numFmt = style.numFmt;
  return cell;
}

/** Merges row r (or rows r..r2), columns c1..c2, puts the value in the top-left cell and styles the rest. */
function mergePut(
  ws: ExcelJS.Worksheet, r: number, c1: number, c2: number, value: ExcelJS.CellValue, style: Style = {}, r2 = r,
): void {
  for (let rr = r; rr <= r2; rr++) {
    for (let c = c1; c <= c2; c++) if (rr !== r || c !== c1) put(ws, rr, c, null, style);
  }
  if (c2 > c1 || r2 > r) ws.mergeCells(r, c1, r2, c2);
  put(ws, r, c1, value, style);
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MTTQ';
  wb.lastModifiedBy = 'MTTQ';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  return wb;
}

function addSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  return wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
}

/**
 * Official letterhead: unit on the left, national motto on the right, then the list's title lines
 * across the table, then a blank row. Returns the next free row.
 */
function placeLetterhead(
  ws: ExcelJS.Worksheet, u: UnitSpec, width: number, titles: readonly string[], subtitle?: string, c0 = 1,
): number {
  const leftW = Math.max(2, Math.floor(width * 0.4));
  const last = c0 + width - 1;
  mergePut(ws, 1, c0, c0 + leftW - 1, u.letterhead[0], { align: 'center', size: 12 });
  mergePut(ws, 1, c0 + leftW, last, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, align: 'center', size: 12 });
  mergePut(ws, 2, c0, c0 + leftW - 1, u.letterhead[1], { bold: true, align: 'center' });
  mergePut(ws, 2, c0 + leftW, last, 'Độc lập - Tự do - Hạnh phúc', { bold: true, align: 'center', size: 13 });
  let r = 4; // row 3 stays blank
  for (const title of titles) {
    mergePut(ws, r, c0, last, title, { bold: true, align: 'center', size: 14 });
    r++;
  }
  if (subtitle !== undefined) {
    mergePut(ws, r, c0, last, subtitle, { italic: true, align: 'center' });
    r++;
  }
  return r + 1; // one blank row before the table
}

const LIST_TITLES = ['DANH SÁCH ỦNG HỘ KINH PHÍ HỖ TRỢ LÀM NHÀ ĐẠI ĐOÀN KẾT', 'CHO HỘ NGHÈO TỈNH ĐIỆN BIÊN'] as const;
const PLAN_SUBTITLE = '(Thực hiện Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão)';

interface Col {
  key: 'stt' | 'name' | 'address' | 'category' | 'status' | 'amount' | 'date' | 'note' | 'form' | 'headcount' | 'participants';
  header: string;
  /** Two-row headers: the upper label shared by consecutive columns. */
  group?: string;
  width: number;
  align?: 'left' | 'center' | 'right';
  numFmt?: string;
  value: (d: Donor, stt: number) => ExcelJS.CellValue;
}

const col = {
  stt: (header = 'STT'): Col => ({ key: 'stt', header, width: 6, align: 'center', value: (_d, n) => n }),
  name: (header = 'Họ và tên'): Col => ({ key: 'name', header, width: 30, value: (d) => d.name }),
  address: (header = 'Địa chỉ'): Col => ({ key: 'address', header, width: 24, value: (d) => d.address }),
  category: (header = 'Đối tượng', labels = CATEGORY_LABEL): Col => ({
    key: 'category', header, width: 14, align: 'center', value: (d) => labels[d.category],
  }),
  status: (header = 'Tình trạng'): Col => ({
    key: 'status', header, width: 12, align: 'center', value: (d) => STATUS_LABEL[d.status],
  }),
  amount: (header = 'Số tiền (đồng)'): Col => ({
    key: 'amount', header, width: 16, align: 'right', numFmt: '#,##0', value: (d) => d.amount,
  }),
  /** Amount typed by hand in a per-row style. */
  amountTyped: (header: string, style: (d: Donor) => AmountStyle): Col => ({
    key: 'amount', header, width: 16, align: 'right', numFmt: '#,##0', value: (d) => typedAmount(d.amount, style(d)),
  }),
  dateCell: (header = 'Ngày nộp'): Col => ({
    key: 'date', header, width: 12, align: 'center', numFmt: 'dd/mm/yyyy', value: (d) => d.date,
  }),
  dateText: (header = 'Ngày nộp', pad = false): Col => ({
    key: 'date', header, width: 12, align: 'center', value: (d) => textDate(d.date, pad),
  }),
  note: (header = 'Ghi chú'): Col => ({ key: 'note', header, width: 20, value: (d) => d.note || null }),
  form: (header = 'Hình thức'): Col => ({ key: 'form', header, width: 14, align: 'center', value: (d) => d.form }),
};

type Line = { kind: 'donor'; donor: Donor } | { kind: 'heading'; text: string } | { kind: 'blank' };
const donorLines = (donors: readonly Donor[]): Line[] => donors.map((donor) => ({ kind: 'donor', donor }));

type Total = { label: string; how: 'sum' } | { label: string; how: 'typed'; value: ExcelJS.CellValue };

interface Signature {
  placeDate: string;
  preparer: string;
  onBehalf: string;
  title: string;
  signer: string;
}

interface ListSpec {
  /** Row of the (first) header row, 1-based. */
  headerRow: number;
  /** First column of the table, 1-based (default 1). */
  startCol?: number;
  columns: readonly Col[];
  lines: readonly Line[];
  twoRowHeader?: boolean;
  /** The "(1) (2) (3) …" row under the header. */
  numbering?: boolean;
  total?: Total;
  signature?: Signature;
}

interface Placed {
  /** 1-based column of the amount. */
  amountCol: number;
  firstRow: number;
  lastRow: number;
  /** Amount cell of each donor row ("F12"). */
  cellOf: Map<Donor, string>;
  totalCell: string | null;
  /** Donor rows with a valid amount, and their sum. */
  counted: Donor[];
  sum: number;
  nextRow: number;
}

/** Lays out a donor table: header (one or two rows), optional number row, lines, total, signature. */
function placeList(ws: ExcelJS.Worksheet, spec: ListSpec): Placed {
  const c0 = spec.startCol ?? 1;
  const cols = spec.columns;
  const amountIdx = cols.findIndex((c) => c.key === 'amount');
  const nameIdx = cols.findIndex((c) => c.key === 'name');
  if (amountIdx < 0) throw new Error('a list needs an amount column');
  cols.forEach((c, i) => {
    ws.getColumn(c0 + i).width = c.width;
  });

  const head: Style = { bold: true, align: 'center', wrap: true, border: true };
  let r = spec.headerRow;
  if (spec.twoRowHeader) {
    let i = 0;
    while (i < cols.length) {
      const first = cols[i] as Col;
      if (first.group === undefined) {
        mergePut(ws, r, c0 + i, c0 + i, first.header, head, r + 1);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < cols.length && cols[j + 1]?.group === first.group) j++;
      mergePut(ws, r, c0 + i, c0 + j, first.group, head);
      for (let k = i; k <= j; k++) put(ws, r + 1, c0 + k, cols[k]?.header ?? null, head);
      i = j + 1;
    }
    r += 2;
  } else {
    cols.forEach((c, i) => put(ws, r, c0 + i, c.header, head));
    ws.getRow(r).height = 33;
    r++;
  }
  if (spec.numbering) {
    cols.forEach((_c, i) => put(ws, r, c0 + i, `(${i + 1})`, { italic: true, align: 'center', border: true }));
    r++;
  }

  const firstRow = r;
  const cellOf = new Map<Donor, string>();
  const counted: Donor[] = [];
  let sum = 0;
  let stt = 0;
  for (const line of spec.lines) {
    if (line.kind === 'blank') {
      cols.forEach((_c, i) => put(ws, r, c0 + i, null, { border: true }));
    } else if (line.kind === 'heading') {
      mergePut(ws, r, c0, c0 + Math.max(nameIdx, 1), line.text, { bold: true, border: true });
      cols.forEach((_c, i) => {
        if (i > Math.max(nameIdx, 1)) put(ws, r, c0 + i, null, { border: true });
      });
    } else {
      stt++;
      const d = line.donor;
      cols.forEach((c, i) => {
        const style: Style = { border: true, align: c.align ?? 'left', wrap: c.key === 'name' };
        if (i === amountIdx && d.raw) put(ws, r, c0 + i, d.raw.amount, style);
        else {
          const value = c.value(d, stt);
          put(ws, r, c0 + i, value, typeof value === 'number' || value instanceof Date ? { ...style, ...(c.numFmt ? { numFmt: c.numFmt } : {}) } : style);
        }
      });
      cellOf.set(d, ws.getCell(r, c0 + amountIdx).address);
      if (!d.raw) {
        counted.push(d);
        sum += d.amount;
      }
    }
    r++;
  }
  const lastRow = r - 1;

  let totalCell: string | null = null;
  if (spec.total) {
    const labelTo = c0 + Math.max(nameIdx, 0);
    mergePut(ws, r, c0, labelTo, spec.total.label, { bold: true, align: 'center', border: true });
    for (let c = labelTo + 1; c < c0 + cols.length; c++) put(ws, r, c, null, { border: true });
    const letter = ws.getColumn(c0 + amountIdx).letter;
    const value: ExcelJS.CellValue =
      spec.total.how === 'sum' ? { formula: `SUM(${letter}${firstRow}:${letter}${lastRow})`, result: sum } : spec.total.value;
    put(ws, r, c0 + amountIdx, value, { bold: true, border: true, align: 'right', numFmt: '#,##0' });
    totalCell = ws.getCell(r, c0 + amountIdx).address;
    r++;
  }
  if (spec.signature) r = placeSignature(ws, r + 1, c0, cols.length, Math.max(nameIdx, 0), spec.signature);
  return { amountCol: c0 + amountIdx, firstRow, lastRow, cellOf, totalCell, counted, sum, nextRow: r };
}

/** Place-date line, "Người lập biểu" on the left, "TM. BAN THƯỜNG TRỰC / CHỦ TỊCH" on the right, names. */
function placeSignature(ws: ExcelJS.Worksheet, row: number, c0: number, width: number, nameIdx: number, s: Signature): number {
  const rightFrom = c0 + Math.max(nameIdx + 1, width - 3);
  const rightTo = c0 + width - 1;
  const leftCol = c0 + nameIdx;
  let r = row;
  mergePut(ws, r, rightFrom, rightTo, s.placeDate, { italic: true, align: 'center' });
  r++;
  put(ws, r, leftCol, 'Người lập biểu', { bold: true, align: 'center' });
  mergePut(ws, r, rightFrom, rightTo, s.onBehalf, { bold: true, align: 'center' });
  r++;
  mergePut(ws, r, rightFrom, rightTo, s.title, { bold: true, align: 'center' });
  r += 4; // room for signature and seal
  put(ws, r, leftCol, s.preparer, { bold: true, align: 'center' });
  mergePut(ws, r, rightFrom, rightTo, s.signer, { bold: true, align: 'center' });
  return r + 1;
}

function signatureFor(u: UnitSpec, rng: Rng): Signature {
  const used = new Set<string>();
  const place = u.kind === 'organisation' ? 'An Lão' : communeShort(u.name);
  // The random day is drawn even when TIMING overrides it, so every other value stays the same.
  const day = `2023-09-${rng.int(28, 30)}`;
  const signed = TIMING[u.id]?.signedOn ?? day;
  if (signed > (signedDates.get(u.id) ?? '')) signedDates.set(u.id, signed);
  return {
    placeDate: `${place}, ${longDate(signed)}`,
    preparer: personName(rng, used),
    onBehalf: u.signer.onBehalf,
    title: u.signer.title,
    signer: personName(rng, used),
  };
}

// =========================================================================================
// Writing files
// =========================================================================================

/** Pins every zip entry's DOS date/time (JSZip stamps "now"), so the bytes are reproducible. */
function pinZipTimestamps(buf: Buffer): Buffer {
  const DOS_TIME = (8 << 11) | (0 << 5); // 08:00:00
  const DOS_DATE = ((2023 - 1980) << 9) | (10 << 5) | 2; // 2023-10-02
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    buf.writeUInt16LE(DOS_TIME, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    buf.writeUInt16LE(DOS_TIME, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

async function workbookBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  const out = await wb.xlsx.writeBuffer();
  return pinZipTimestamps(Buffer.from(out as ArrayBuffer));
}

async function saveBytes(rel: string, bytes: Buffer | string): Promise<void> {
  const abs = path.join(CAMPAIGN_DIR, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
}

async function saveWorkbook(wb: ExcelJS.Workbook, rel: string): Promise<void> {
  await saveBytes(rel, await workbookBytes(wb));
}

// =========================================================================================
// Submission shapes: one function per shape
// =========================================================================================

interface ListRecipe {
  file: string;
  sheet: string;
  mix: Mix;
  category: boolean;
  status: boolean;
  form?: boolean;
  date: 'cell' | 'text' | 'none';
  numbering: boolean;
  /** SUM formula with cached result, typed number, typed wrong (stated = sum + wrongBy), or none. */
  total: 'sum' | 'typed' | 'none' | { wrongBy: number };
  signature: boolean;
  headers?: Partial<Record<'name' | 'address' | 'amount', string>>;
  /** Force the first donor of this category to "Đăng ký" (pledged, not yet paid). */
  pledgeFirst?: DonorCategory;
  shapes: string[];
}

function officialColumns(r: ListRecipe): Col[] {
  return [
    col.stt(),
    col.name(r.headers?.name),
    col.address(r.headers?.address),
    ...(r.category ? [col.category()] : []),
    ...(r.form ? [col.form()] : []),
    col.amount(r.headers?.amount),
    ...(r.status ? [col.status()] : []),
    ...(r.date === 'cell' ? [col.dateCell()] : r.date === 'text' ? [col.dateText()] : []),
    col.note(),
  ];
}

/** Builds (without saving) the standard official list described by a recipe. */
function buildOfficialList(u: UnitSpec, rng: Rng, r: ListRecipe): { wb: ExcelJS.Workbook; placed: Placed; problems: Problem[] } {
  const donors = makeDonors(u, rng, r.mix, { category: r.category, status: r.status });
  const pledger = r.pledgeFirst === undefined ? undefined : donors.find((d) => d.category === r.pledgeFirst);
  if (r.pledgeFirst !== undefined && (!pledger || !r.status)) throw new Error(`${u.id}: nothing to pledge`);
  if (pledger) pledger.status = 'pledged';
  const sum = donors.reduce((s, d) => s + d.amount, 0);
  const wb = newWorkbook();
  const ws = addSheet(wb, r.sheet);
  const columns = officialColumns(r);
  const headerRow = placeLetterhead(ws, u, columns.length, LIST_TITLES, PLAN_SUBTITLE);
  const total: Total | undefined =
    r.total === 'sum' ? { label: 'Tổng cộng', how: 'sum' }
    : r.total === 'typed' ? { label: 'Tổng cộng', how: 'typed', value: sum }
    : r.total === 'none' ? undefined
    : { label: 'Tổng cộng', how: 'typed', value: sum + r.total.wrongBy };
  const placed = placeList(ws, {
    headerRow, columns, lines: donorLines(donors), numbering: r.numbering,
    ...(total ? { total } : {}),
    ...(r.signature ? { signature: signatureFor(u, rng) } : {}),
  });
  const problems: Problem[] = [];
  if (typeof r.total === 'object' && placed.totalCell) {
    problems.push({
      code: 'TOTAL_MISMATCH', unit: u.id, file: r.file, sheet: r.sheet, cell: placed.totalCell,
      detail: `Dòng "Tổng cộng" gõ tay ${grouped(sum + r.total.wrongBy)} nhưng các dòng cộng lại được ${grouped(sum)} (chênh ${grouped(r.total.wrongBy)}).`,
      stated: sum + r.total.wrongBy, computed: sum,
    });
  }
  return { wb, placed, problems };
}

/** (a)(e)(f)(g)(j): the common official list; the recipe picks the optional parts. */
async function writeOfficialList(u: UnitSpec, rng: Rng, r: ListRecipe): Promise<Outcome> {
  const { wb, placed, problems } = buildOfficialList(u, rng, r);
  await saveWorkbook(wb, r.file);
  return { status: 'reported', files: [{ path: r.file, counted: placed.counted }], problems, notices: [], shapes: r.shapes };
}

/** (b) Two-row merged header: "Người ủng hộ" over name/address/category, "Ủng hộ" over amount/date. */
async function writeTwoRowHeader(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const donors = makeDonors(u, rng, [['resident', 20], ['cbccvc', 6], ['business', 1]], { category: true, status: false });
  const wb = newWorkbook();
  const ws = addSheet(wb, 'Danh sách');
  const columns: Col[] = [
    col.stt(),
    { ...col.name(), group: 'Người ủng hộ' },
    { ...col.address('Thôn'), group: 'Người ủng hộ' },
    { ...col.category(), group: 'Người ủng hộ' },
    { ...col.amount(), group: 'Ủng hộ' },
    { ...col.dateText(), group: 'Ủng hộ' },
    col.note(),
  ];
  const headerRow = placeLetterhead(ws, u, columns.length, LIST_TITLES, PLAN_SUBTITLE);
  const sum = donors.reduce((s, d) => s + d.amount, 0);
  const placed = placeList(ws, {
    headerRow, columns, lines: donorLines(donors), twoRowHeader: true,
    total: { label: 'Tổng cộng', how: 'typed', value: sum },
    signature: signatureFor(u, rng),
  });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['a:title-rows', 'b:two-row-merged-header', 'e:total-typed', 'g:signature', 'j:category-only', 'date:text'],
  };
}

/** (c)(d) Typed without a Vietnamese keyboard: headers with odd case/spaces/line breaks, amounts as text. */
async function writeNoDiacritics(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const sheet = 'DS';
  const donors = makeDonors(u, rng, [['resident', 15], ['cbccvc', 5], ['business', 1]], { category: true, status: false });
  const style = new Map<Donor, AmountStyle>();
  for (const d of donors) style.set(d, rng.weighted<AmountStyle>([['number', 4], ['dots', 3], ['commas', 2], ['dots-d', 1]]));
  ensureStyles(donors, style, ['dots', 'commas', 'dots-d']);
  const wb = newWorkbook();
  const ws = addSheet(wb, sheet);
  const columns: Col[] = [
    col.stt(' STT '),
    col.name('HO VA  TEN'),
    col.address('Dia chi\n(thon)'),
    col.category('DOI TUONG', CATEGORY_LABEL_ASCII),
    col.amountTyped('So tien\n(dong)', (d) => style.get(d) ?? 'number'),
    col.dateText('ngay  nop'),
    col.note('Ghi chu '),
  ];
  mergePut(ws, 1, 1, columns.length, 'DANH SACH UNG HO NHA DAI DOAN KET CHO HO NGHEO TINH DIEN BIEN - XA TRUONG THO', { bold: true, align: 'center', size: 13 });
  const placed = placeList(ws, { headerRow: 3, columns, lines: donorLines(donors) });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['c:headers-without-diacritics', 'd:amounts-as-text', 'j:category-ascii-labels', 'no-total', 'date:text'],
  };
}

/** (h) CSV, UTF-8 with BOM, comma-separated, header row first, CRLF line ends. */
async function writeCsv(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.csv`;
  const donors = makeDonors(u, rng, [['resident', 14]], { category: false, status: false });
  const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền', 'Ngày nộp', 'Ghi chú']];
  donors.forEach((d, i) => {
    const style = rng.weighted<'plain' | 'dots' | 'commas'>([['plain', 6], ['dots', 3], ['commas', 2]]);
    const amount = style === 'plain' ? String(d.amount) : style === 'dots' ? grouped(d.amount) : d.amount >= 1_000_000 ? grouped(d.amount, ',') : String(d.amount);
    const note = d.note || (rng.chance(0.2) ? `Nộp tại nhà văn hóa, ${lowerFirst(d.place)}` : '');
    lines.push([String(i + 1), d.name, d.address, amount, textDate(d.date, true), note]);
  });
  await saveBytes(file, `\uFEFF${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`);
  return {
    status: 'reported', files: [{ path: file, counted: donors }], problems: [], notices: [],
    shapes: ['h:csv-utf8-bom', 'd:amounts-as-text', 'j:no-category-no-status', 'date:text'],
  };
}

/** (i) One sheet per hamlet plus a "Tổng hợp" summary sheet (first) that has no name column. */
async function writeHamletSheets(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const donors = makeDonors(u, rng, [['resident', 24]], { category: false, status: true });
  const wb = newWorkbook();
  const summary = addSheet(wb, 'Tổng hợp');
  const perHamlet: { place: string; sheet: string; count: number; sum: number; totalCell: string; first: number; last: number }[] = [];
  const counted: Donor[] = [];
  for (const place of u.places) {
    const mine = donors.filter((d) => d.place === place);
    if (mine.length === 0) throw new Error(`${u.id}: no donors in ${place}`);
    const ws = addSheet(wb, place);
    const columns: Col[] = [col.stt(), col.name(), col.amount(), col.status(), col.dateCell(), col.note()];
    mergePut(ws, 1, 1, columns.length, `DANH SÁCH ỦNG HỘ NHÀ ĐẠI ĐOÀN KẾT - ${place.toLocaleUpperCase('vi')}`, { bold: true, align: 'center', size: 13 });
    const placed = placeList(ws, { headerRow: 3, columns, lines: donorLines(mine), total: { label: 'Cộng', how: 'sum' } });
    if (!placed.totalCell) throw new Error('hamlet sheet without total');
    perHamlet.push({ place, sheet: place, count: placed.counted.length, sum: placed.sum, totalCell: placed.totalCell, first: placed.firstRow, last: placed.lastRow });
    counted.push(...placed.counted);
  }

  const columns = ['STT', 'Thôn', 'Số người ủng hộ', 'Số tiền (đồng)', 'Ghi chú'];
  [6, 24, 16, 18, 20].forEach((w, i) => {
    summary.getColumn(i + 1).width = w;
  });
  mergePut(summary, 1, 1, columns.length, 'ỦY BAN MTTQ VIỆT NAM XÃ AN TIẾN', { bold: true, align: 'center' });
  mergePut(summary, 2, 1, columns.length, 'TỔNG HỢP KẾT QUẢ ỦNG HỘ NHÀ ĐẠI ĐOÀN KẾT CHO HỘ NGHÈO TỈNH ĐIỆN BIÊN', { bold: true, align: 'center', size: 13 });
  columns.forEach((h, i) => put(summary, 4, i + 1, h, { bold: true, align: 'center', wrap: true, border: true }));
  let r = 5;
  perHamlet.forEach((h, i) => {
    const ref = `'${h.sheet}'`;
    put(summary, r, 1, i + 1, { border: true, align: 'center' });
    put(summary, r, 2, h.place, { border: true });
    put(summary, r, 3, { formula: `COUNTA(${ref}!B${h.first}:B${h.last})`, result: h.count }, { border: true, align: 'center' });
    put(summary, r, 4, { formula: `${ref}!${h.totalCell}`, result: h.sum }, { border: true, align: 'right', numFmt: '#,##0' });
    put(summary, r, 5, null, { border: true });
    r++;
  });
  mergePut(summary, r, 1, 2, 'Tổng cộng', { bold: true, align: 'center', border: true });
  put(summary, r, 3, { formula: `SUM(C5:C${r - 1})`, result: counted.length }, { bold: true, border: true, align: 'center' });
  put(summary, r, 4, { formula: `SUM(D5:D${r - 1})`, result: counted.reduce((s, d) => s + d.amount, 0) }, { bold: true, border: true, align: 'right', numFmt: '#,##0' });
  put(summary, r, 5, null, { border: true });
  placeSignature(summary, r + 2, 1, columns.length, 1, signatureFor(u, rng));

  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted }], problems: [],
    notices: [{
      code: 'SHEET_SUMMARY_SKIPPED', unit: u.id, file, sheet: 'Tổng hợp',
      detail: 'Trang tổng hợp không có cột họ tên; không được cộng thêm (tránh tính trùng).',
    }],
    shapes: ['i:sheet-per-hamlet+summary', 'e:total-sum-formula(per sheet)', 'j:status-only', 'date:cells'],
  };
}

/** (g) Group headings "I. Thôn Tiên Hội" inside the list, blank rows between groups and in a group. */
async function writeGroupedList(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const sheet = 'Danh sách';
  const donors = makeDonors(u, rng, [['resident', 22], ['cbccvc', 4], ['philanthropist', 1]], { category: true, status: true });
  const staff = 'Cán bộ, công chức, viên chức xã';
  const groupOf = (d: Donor): string => (d.category === 'cbccvc' ? staff : d.place);
  const lines: Line[] = [];
  [...u.places, staff].forEach((group, i) => {
    const members = donors.filter((d) => groupOf(d) === group);
    if (members.length === 0) return;
    if (i > 0) lines.push({ kind: 'blank' });
    lines.push({ kind: 'heading', text: `${ROMAN[i] ?? String(i + 1)}. ${group}` });
    members.forEach((donor, k) => {
      lines.push({ kind: 'donor', donor });
      if (i === 0 && k === 2) lines.push({ kind: 'blank' }); // a stray blank row inside a group
    });
  });
  const ordered = lines.flatMap((l) => (l.kind === 'donor' ? [l.donor] : []));
  if (ordered.length !== donors.length) throw new Error(`${u.id}: grouping lost donors`);
  const wb = newWorkbook();
  const ws = addSheet(wb, sheet);
  const columns = [col.stt(), col.name(), col.address(), col.category(), col.amount(), col.status(), col.dateCell(), col.note()];
  const headerRow = placeLetterhead(ws, u, columns.length, LIST_TITLES, PLAN_SUBTITLE);
  const sum = donors.reduce((s, d) => s + d.amount, 0);
  const placed = placeList(ws, {
    headerRow, columns, lines, total: { label: 'Tổng cộng', how: 'typed', value: sum }, signature: signatureFor(u, rng),
  });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['a:title-rows', 'g:group-headings', 'g:blank-rows', 'g:signature', 'e:total-typed', 'j:category+status', 'date:cells'],
  };
}

/** (k) Row-level problems: an amount written in words, and a donor row with no amount. */
async function writeWithProblems(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const sheet = 'Danh sách';
  const donors = makeDonors(u, rng, [['resident', 14]], { category: false, status: true });
  const [inWords, noAmount] = donors.splice(4, 2) as [Donor, Donor];
  inWords.raw = { amount: 'hai trăm nghìn' };
  inWords.status = 'collected';
  noAmount.raw = { amount: null };
  noAmount.status = 'pledged';
  noAmount.note = 'Hẹn nộp sau';
  donors.splice(4, 0, inWords);
  donors.splice(10, 0, noAmount);
  const wb = newWorkbook();
  const ws = addSheet(wb, sheet);
  const columns = [col.stt(), col.name(), col.address(), col.amount(), col.status(), col.dateText(), col.note()];
  const headerRow = placeLetterhead(ws, u, columns.length, LIST_TITLES, PLAN_SUBTITLE);
  const placed = placeList(ws, { headerRow, columns, lines: donorLines(donors) });
  await saveWorkbook(wb, file);
  const at = (d: Donor): string => {
    const cell = placed.cellOf.get(d);
    if (!cell) throw new Error('problem row not placed');
    return cell;
  };
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], notices: [],
    problems: [
      {
        code: 'AMOUNT_INVALID', alsoAccept: ['AMOUNT_AMBIGUOUS'], unit: u.id, file, sheet, cell: at(inWords),
        value: 'hai trăm nghìn', detail: `Số tiền của "${inWords.name}" ghi bằng chữ; không cộng dòng này.`,
      },
      {
        code: 'AMOUNT_MISSING', unit: u.id, file, sheet, cell: at(noAmount),
        value: '', detail: `Dòng của "${noAmount.name}" có họ tên nhưng ô số tiền để trống; không cộng dòng này.`,
      },
    ],
    shapes: ['a:title-rows', 'k:amount-in-words', 'k:amount-missing', 'no-total', 'j:status-only', 'date:text'],
  };
}

/** (k) A broken file: a real .xlsx cut off part-way, so the zip has no central directory. */
async function writeCorrupt(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const { wb } = buildOfficialList(u, rng, {
    file, sheet: 'Danh sách', mix: [['resident', 12]], category: false, status: false, date: 'cell',
    numbering: false, total: 'sum', signature: true, shapes: [],
  });
  const bytes = await workbookBytes(wb);
  await saveBytes(file, bytes.subarray(0, Math.floor(bytes.length * 0.55)));
  return {
    status: 'failed', files: [{ path: file, counted: [] }], notices: [],
    problems: [{
      code: 'SOURCE_CORRUPT', unit: u.id, file, sheet: null, cell: null,
      detail: 'Tệp .xlsx bị cắt cụt (mất phần cuối của tệp zip); không đọc được dòng nào.',
    }],
    shapes: ['k:corrupt-truncated-xlsx'],
  };
}

/** Two files for one unit: the main list and a later supplement ("bổ sung đợt 2"). */
async function writeMainAndSupplement(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const main = await writeOfficialList(u, rng, {
    file: 'submissions/tt-truong-son.xlsx', sheet: 'Danh sách',
    mix: [['resident', 20], ['cbccvc', 8], ['business', 2], ['armed-forces', 2]],
    category: true, status: true, date: 'cell', numbering: false, total: 'sum', signature: true, shapes: [],
  });
  const file = 'submissions/tt-truong-son-bo-sung.xlsx';
  const donors = makeDonors(u, rng, [['resident', 5], ['business', 1]], { category: true, status: true });
  const wb = newWorkbook();
  const ws = addSheet(wb, 'Bổ sung');
  const columns = [col.stt(), col.name(), col.address(), col.category(), col.amount(), col.status(), col.dateCell(), col.note()];
  mergePut(ws, 1, 1, columns.length, 'DANH SÁCH ỦNG HỘ BỔ SUNG (ĐỢT 2) - THỊ TRẤN TRƯỜNG SƠN', { bold: true, align: 'center', size: 13 });
  const placed = placeList(ws, { headerRow: 3, columns, lines: donorLines(donors), total: { label: 'Cộng', how: 'sum' } });
  await saveWorkbook(wb, file);
  return {
    ...main,
    files: [...main.files, { path: file, counted: placed.counted }],
    shapes: ['two-files', 'a:title-rows', 'e:total-sum-formula', 'g:signature', 'j:category+status', 'date:cells'],
  };
}

/** (d) Every amount typed as text with "đ" ("200.000đ", "500.000 đ"), total typed as text too. */
async function writeTextAmounts(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const donors = makeDonors(u, rng, [['resident', 9]], { category: false, status: false });
  const style = new Map<Donor, AmountStyle>();
  for (const d of donors) style.set(d, rng.weighted<AmountStyle>([['dots-d', 3], ['dots-space-d', 3], ['dots', 1]]));
  ensureStyles(donors, style, ['dots-d', 'dots-space-d']);
  const wb = newWorkbook();
  const ws = addSheet(wb, 'Danh sách');
  const columns = [
    col.stt(), col.name(), col.address('Thôn'),
    col.amountTyped('Số tiền', (d) => style.get(d) ?? 'dots'),
    col.dateText(), col.note(),
  ];
  const headerRow = placeLetterhead(ws, u, columns.length, LIST_TITLES);
  const sum = donors.reduce((s, d) => s + d.amount, 0);
  const placed = placeList(ws, {
    headerRow, columns, lines: donorLines(donors),
    total: { label: 'Tổng cộng', how: 'typed', value: `${grouped(sum)}đ` },
    signature: signatureFor(u, rng),
  });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['a:title-rows', 'd:amounts-as-text', 'e:total-typed-as-text', 'g:signature', 'j:no-category-no-status', 'date:text'],
  };
}

/** A Google Sheets download: header in row 1, default sheet name, no total, no signature. */
async function writePlainExport(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const donors = makeDonors(u, rng, [['resident', 6]], { category: false, status: false });
  const wb = newWorkbook();
  const ws = addSheet(wb, 'Trang tính1');
  const columns = [col.stt(), col.name(), col.address(), col.amount('Số tiền (đồng)'), col.dateCell(), col.note()];
  const placed = placeList(ws, { headerRow: 1, columns, lines: donorLines(donors) });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['header-row-1', 'no-total', 'j:no-category-no-status', 'date:cells'],
  };
}

/** The table does not start at A1: title in B1, header in row 4 from column B. */
async function writeOffsetTable(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const donors = makeDonors(u, rng, [['resident', 38]], { category: false, status: true });
  const wb = newWorkbook();
  const ws = addSheet(wb, 'Danh sách');
  ws.getColumn(1).width = 3;
  const columns = [col.stt(), col.name(), col.address('Thôn'), col.amount(), col.status(), col.dateCell()];
  mergePut(ws, 1, 2, columns.length + 1, 'DANH SÁCH ỦNG HỘ LÀM NHÀ ĐẠI ĐOÀN KẾT CHO HỘ NGHÈO TỈNH ĐIỆN BIÊN', { bold: true, align: 'center', size: 13 });
  mergePut(ws, 2, 2, columns.length + 1, `${u.name} - tháng 8, 9 năm 2023`, { italic: true, align: 'center' });
  const placed = placeList(ws, {
    headerRow: 4, startCol: 2, columns, lines: donorLines(donors),
    total: { label: 'Tổng cộng', how: 'sum' }, signature: signatureFor(u, rng),
  });
  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['table-offset-B4', 'e:total-sum-formula', 'g:signature', 'j:status-only', 'date:cells'],
  };
}

/** Trade union: agencies report as aggregate rows (headcount, participants, amount); plus an empty template sheet. */
async function writeAgencyAggregate(u: UnitSpec, rng: Rng): Promise<Outcome> {
  const file = `submissions/${u.id}.xlsx`;
  const sheet = 'Danh sách CĐCS';
  const agencies = rng.shuffle([
    'Văn phòng Huyện ủy', 'Văn phòng HĐND và UBND huyện', 'Phòng Tài chính - Kế hoạch', 'Phòng Giáo dục và Đào tạo',
    'Phòng Lao động - Thương binh và Xã hội', 'Phòng Tài nguyên và Môi trường', 'Trung tâm Y tế huyện',
    'Trung tâm Văn hóa thông tin và thể thao huyện', 'Trường THPT An Lão', 'Trường THCS Thị trấn An Lão',
    'Trường Tiểu học Bát Trang', 'Trường Mầm non Trường Thọ', 'Kho bạc Nhà nước huyện', 'Bảo hiểm xã hội huyện',
    'Ngân hàng Chính sách xã hội huyện', 'Chi cục Thuế huyện', 'Trường THCS Quang Trung', 'Trường Tiểu học An Thái',
  ]).slice(0, 16);
  const donors: Donor[] = agencies.map((name) => {
    const headcount = rng.int(8, 95);
    const participants = headcount - (rng.chance(0.4) ? rng.int(1, 3) : 0);
    const wage = rng.pick([230_000, 245_000, 260_000, 275_000, 290_000, 310_000]);
    return {
      name, address: '', place: '', category: 'cbccvc', status: 'collected', amount: participants * wage,
      date: new Date(Date.UTC(2023, 8, 20)), note: '01 ngày lương', form: 'Chuyển khoản', headcount, participants,
    };
  });
  const wb = newWorkbook();
  const columns: Col[] = [
    col.stt(),
    { ...col.name('Tên cơ quan, đơn vị'), width: 40 },
    { key: 'headcount', header: 'Tổng số CBCCVC, NLĐ', width: 12, align: 'center', numFmt: '#,##0', value: (d) => d.headcount ?? null },
    { key: 'participants', header: 'Số người tham gia', width: 12, align: 'center', numFmt: '#,##0', value: (d) => d.participants ?? null },
    col.amount(),
    col.note(),
  ];
  const ws = addSheet(wb, sheet);
  const headerRow = placeLetterhead(ws, u, columns.length, ['TỔNG HỢP KẾT QUẢ ỦNG HỘ 01 NGÀY LƯƠNG', 'LÀM NHÀ ĐẠI ĐOÀN KẾT CHO HỘ NGHÈO TỈNH ĐIỆN BIÊN'], '(Các công đoàn cơ sở trực thuộc)');
  const placed = placeList(ws, {
    headerRow, columns, lines: donorLines(donors), numbering: true, total: { label: 'Tổng cộng', how: 'sum' },
  });
  // Totals for the two count columns as well, on the same row as the amount total.
  const totalRow = placed.lastRow + 1;
  for (const [c, key] of [[3, 'headcount'], [4, 'participants']] as const) {
    const letter = ws.getColumn(c).letter;
    const result = donors.reduce((s, d) => s + (d[key] ?? 0), 0);
    put(ws, totalRow, c, { formula: `SUM(${letter}${placed.firstRow}:${letter}${placed.lastRow})`, result }, { bold: true, border: true, align: 'center', numFmt: '#,##0' });
  }
  placeSignature(ws, totalRow + 2, 1, columns.length, 1, signatureFor(u, rng));

  // An empty copy of the form the union sent out: not part of the report (the config reads only `sheet`).
  const template = addSheet(wb, 'Mẫu báo cáo');
  columns.forEach((c, i) => {
    template.getColumn(i + 1).width = c.width;
    put(template, 1, i + 1, c.header, { bold: true, align: 'center', wrap: true, border: true });
  });

  await saveWorkbook(wb, file);
  return {
    status: 'reported', files: [{ path: file, counted: placed.counted }], problems: [], notices: [],
    shapes: ['a:title-rows', 'f:column-numbers', 'aggregate-rows(agency)', 'e:total-sum-formula', 'g:signature', 'config:sheet-selected', 'config:name-alias', 'date:none'],
  };
}

// =========================================================================================
// campaign.yaml
// =========================================================================================

const q = (s: string): string => JSON.stringify(s);

function yamlSource(u: UnitSpec, s: SourceEntry): string {
  const received = TIMING[u.id]?.sources?.[typeof s === 'string' ? s : s.path];
  const when = received === undefined ? [] : [`        submittedAt: ${q(received)}    # ngày nhận tệp (tệp không ghi ngày) / day received`];
  if (typeof s === 'string') return received === undefined ? `      - ${s}` : [`      - path: ${s}`, ...when].join('\n');
  return [
    `      - path: ${s.path}`,
    `        sheet: ${q(s.sheet)}    # chỉ đọc trang này / read only this sheet`,
    ...when,
  ].join('\n');
}

function yamlUnit(u: UnitSpec): string {
  const lines = [
    `  # ${u.describe}`,
    `  - id: ${u.id}`,
    `    name: ${q(u.name)}`,
    ...(u.code !== undefined ? [`    code: ${q(u.code)}`] : []),
    `    kind: ${u.kind}`,
    `    target: ${u.target}    # ${grouped(u.target)} đồng`,
  ];
  const received = TIMING[u.id]?.submittedAt;
  if (received !== undefined) {
    lines.push(`    submittedAt: ${q(received)}    # ngày nhận báo cáo (tệp không ghi ngày) / day the report was received`);
  }
  if (u.sources.length === 0) lines.push('    sources: []    # chưa khai báo tệp / no file configured yet');
  else lines.push('    sources:', ...u.sources.map((s) => yamlSource(u, s)));
  return lines.join('\n');
}

function campaignYaml(): string {
  const communes = UNITS.filter((u) => u.kind !== 'organisation' && u.kind !== 'agency');
  const orgs = UNITS.filter((u) => u.kind === 'organisation' || u.kind === 'agency');
  return `# =============================================================================================
# Cấu hình đợt vận động — Campaign configuration
#
# Đợt vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên,
# huyện An Lão (Hải Phòng), năm 2023, theo Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023.
# The 2023 An Lão district campaign for "great solidarity" houses for poor households of
# Điện Biên province (plan 50/KH-MTTQ-BTT of 1 August 2023).
#
# Đây là bộ dữ liệu MẪU: tên người, tên thôn, số tiền là giả định, do scripts/make-fixtures.ts
# sinh ra; sửa tệp đó rồi chạy "npm run fixtures" chứ không sửa tay tệp này.
# This is DEMO data (names, hamlets and amounts are made up), generated by
# scripts/make-fixtures.ts: edit the script and run "npm run fixtures", not this file.
#
# Quy ước / conventions:
#   - Ngày viết "2023-10-05" hoặc "05/10/2023". Dates: "2023-10-05" or "05/10/2023".
#   - Số tiền tính bằng đồng, viết liền không dấu chấm (YAML không cho "1.500.000").
#     Amounts are whole đồng, written without separators.
#   - Đường dẫn tệp tính từ thư mục chứa tệp này. Paths are relative to this file's folder.
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# Đợt vận động — the campaign
# ---------------------------------------------------------------------------------------------
campaign:
  # Trích yếu của báo cáo (dòng in đậm dưới chữ "BÁO CÁO") — the report's subject line.
  title: "Kết quả vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên"
  # Mục đích, dùng trong câu văn và giấy chứng nhận — what the money is for (sentences, certificates).
  purpose: "ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên"
  # Kế hoạch phát động — the plan that launched the campaign.
  plan:
    number: "50/KH-MTTQ-BTT"
    date: "2023-08-01"
  # Thời gian thực hiện: từ 01/8/2023 đến 30/9/2023 — campaign period.
  period:
    from: "2023-08-01"
    to: "2023-09-30"
  # Hạn các đơn vị gửi báo cáo về huyện ("trước ngày 05/10/2023") — submitters' deadline.
  deadline: "2023-10-05"
  # Chỉ tiêu toàn huyện = tổng chỉ tiêu các đơn vị bên dưới — overall target (sum of unit targets).
  target: ${CAMPAIGN_TARGET}    # ${grouped(CAMPAIGN_TARGET)} đồng

# ---------------------------------------------------------------------------------------------
# Cơ quan ban hành báo cáo (góc trái tiêu đề, chữ ký) — the issuing body (header, signature)
# ---------------------------------------------------------------------------------------------
issuer:
  # Các dòng chữ in hoa phía trên (không đậm) — upper lines of the left header block.
  parents:
    - "ỦY BAN MTTQ VIỆT NAM"
    - "HUYỆN AN LÃO"
  # Cơ quan ban hành (in đậm, có gạch dưới) — the issuing body, bold.
  body: "BAN THƯỜNG TRỰC"
  # Địa danh ở dòng "An Lão, ngày … tháng … năm …" — place in the place-date line.
  place: "An Lão"
  signer:
    onBehalf: "TM. BAN THƯỜNG TRỰC"
    title: "CHỦ TỊCH"
    name: "Nguyễn Thị Nhung"

# ---------------------------------------------------------------------------------------------
# Báo cáo gửi cấp trên — the report sent upward
# ---------------------------------------------------------------------------------------------
report:
  number: "62/BC-MTTQ-BTT"      # Số văn bản — document number
  date: "2023-10-05"            # Ngày ký; bỏ trống thì lấy ngày chạy — omit to use the run date
  kind: "BÁO CÁO"               # Tên loại văn bản — document type
  # "Kính gửi:" — addressees.
  recipients:
    - "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hải Phòng"
  # "Nơi nhận:" — copies to (as in the plan's list).
  copiesTo:
    - "Như trên;"
    - "Ban Phong trào UB MTTQ Việt Nam TP (để b/c);"
    - "Thường trực Huyện ủy (để b/c);"
    - "BVĐ Quỹ “Vì người nghèo” huyện (để b/c);"
    - "BTT UB MTTQ Việt Nam các xã, thị trấn;"
    - "Các tổ chức thành viên MTTQ huyện;"
    - "Lưu: VT."
  # Mục I, III, IV do cán bộ tự viết (văn bản thường hoặc markdown) — staff-written sections.
  narrative:
    direction: narrative/chi-dao.md
    assessment: narrative/danh-gia.md
    recommendations: narrative/de-xuat.md

# ---------------------------------------------------------------------------------------------
# Giấy chứng nhận / thư cảm ơn — certificates for donors at or above the threshold and for
# every organisation; numbers are kept in output/tonghop.sqlite across nightly runs.
# ---------------------------------------------------------------------------------------------
certificates:
  kind: giay-chung-nhan         # hoặc thu-cam-on — or a thank-you letter
  threshold: 5000000            # từ 5 triệu đồng trở lên — from 5 million đồng
  organisations: true

# ---------------------------------------------------------------------------------------------
# Sao kê tài khoản của Ban vận động — the campaign account's bank statements, reconciled with
# what units reported as "Đã nộp"/"Đã chuyển" (written by scripts/make-bank-fixtures.ts).
# ---------------------------------------------------------------------------------------------
bank:
  statements: ["bank/*.xlsx"]
  account: "0451000123456"
  window: { before: 0, after: 30 }   # từ đầu đợt đến 30 ngày sau khi kết thúc — period + 30 days
  feeMargin: 22000                   # phí chuyển tiền chấp nhận được — bank fees tolerated

# ---------------------------------------------------------------------------------------------
# Niêm yết công khai — public lists for posting and a public web page (no paths, no issues).
# ---------------------------------------------------------------------------------------------
public:
  lists: true
  page: true
  hideAnonymous: true

# ---------------------------------------------------------------------------------------------
# Nhóm đơn vị trong các bảng (mục I, II của phụ lục) — how units are grouped in tables.
# Sau 01/7/2025 không còn cấp huyện: chỉ cần đổi nhóm và đơn vị ở đây.
# After the July 2025 reform (no districts) only this data changes.
# ---------------------------------------------------------------------------------------------
groups:
  - label: "Các xã, thị trấn"
    kinds: [commune, town, ward]
  - label: "Các tổ chức thành viên, cơ quan, đơn vị"
    kinds: [organisation, agency]

# ---------------------------------------------------------------------------------------------
# Tên cột bổ sung (ngoài các tên tiếng Việt có sẵn) — extra header aliases per field.
# Liên đoàn Lao động ghi tên đơn vị ở cột "Tên cơ quan, đơn vị": coi đó là cột họ tên.
# The trade union lists agencies under "Tên cơ quan, đơn vị": treat it as the name column.
# ---------------------------------------------------------------------------------------------
columns:
  name:
    - "Tên cơ quan, đơn vị"

# ---------------------------------------------------------------------------------------------
# Các đơn vị gửi báo cáo — the submitting units.
#   id      mã ngắn, dùng trong tên tệp — short id used in file names
#   code    mã đơn vị hành chính (Quyết định 124/2004/QĐ-TTg) — official administrative code
#   kind    town = thị trấn, commune = xã, ward = phường, organisation = tổ chức thành viên,
#           agency = cơ quan, đơn vị
#   target  chỉ tiêu vận động (đồng) — target in đồng
#   sources tệp danh sách ủng hộ (.xlsx, .csv), hoặc { path, sheet, range } — donor list files
# Dòng chú thích trên mỗi đơn vị mô tả dạng tệp mẫu của đơn vị đó.
# The comment above each unit says what its demo file looks like.
# ---------------------------------------------------------------------------------------------
units:
  # ===== I. Các xã, thị trấn (17 đơn vị, huyện An Lão mã 313, TP Hải Phòng mã 31) =====
${communes.map(yamlUnit).join('\n\n')}

  # ===== II. Các tổ chức thành viên, cơ quan, đơn vị =====
${orgs.map(yamlUnit).join('\n\n')}

# Thư mục kết quả, tính từ tệp này (thư mục output/ của kho mã) — output folder, relative to this file.
output: ../../output
`;
}

// =========================================================================================
// expected.json
// =========================================================================================

interface Breakdown {
  donors: number;
  amount: number;
}

function breakdown<K extends string>(donors: readonly Donor[], keys: readonly K[], keyOf: (d: Donor) => K): Partial<Record<K, Breakdown>> {
  const out: Partial<Record<K, Breakdown>> = {};
  for (const k of keys) {
    const mine = donors.filter((d) => keyOf(d) === k);
    if (mine.length > 0) out[k] = { donors: mine.length, amount: mine.reduce((s, d) => s + d.amount, 0) };
  }
  return out;
}

const NOTES = [
  'Ground truth written by scripts/make-fixtures.ts from the data it generated, never from a reader.',
  'donors = number of valid donor rows; amount = sum of their amounts in đồng, whatever the money status (pledged included).',
  'Rows whose amount is a problem (in words, missing) are NOT counted; they appear in problems instead.',
  'Totals rows ("Tổng cộng", "Cộng"), group headings, blank rows, column-number rows and signature lines are never donors.',
  'Assumption: a list without a category column counts every row as "resident" for communes/towns and "cbccvc" for member organisations (their cadres and members; the trade union\'s agency rows are the one-day wage).',
  'Assumption: a list without a money-status column counts every row as "collected".',
  'xa-truong-tho writes categories without diacritics ("Nhan dan", "Doanh nghiep"): they map to the same keys.',
  'xa-an-tien: the "Tổng hợp" sheet repeats the hamlet sheets\' totals and must not be added again (see notices).',
  'ldld-huyen: each row is an agency (aggregate of its staff\'s one-day wage), counted as one donor row; the config reads only its sheet "Danh sách CĐCS".',
  'tt-truong-son sends two files (main list + supplement); the unit figures are their sum.',
  'byCategory / byStatus: { key: { donors, amount } }, only non-empty keys.',
  'submission: when the unit reported and whether on time (deadline 2023-10-05, counted inclusive): the date in campaign.yaml (submittedAt, via "config") wins over the place-date line under the list (via "sheet"); a unit with several files counts from its latest. File times are never used (a checkout sets them).',
  'problems[].cell is the exact cell address of the problem (for TOTAL_MISMATCH: the typed total cell); sheet/cell are null for file-level problems.',
];

// =========================================================================================
// Narrative
// =========================================================================================

const NARRATIVE: Readonly<Record<string, string>> = {
  'chi-dao.md': `Thực hiện Lời kêu gọi của Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam về ủng hộ xây nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên, hướng tới kỷ niệm 70 năm Chiến thắng Điện Biên Phủ, Ban Thường trực Ủy ban MTTQ Việt Nam huyện đã báo cáo, xin ý kiến Thường trực Huyện ủy và ban hành Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 tổ chức vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên; phối hợp với Ủy ban nhân dân huyện tổ chức phát động tới các cơ quan, đơn vị, doanh nghiệp và các tầng lớp nhân dân trên địa bàn huyện.

Ban Thường trực Ủy ban MTTQ Việt Nam các xã, thị trấn đã xây dựng kế hoạch, báo cáo cấp ủy cùng cấp chỉ đạo; tổ chức phát động đến các thôn, tổ dân phố, giao cho Ban công tác Mặt trận phối hợp với các chi hội đoàn thể vận động từng hộ gia đình. Các tổ chức thành viên của Mặt trận huyện ban hành văn bản hướng dẫn trong hệ thống, vận động cán bộ, đoàn viên, hội viên tham gia; Liên đoàn Lao động huyện hướng dẫn các công đoàn cơ sở vận động mỗi cán bộ, công chức, viên chức, người lao động ủng hộ ít nhất 01 ngày lương.

Công tác tuyên truyền được chú trọng: Trung tâm Văn hóa thông tin và thể thao huyện đưa tin về mục đích, ý nghĩa của đợt vận động trên hệ thống truyền thanh và trang thông tin điện tử của huyện; các xã, thị trấn tuyên truyền qua đài truyền thanh cơ sở và các buổi sinh hoạt khu dân cư. Danh sách ủng hộ được niêm yết công khai tại nhà văn hóa thôn, tổ dân phố và trụ sở Ủy ban MTTQ các cấp.
`,
  'danh-gia.md': `Đợt vận động nhận được sự lãnh đạo, chỉ đạo sát sao của cấp ủy, sự phối hợp chặt chẽ của chính quyền và sự vào cuộc của cả hệ thống chính trị từ huyện đến cơ sở. Cán bộ, công chức, viên chức, người lao động, doanh nghiệp, nhà hảo tâm, bà con kiều bào và đông đảo các tầng lớp nhân dân đã tích cực hưởng ứng, thể hiện truyền thống "Thương người như thể thương thân", tinh thần tương thân tương ái hướng về đồng bào nghèo tỉnh Điện Biên. Việc tiếp nhận, quản lý nguồn ủng hộ được thực hiện công khai, minh bạch, đúng quy định.

Bên cạnh kết quả đạt được, đợt vận động còn một số hạn chế: một số đơn vị báo cáo chậm so với thời gian quy định, đến ngày 05/10/2023 vẫn còn đơn vị chưa gửi danh sách; danh sách của một số nơi chưa đúng mẫu hướng dẫn, còn ghi số tiền bằng chữ, bỏ trống số tiền hoặc dòng tổng cộng chưa khớp với chi tiết, phải đối chiếu lại nhiều lần; một số khoản mới đăng ký, chưa nộp về tài khoản của Ủy ban MTTQ Việt Nam huyện.

Nguyên nhân chủ yếu là thời gian vận động ngắn, trùng với nhiều chương trình, phong trào khác ở cơ sở; cán bộ làm công tác tổng hợp ở một số đơn vị còn kiêm nhiệm, chưa thành thạo việc lập biểu trên máy tính.
`,
  'de-xuat.md': `Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam thành phố sớm thông báo kết quả tiếp nhận và phương án phân bổ, sử dụng nguồn kinh phí ủng hộ tỉnh Điện Biên để các địa phương thông tin công khai đến cán bộ và nhân dân; ban hành mẫu biểu danh sách ủng hộ thống nhất (có cột đối tượng, tình trạng nộp tiền) áp dụng cho các đợt vận động sau.

Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam các xã, thị trấn và các tổ chức thành viên chưa gửi báo cáo khẩn trương hoàn thiện danh sách theo đúng mẫu; các đơn vị còn số tiền đã đăng ký, đã thu nhưng chưa nộp chuyển ngay về tài khoản của Ủy ban MTTQ Việt Nam huyện để tổng hợp, chuyển lên cấp trên theo quy định.

Đề nghị cấp ủy, chính quyền các cấp quan tâm biểu dương, khen thưởng kịp thời các tập thể, cá nhân, doanh nghiệp có thành tích tiêu biểu trong đợt vận động; Ban Thường trực Ủy ban MTTQ Việt Nam huyện sẽ gửi thư cảm ơn, giấy chứng nhận tới các nhà hảo tâm, doanh nghiệp ủng hộ.
`,
};

// =========================================================================================
// Main
// =========================================================================================

async function main(): Promise<void> {
  await rm(path.join(CAMPAIGN_DIR, 'submissions'), { recursive: true, force: true });
  await rm(path.join(CAMPAIGN_DIR, 'narrative'), { recursive: true, force: true });
  await mkdir(path.join(CAMPAIGN_DIR, 'submissions'), { recursive: true });

  const units: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const notices: Notice[] = [];
  const allCounted: Donor[] = [];
  const unitStatus = { reported: 0, missing: 0, failed: 0 };

  for (const u of UNITS) {
    const configured = u.sources.map((s) => (typeof s === 'string' ? s : s.path));
    if (u.write === null) {
      unitStatus.missing++;
      if (configured.length > 0) {
        problems.push(...configured.map((file): Problem => ({
          code: 'SOURCE_NOT_FOUND', unit: u.id, file, sheet: null, cell: null,
          detail: 'Cấu hình trỏ tới tệp chưa có (đơn vị chưa gửi).',
        })));
      }
      problems.push({
        code: 'UNIT_MISSING', unit: u.id, file: null, sheet: null, cell: null,
        detail: configured.length > 0 ? 'Đơn vị chưa gửi tệp (đường dẫn không tồn tại).' : 'Đơn vị chưa khai báo tệp nào (sources: []).',
      });
      units[u.id] = {
        status: 'missing', donors: 0, amount: 0, byCategory: {}, byStatus: {}, files: [], configuredSources: configured, shapes: [],
        submission: expectedSubmission(u, 'missing'),
      };
      continue;
    }
    const outcome = await u.write(u, new Rng(u.id));
    const files = outcome.files.map((f) => f.path);
    const missingFromConfig = files.filter((f) => !configured.includes(f));
    if (missingFromConfig.length > 0) throw new Error(`${u.id}: wrote ${missingFromConfig.join(', ')} which campaign.yaml does not list`);
    problems.push(...outcome.problems);
    notices.push(...outcome.notices);
    unitStatus[outcome.status]++;
    const counted = outcome.files.flatMap((f) => f.counted);
    allCounted.push(...counted);
    units[u.id] = {
      status: outcome.status,
      donors: counted.length,
      amount: counted.reduce((s, d) => s + d.amount, 0),
      byCategory: breakdown(counted, CATEGORY_KEYS, (d) => d.category),
      byStatus: breakdown(counted, STATUS_KEYS, (d) => d.status),
      files,
      byFile: Object.fromEntries(outcome.files.map((f) => [f.path, { donors: f.counted.length, amount: f.counted.reduce((s, d) => s + d.amount, 0) }])),
      shapes: outcome.shapes,
      submission: expectedSubmission(u, outcome.status),
    };
    const submission = (units[u.id] as { submission: { status: string; submittedAt?: string; daysLate?: number } }).submission;
    if (submission.status === 'late') {
      problems.push({
        code: 'UNIT_LATE', unit: u.id, file: null, sheet: null, cell: null,
        detail: `Báo cáo nhận ngày ${submission.submittedAt}, chậm ${submission.daysLate} ngày so với hạn ${DEADLINE}.`,
      });
    }
  }

  // Every shape the brief asks for must be present somewhere (a..k), or the demo has drifted.
  const shapes = Object.values(units).flatMap((e) => (e as { shapes: string[] }).shapes);
  for (const letter of 'abcdefghijk') {
    if (!shapes.some((sh) => sh.startsWith(`${letter}:`))) throw new Error(`no submission uses shape (${letter})`);
  }
  for (const variant of ['e:total-sum-formula', 'e:total-typed', 'e:total-typed-wrong', 'date:cells', 'date:text']) {
    if (!shapes.includes(variant)) throw new Error(`no submission uses ${variant}`);
  }

  const expected = {
    campaign: 'an-lao-2023',
    generatedBy: 'scripts/make-fixtures.ts',
    notes: NOTES,
    units,
    total: {
      amount: allCounted.reduce((s, d) => s + d.amount, 0),
      donors: allCounted.length,
      units: { ...unitStatus, total: UNITS.length },
      target: CAMPAIGN_TARGET,
      byCategory: breakdown(allCounted, CATEGORY_KEYS, (d) => d.category),
      byStatus: breakdown(allCounted, STATUS_KEYS, (d) => d.status),
    },
    problems,
    notices,
  };

  const yaml = campaignYaml();
  CampaignConfigSchema.parse(parseYaml(yaml)); // fail loudly if the schema and the demo drift apart
  await saveBytes('campaign.yaml', yaml);
  await saveBytes('expected.json', `${JSON.stringify(expected, null, 2)}\n`);
  for (const [name, text] of Object.entries(NARRATIVE)) await saveBytes(`narrative/${name}`, text);

  const perUnit = UNITS.map((u) => {
    const e = units[u.id] as { status: string; donors: number; amount: number };
    return `  ${u.id.padEnd(22)} ${e.status.padEnd(9)} ${String(e.donors).padStart(3)} donors ${grouped(e.amount).padStart(14)} đ`;
  });
  console.log(`Wrote ${path.relative(ROOT, CAMPAIGN_DIR)}/\n${perUnit.join('\n')}`);
  console.log(`  total: ${expected.total.donors} donors, ${grouped(expected.total.amount)} đ of ${grouped(CAMPAIGN_TARGET)} đ; ${problems.length} problems`);
}

await main();
