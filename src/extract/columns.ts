import type { FieldName } from '../model/config.js';
import type { MoneyStatus } from '../model/record.js';
import { foldForMatch } from '../format/text.js';

/**
 * 'headcount' and 'participants' are counts of people: never names, never amounts. 'anonymous' is
 * a column where a donor asks not to be named in public ("Ẩn danh", "Không công khai tên").
 */
export type Field = FieldName | 'stt' | 'headcount' | 'participants' | 'anonymous';

/**
 * Built-in header aliases, folded (no diacritics, lower case). A header matches a field when its
 * words contain an alias's words in order; the longest alias wins, so "ngay nop" beats "nop".
 */
const BUILTIN_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  stt: ['stt', 'tt', 'so tt', 'so thu tu'],
  name: [
    'ho va ten', 'ho ten', 'ho va ten nguoi ung ho', 'ten', 'ten tap the', 'ten ca nhan', 'ca nhan tap the',
    'ten to chuc', 'ten don vi ung ho', 'nguoi ung ho', 'ten nha hao tam', 'ten doanh nghiep',
    'ten ca nhan tap the', 'ho ten ca nhan', 'ho va ten ca nhan', 'ten nguoi ung ho',
    'nha hao tam', 'doan vien', 'hoi vien',
  ],
  address: [
    'dia chi', 'thon', 'xom', 'thon xom', 'to dan pho', 'khu dan cu', 'noi o', 'noi cong tac',
    'don vi', 'don vi cong tac', 'co quan', 'chi hoi', 'chi doan', 'to chuc', 'thon to dan pho',
    // "Tên thôn" names a place, not a donor: longer than the name's bare 'ten'.
    'ten thon', 'ten xom', 'ten to dan pho', 'ten khu dan cu', 'ten khu pho', 'ten ap', 'ten ban', 'ten lang',
  ],
  category: ['doi tuong', 'thanh phan', 'loai doi tuong', 'nhom doi tuong', 'phan loai'],
  status: ['tinh trang', 'trang thai', 'tinh trang nop', 'tinh hinh nop'],
  amount: [
    'so tien', 'thanh tien', 'so tien ung ho', 'tien ung ho', 'muc ung ho', 'ung ho', 'so tien dong',
    'gia tri', 'so tien nop', 'tong so tien', 'kinh phi ung ho', 'so tien vnd',
  ],
  date: ['ngay', 'ngay nop', 'ngay ung ho', 'thoi gian', 'ngay thang', 'ngay nhan', 'ngay thu'],
  note: ['ghi chu', 'chu thich'],
  headcount: [
    'so nguoi', 'so luong', 'so ho', 'quan so', 'tong so nguoi', 'tong so cbcnv', 'so cbcnv', 'so cbccvc',
    'so can bo', 'tong so can bo', 'so doan vien', 'so hoi vien', 'so lao dong', 'tong so lao dong',
  ],
  participants: [
    'so nguoi ung ho', 'so luot', 'so luot nguoi', 'so luot ung ho', 'so nguoi tham gia', 'so nguoi da ung ho',
    'so luot tham gia', 'tham gia',
  ],
  anonymous: ['an danh', 'an ten', 'giau ten', 'xin giau ten', 'khong cong khai', 'khong cong khai ten', 'khong neu ten', 'khong ghi ten'],
};

/** Fields a donor table must have. */
export const REQUIRED_FIELDS = ['name', 'amount'] as const satisfies readonly Field[];

/** Readable names for the required fields in messages. */
export const FIELD_LABELS: Readonly<Record<Field, string>> = {
  stt: 'STT',
  name: 'Họ và tên',
  address: 'Địa chỉ',
  category: 'Đối tượng',
  status: 'Tình trạng',
  amount: 'Số tiền',
  date: 'Ngày nộp',
  note: 'Ghi chú',
  headcount: 'Số người',
  participants: 'Số người tham gia',
  anonymous: 'Ẩn danh',
};

export type AliasTable = Record<Field, string[][]>;

/** Built-in aliases plus a campaign's own, as word lists. */
export function buildAliasTable(extra: { [K in FieldName]?: string[] | undefined } = {}): AliasTable {
  const table = {} as AliasTable;
  for (const field of Object.keys(BUILTIN_ALIASES) as Field[]) {
    const own = field === 'stt' || field === 'headcount' || field === 'participants' || field === 'anonymous' ? [] : (extra[field] ?? []);
    table[field] = [...BUILTIN_ALIASES[field], ...own].map((alias) => words(alias));
  }
  return table;
}

function words(text: string): string[] {
  return foldForMatch(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export type HeaderMatch = { field: Field; score: number };

/** Words that make "Tên …" the name of an organisation (a donor), and those that make it a place. */
const ORGANISATION_WORDS = [['co', 'quan'], ['don', 'vi'], ['to', 'chuc'], ['chi', 'hoi'], ['chi', 'doan']];
const PLACE_WORDS = [['cong', 'tac'], ['thon'], ['xom'], ['to', 'dan', 'pho'], ['khu'], ['dia', 'chi'], ['noi', 'o'], ['ap'], ['ban'], ['lang'], ['xa'], ['phuong']];

const CURRENCY_IN_BRACKETS = /\((d|dong|vnd|nghin dong|ngan dong|trieu dong|1[.,]?000 ?(d|dong|vnd))\)\s*$/;

/** Which field a header label names, if any. Score = matched alias words, plus a bonus for an exact match. */
export function matchHeader(label: string, aliases: AliasTable): HeaderMatch | undefined {
  // Units in brackets ("(đồng)", "(1.000đ)") do not name the field.
  const w = words(label.replace(/\([^)]*\)/g, ' '));
  if (w.length === 0 || w.length > 12) return undefined;
  let best: HeaderMatch | undefined;
  for (const field of Object.keys(aliases) as Field[]) {
    for (const alias of aliases[field]) {
      if (!containsSequence(w, alias)) continue;
      const exact = alias.length === w.length ? 0.5 : 0;
      const score = alias.length + exact;
      if (!best || score > best.score) best = { field, score };
    }
  }
  // "Tên cơ quan, đơn vị", "Tên tổ chức, cơ quan": the head noun "Tên" (name of) makes the rest
  // say whose name, not where; read as an address, a list of agencies passed for a summary sheet.
  // "Mức đóng góp (đ)", "Đóng góp (VNĐ)": a header that states a currency holds money.
  if (!best && CURRENCY_IN_BRACKETS.test(foldForMatch(label))) return { field: 'amount', score: 1 };
  // Only organisation words turn: "Tên thôn", "Tên tổ dân phố" still name a place.
  if (best?.field === 'address' && w[0] === 'ten' && ORGANISATION_WORDS.some((o) => containsSequence(w, o)) && !PLACE_WORDS.some((p) => containsSequence(w, p))) {
    return { field: 'name', score: best.score };
  }
  return best;
}

/**
 * How a money column relates to its siblings under one merged money header:
 * 'total' — "Cộng", "Tổng số": the row's whole, checked against the others, counted only alone;
 * 'outstanding' — "Chưa nộp", "Còn nợ": the unpaid part, beside (not within) the paid part;
 * 'part' — anything else (a stage named by its status, cash, transfer, a hamlet, a month).
 */
export type AmountRole = 'part' | 'total' | 'outstanding';

export function amountRoleFromText(sub: string): AmountRole {
  const f = foldForMatch(sub).replace(/[^a-z0-9]+/g, ' ').trim();
  if (/^(tong|tong so|tong cong|cong|cong so tien|tong so tien|tong tien|so tien)$/.test(f)) return 'total';
  if (/\b(chua|con no|con lai|con thieu|no lai)\b/.test(f)) return 'outstanding';
  return 'part';
}

/** Money status named inside an amount header ("Số tiền đã nộp") or a status cell ("Đã chuyển"). */
export function statusFromText(text: string): MoneyStatus | undefined {
  // "Chuyển khoản" (bank transfer) is a way of paying, not money passed upward.
  const words = ` ${foldForMatch(text).replace(/[^a-z0-9]+/g, ' ').trim()} `;
  // "Đã chuyển khoản" (a status cell): paid into the account by transfer.
  if (/ da (chuyen khoan|ck) /.test(words)) return 'paid';
  const f = words.replace(/ (chuyen khoan|ck)(?= )/g, ' ');
  if (/ (chua ro|khong ro) /.test(f)) return 'unstated';
  if (/ (chua|con no|con lai|con thieu) /.test(f)) return 'pledged';
  if (/ (da )?chuyen /.test(f)) return 'transferred';
  if (/ (da )?nop /.test(f)) return 'paid';
  if (/ (da )?thu /.test(f)) return 'collected';
  if (/ (dang ky|dk|cam ket|hua) /.test(f)) return 'pledged';
  return undefined;
}

/**
 * Whether a cell of the "Ẩn danh" column asks to stay unnamed: a mark ("x", "✓", "có", "1",
 * "yes") or words saying so ("ẩn danh", "giấu tên", "không công khai"); blank, "không", "0" do not.
 */
export function anonymousFromText(text: string): boolean {
  const f = foldForMatch(text).replace(/[^a-z0-9✓✔☑]+/g, ' ').trim();
  if (/^(x|v|co|yes|y|1|true|dung|[✓✔☑])$/.test(f)) return true;
  return /\b(an danh|an ten|giau ten|khong cong khai|khong neu ten|khong ghi ten)\b/.test(f);
}

/** Multiplier a header states for its amounts: "(nghìn đồng)" → 1000, "(đồng)" → 1; undefined when it says nothing. */
export function amountScaleFromHeader(label: string): number | undefined {
  const f = foldForMatch(label);
  if (/trieu dong|\btr\.? ?d\b|trieu vnd|\(trieu\)/.test(f)) return 1_000_000;
  if (/nghin dong|ngan dong|1[.,]?000 ?d|1[.,]?000 ?dong|1[.,]?000 ?vnd|nghin vnd|\((nghin|ngan|k)\)/.test(f)) return 1_000;
  if (/\((dong|d|vnd|vnđ)\)|\bvnd\b|\bdong\)/.test(f)) return 1;
  return undefined;
}
