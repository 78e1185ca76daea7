import { cellAddress, columnLetter, type Cell } from '../model/grid.js';
import type { Location } from '../model/issue.js';
import { cellText, type AmountColumn, type HeaderLayout } from './header.js';

/** What a row that is not a donor says it is: the whole list, a section or page, or everything so far. */
export type TotalKind = 'grand' | 'sub' | 'running';

type Row = (Cell | null)[];
type Columns = { left: number; right: number };

const RUNNING_TOTAL = /^(cộng dồn|cộng luỹ kế|cộng lũy kế|lũy kế|luỹ kế|tổng cộng dồn|tổng lũy kế|tổng luỹ kế|cong don|cong luy ke|luy ke|tong cong don)(\b|\s|:|$)/u;
const GRAND_TOTAL = /^(tổng cộng|tổng số|tổng|cộng tổng|tong cong|tong so|tong)(\b|\s|:|$)/u;
const SUBTOTAL = /^(cộng trang|cộng|cong trang|cong)(\b|\s|:|$)/u;
/** Without diacritics these words may be names (Tống, Công): only these exact phrases count. */
const ASCII_TOTALS = /^(tong cong|tong so|cong trang|cong don|cong luy ke|luy ke)\b|^(tong|cong)\s*[:.]?\s*(\(.*\))?$/;
const ROMAN_HEADING = /^([IVXLC]+|[A-Z]|\d+(\.\d+)*)[.)]\s+\S/u;
/** A group marker alone in the STT column: "I", "II.", "A", "B)". */
const GROUP_MARKER = /^([IVXLC]+|[A-ZĐ])[.)]?$/u;
const FOOTER_WORDS =
  /^(người lập|nguoi lap|tm\.|t\/m|tm |chủ tịch|chu tich|xác nhận|xac nhan|kế toán|ke toan|thủ quỹ|thu quy|trưởng ban|truong ban|phó chủ tịch|pho chu tich|ghi chú|ghi chu|lưu ý|luu y|bằng chữ|bang chu|\(ký|ký tên|ky ten|\(ky|thủ trưởng|thu truong|người duyệt|nguoi duyet|ban công tác|ban cong tac|trưởng thôn|truong thon|bí thư|bi thu)/u;
const PLACE_DATE = /ngày\s*\S*\s*tháng\s*\S*\s*năm|ngay\s*\S*\s*thang\s*\S*\s*nam/u;

/** A label is a total only in its exact words: "Tống Văn A" (a surname) is a donor, "Tổng cộng:" is not. */
export function totalKind(label: string): TotalKind | undefined {
  const text = label.normalize('NFC').toLowerCase().trim();
  if (!text) return undefined;
  const ascii = !/[^\x00-\x7f]/.test(text);
  if (ascii && !ASCII_TOTALS.test(text)) return undefined;
  if (RUNNING_TOTAL.test(text)) return 'running';
  if (GRAND_TOTAL.test(text)) return 'grand';
  if (SUBTOTAL.test(text)) return 'sub';
  return undefined;
}

/**
 * What may follow a total's own words in a total's label: more total words, money words, the scope
 * ("toàn xã", "các thôn") or the section ("thôn 1", "trang 2", "đội 3"), written without diacritics.
 * "Tổng đội …", "Tổng công ty …", "Cộng đồng …" continue otherwise: they are names.
 */
// Places and levels too ("Tổng cộng xã An Thọ", "Cộng phường 2", "Tổng cộng đơn vị"): a total whose figure
// disagrees with the rows above must stay a total (TOTAL_MISMATCH), never be counted as a donor.
const TOTAL_SCOPE = String.raw`(so|tien|chung|toan|ca|cac|tat|trang|phan|muc|dot|lan|ky|thang|nam|nhom|thon|xom|to|ap|ban|khu|khoi|pho|lang|chi|doi|xa|phuong|thi|huyen|tinh|quan|don|co|[0-9ivxlc]+[.)]?)`;
const EXACT_TOTAL = new RegExp(
  String.raw`^(tong cong don|tong luy ke|tong cong|tong so|cong tong|cong trang|cong don|cong luy ke|luy ke|cong|tong)( ${TOTAL_SCOPE}( .*)?)?$`,
);

/** Without diacritics, lower case, parentheses and trailing punctuation removed: "Tổng cộng (I+II):" → "tong cong". */
function plainLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[:.;,\-–]+\s*$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A total's label in exactly a total's words ("Tổng cộng:", "Cộng thôn 1", "Tổng số tiền"), as
 * against a name that merely begins with one ("Tổng đội 3", "Tổng cộng ty …"): only the first is a
 * total whatever its figure; the second is a total only when its figure is the sum of the rows above.
 */
export function isExactTotalLabel(label: string): boolean {
  if (totalKind(label) === undefined) return false;
  // "Cộng đội 3" closes team 3; "Tổng đội" is a unit's name (Tổng đội Thanh niên xung phong).
  const plain = plainLabel(label);
  if (/^tong doi\b/.test(plain)) return false;
  return EXACT_TOTAL.test(plain);
}

/** Titles, "(Ký, ghi rõ họ tên)", "…, ngày … tháng … năm …": the signature block, not donors. */
export function isFooterText(text: string): boolean {
  const t = text.normalize('NFC').toLowerCase().trim();
  return t !== '' && (FOOTER_WORDS.test(t) || PLACE_DATE.test(t));
}

export function isGroupMarker(text: string): boolean {
  return GROUP_MARKER.test(text.trim());
}

export function isHeadingText(text: string): boolean {
  if (ROMAN_HEADING.test(text)) return true;
  // "THÔN ĐÔNG", "KHỐI CƠ QUAN": a heading typed in capitals.
  return /\p{L}{2}/u.test(text) && text === text.toUpperCase() && text !== text.toLowerCase();
}

export function isNumberLike(cell: Cell | null | undefined): boolean {
  if (!cell) return false;
  if (typeof cell.value === 'number') return true;
  return typeof cell.value === 'string' && /^\d{1,6}\.?$/.test(cell.value.trim());
}

/** A header printed again inside the list (page breaks in printed lists). */
export function isRepeatedHeader(row: Row, layout: HeaderLayout): boolean {
  // Cheap test first: a repeated header has its name column's label in the name column.
  const nameCol = layout.columns.name?.[0];
  if (nameCol !== undefined) {
    const cell = row[nameCol];
    if (!cell || typeof cell.value !== 'string' || !(layout.labels.get(nameCol) ?? '').endsWith(cellText(cell))) return false;
  }
  let same = 0;
  for (const [col, label] of layout.labels) {
    const text = cellText(row[col]);
    if (text && label.endsWith(text)) same++;
  }
  return same >= 2 && same >= Math.min(3, layout.labels.size);
}

export function cellOf(row: Row, c: number | undefined): Cell | null | undefined {
  return c === undefined ? undefined : row[c];
}

export function textOf(row: Row, c: number | undefined): string {
  return c === undefined ? '' : cellText(row[c]);
}

/** The exact place of a cell, for an issue. */
export function locate(where: Location, r: number, c: number): Location {
  return { ...where, row: r + 1, column: columnLetter(c), cell: cellAddress(r, c) };
}

export function rowHasValue(row: Row, window: Columns): boolean {
  for (let c = window.left; c <= window.right; c++) {
    const cell = row[c];
    if (cell && (cell.value !== null || cell.error || cell.formula)) return true;
  }
  return false;
}

/** First non-empty text among the columns (skipping bare row numbers when asked). */
export function firstText(row: Row, cols: readonly number[], skipNumbers: boolean): string {
  for (const c of cols) {
    const t = cellText(row[c]);
    if (t !== '' && !(skipNumbers && /^\d+\.?$/.test(t))) return t;
  }
  return '';
}

export function firstFilled(row: Row, cols: readonly number[]): number | undefined {
  for (const c of cols) if (cellText(row[c]) !== '') return c;
  return undefined;
}

export function anyAmountCell(row: Row, amountCols: readonly AmountColumn[]): boolean {
  for (const { col } of amountCols) {
    const cell = row[col];
    if (cell && (cell.value !== null || cell.error || cell.formula)) return true;
  }
  return false;
}

export function nonEmptyCount(row: Row, window: Columns): number {
  let n = 0;
  for (let c = window.left; c <= window.right; c++) if (cellText(row[c]) !== '') n++;
  return n;
}

/** A total's label in any column but the money ones ("Tổng cộng:" typed in the address column). */
export function totalLabelAnywhere(row: Row, window: Columns, skip: ReadonlySet<number>): { label: string; kind: TotalKind } | undefined {
  for (let c = window.left; c <= window.right; c++) {
    if (skip.has(c)) continue;
    const cell = row[c];
    if (!cell || typeof cell.value !== 'string') continue;
    const label = cellText(cell);
    const kind = totalKind(label);
    if (kind) return { label, kind };
  }
  return undefined;
}

/** Any text cell of the row that belongs to a signature block. */
export function footerTextAnywhere(row: Row, window: Columns): boolean {
  for (let c = window.left; c <= window.right; c++) {
    const cell = row[c];
    if (cell && typeof cell.value === 'string' && isFooterText(cell.value)) return true;
  }
  return false;
}
