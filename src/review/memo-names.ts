/**
 * Who a transfer memo names. Memos are typed by bank clerks and phone apps: no diacritics, upper
 * case, abbreviated ("UBMTTQ X.AN THO", "HND HUYEN"), sometimes misspelt ("AN THOO"). Units are
 * recognised by the words of their name without the kind of place ("xã", "thị trấn"), or by their
 * initials ("HND" for Hội Nông dân); donors by the words of their name. Pure.
 */
import { foldForMatch } from '../format/text.js';

/** "UBMTTQ X.AN THO" → ["ubmttq", "x", "an", "tho"]. */
export function memoWords(text: string): string[] {
  return foldForMatch(text).replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
}

const KIND_PREFIXES = [['thi', 'tran'], ['xa'], ['phuong'], ['huyen'], ['quan'], ['thanh', 'pho'], ['thi', 'xa']];
const TRAILING = new Set(['huyen', 'xa', 'tinh', 'thanh', 'pho', 'quan']);
/** Words of company names that memos shorten or drop. */
const COMPANY_WORDS = new Set(['cong', 'ty', 'cty', 'tnhh', 'co', 'phan', 'cp', 'dntn', 'doanh', 'nghiep', 'tu', 'nhan', 'mtv', 'ong', 'ba', 'anh', 'chi']);

/** The words that say which unit it is: "Xã An Thọ" → ["an", "tho"]; "Hội Nông dân huyện" → ["hoi", "nong", "dan"]. */
export function unitCore(name: string): string[] {
  let words = memoWords(name);
  for (const prefix of KIND_PREFIXES) {
    if (words.length > prefix.length && prefix.every((p, i) => words[i] === p)) {
      words = words.slice(prefix.length);
      break;
    }
  }
  while (words.length > 1 && TRAILING.has(words.at(-1)!)) words = words.slice(0, -1);
  return words;
}

/** A donor's distinctive words: "Công ty TNHH Hải Long" → ["hai", "long"], "Bà Nguyễn Thị Lan" → ["nguyen", "thi", "lan"]. */
export function donorCore(name: string): string[] {
  const words = memoWords(name);
  const distinctive = words.filter((w) => !COMPANY_WORDS.has(w));
  return distinctive.length >= 2 ? distinctive : words;
}

/** Optimal string alignment distance, stopping early above 1 (only "equal" or "one slip" matter). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  if (a.length === b.length) {
    if (restA === restB) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export type NameHit = { how: 'exact' | 'initials' | 'fuzzy'; score: number; text: string };

/**
 * Whether `core` appears in the memo as consecutive words: exactly (60), as initials (50) or with
 * one slip in a word of three letters or more (45). A core right after "huyện"/"tỉnh" names the
 * district or province, not a unit called the same ("MTTQ HUYEN AN LAO" is not "Thị trấn An Lão").
 */
export function findName(memo: readonly string[], core: readonly string[], initials?: string): NameHit | undefined {
  if (core.length === 0) return undefined;
  let best: NameHit | undefined;
  for (let i = 0; i + core.length <= memo.length; i++) {
    if (i > 0 && (memo[i - 1] === 'huyen' || memo[i - 1] === 'tinh')) continue;
    let slips = 0;
    for (let k = 0; k < core.length && slips <= 1; k++) {
      const m = memo[i + k]!;
      const c = core[k]!;
      if (m === c) continue;
      if (c.length >= 3 && withinOneEdit(m, c)) slips++;
      else slips = 2;
    }
    if (slips === 0) return { how: 'exact', score: 60, text: memo.slice(i, i + core.length).join(' ').toUpperCase() };
    if (slips === 1 && core.length >= 2 && !best) best = { how: 'fuzzy', score: 45, text: memo.slice(i, i + core.length).join(' ').toUpperCase() };
  }
  if (!best && initials && initials.length >= 3) {
    const at = memo.indexOf(initials);
    if (at >= 0) best = { how: 'initials', score: 50, text: initials.toUpperCase() };
  }
  return best;
}

/** "hoi nong dan" → "hnd"; only for names of three words or more (two letters say too little). */
export function initialsOf(core: readonly string[]): string | undefined {
  return core.length >= 3 ? core.map((w) => w[0]).join('') : undefined;
}
