import type { UnitKind } from '../model/config.js';
import type { DonorCategory, MoneyStatus } from '../model/record.js';
import { statusFromText } from './columns.js';
import { foldForMatch } from '../format/text.js';

/** Folded words → category; first match wins, so specific phrases come first. */
const CATEGORY_PATTERNS: [RegExp, DonorCategory][] = [
  [/\b(kieu bao|viet kieu|nguoi viet (nam )?o nuoc ngoai)\b/, 'overseas'],
  [/\b(llvt|luc luong vu trang|quan doi|cong an|quan su|bo doi|bien phong)\b/, 'armed-forces'],
  [/\b(cbccvc|cbcc|cbcnv|cnvc|cbnv|can bo|cong chuc|vien chuc|nguoi lao dong|nld|cong nhan|ngay cong|ngay luong)\b/, 'cbccvc'],
  [/\b(doanh nghiep|dn|cong ty|cty|htx|hop tac xa|doanh nhan|ho kinh doanh|tieu thuong)\b/, 'business'],
  [/\b(nha hao tam|hao tam|manh thuong quan|tu thien)\b/, 'philanthropist'],
  [/\b(nhan dan|nd|ho dan|ho gia dinh|dan cu|nguoi dan|ca nhan)\b/, 'resident'],
  [/\b(tap the|to chuc|co quan|don vi|truong|chi bo|chi hoi|doan the|hoi)\b/, 'organisation'],
  [/\b(khac)\b/, 'other'],
];

const categoryMemo = new Map<string, DonorCategory | null>();

export function categoryFromText(text: string): DonorCategory | undefined {
  // The same few labels repeat on every row.
  let found = categoryMemo.get(text);
  if (found === undefined) {
    const f = foldForMatch(text).replace(/[^a-z0-9]+/g, ' ');
    found = CATEGORY_PATTERNS.find(([re]) => re.test(f))?.[1] ?? null;
    if (categoryMemo.size > 10_000) categoryMemo.clear();
    categoryMemo.set(text, found);
  }
  return found ?? undefined;
}

/** With no category column: residents for communes and towns, cadres for organisations and agencies. */
export function defaultCategory(kind: UnitKind): DonorCategory {
  return kind === 'organisation' || kind === 'agency' ? 'cbccvc' : 'resident';
}

const statusMemo = new Map<string, MoneyStatus | null>();

export function statusFromCell(text: string): MoneyStatus | undefined {
  let found = statusMemo.get(text);
  if (found === undefined) {
    found = statusFromText(text) ?? null;
    if (statusMemo.size > 10_000) statusMemo.clear();
    statusMemo.set(text, found);
  }
  return found ?? undefined;
}

/** A list that does not say where its money is: not stated, never guessed (config `status` sets a default). */
export const DEFAULT_STATUS: MoneyStatus = 'unstated';

export const CATEGORY_LABELS: Readonly<Record<DonorCategory, string>> = {
  cbccvc: 'Cán bộ, công chức, viên chức, người lao động (01 ngày công)',
  business: 'Doanh nghiệp',
  philanthropist: 'Nhà hảo tâm',
  overseas: 'Kiều bào',
  resident: 'Nhân dân',
  'armed-forces': 'Lực lượng vũ trang',
  organisation: 'Tập thể, cơ quan, đơn vị',
  other: 'Khác',
};

export const STATUS_LABELS: Readonly<Record<MoneyStatus, string>> = {
  pledged: 'Đăng ký (chưa thu)',
  collected: 'Đã thu, chưa nộp',
  paid: 'Đã nộp về tài khoản',
  transferred: 'Đã chuyển cấp trên',
  unstated: 'Chưa rõ (danh sách không ghi tình trạng)',
};
