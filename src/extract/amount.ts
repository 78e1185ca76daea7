import type { Cell } from '../model/grid.js';

/** Result of reading an amount: whole đồng, or the reason it cannot be read without guessing. */
type AmountResult =
  | { ok: true; amount: number }
  | { ok: false; code: 'AMOUNT_INVALID' | 'AMOUNT_AMBIGUOUS' | 'AMOUNT_NEGATIVE' | 'AMOUNT_FRACTIONAL'; value: string };

const UNIT_WORDS: [RegExp, number][] = [
  [/^(ty|tỷ|tỉ)$/u, 1_000_000_000],
  [/^(trieu|triệu|tr)$/u, 1_000_000],
  [/^(nghin|nghìn|ngan|ngàn|k)$/u, 1_000],
];
const CURRENCY = /(đồng|đ|vnđ|vnd|dong|d)\.?$/iu;

/**
 * Reads an amount in đồng from a cell, in the styles people type:
 * 1500000, "1.500.000", "1.500.000 đ", "200.000đ", "2,000,000", "1 500 000", "1,5 triệu".
 * `scale` multiplies bare numbers when the header says "(nghìn đồng)".
 * Anything that needs a guess ("1.5", "1,50", "hai trăm nghìn") is refused.
 */
export function parseAmount(cell: Cell, scale = 1): AmountResult {
  const value = cell.value;
  if (typeof value === 'number') return checkNumber(value * scale, String(value));
  if (typeof value !== 'string') return { ok: false, code: 'AMOUNT_INVALID', value: String(value) };
  return parseAmountText(value, scale);
}

export function parseAmountText(input: string, scale = 1): AmountResult {
  const shown = input.trim();
  let text = shown.normalize('NFC').toLowerCase().replace(/\u00a0/g, ' ').trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = true;
    text = text.slice(1).trim();
  }
  text = text.replace(CURRENCY, '').trim();

  // "1,5 triệu", "500 nghìn", "2tr"
  const withUnit = /^(\d+(?:[.,]\d+)?)\s*([a-zà-ỹđ]+)$/u.exec(text);
  if (withUnit) {
    const multiplier = UNIT_WORDS.find(([re]) => re.test(withUnit[2]!))?.[1];
    if (!multiplier) return { ok: false, code: 'AMOUNT_INVALID', value: shown };
    const numberPart = withUnit[1]!;
    // "1.500 triệu" is grouped thousands; "1.5 triệu" / "1,5 triệu" is a decimal.
    const grouped = /^\d{1,3}(\.\d{3})+$/.test(numberPart);
    const n = grouped ? Number(numberPart.replace(/\./g, '')) : Number(numberPart.replace(',', '.'));
    return signed(checkNumber(n * multiplier, shown), negative);
  }

  if (/[a-zà-ỹđ]/u.test(text)) {
    // Amounts written in words or with notes inside the cell cannot be read without guessing.
    return { ok: false, code: /\d/.test(text) ? 'AMOUNT_INVALID' : 'AMOUNT_AMBIGUOUS', value: shown };
  }
  const compact = text.replace(/\s+/g, ' ');
  let digits: string | undefined;
  if (/^\d+$/.test(compact)) digits = compact;
  else if (/^\d{1,3}(\.\d{3})+$/.test(compact)) digits = compact.replace(/\./g, '');
  else if (/^\d{1,3}(,\d{3})+$/.test(compact)) digits = compact.replace(/,/g, '');
  else if (/^\d{1,3}( \d{3})+$/.test(compact)) digits = compact.replace(/ /g, '');
  else if (/^\d{1,3}(\.\d{3})+,0+$/.test(compact)) digits = compact.replace(/,0+$/, '').replace(/\./g, '');
  else if (/^\d{1,3}(,\d{3})+\.0+$/.test(compact)) digits = compact.replace(/\.0+$/, '').replace(/,/g, '');
  // "1.500.000,5" / "1,500,000.50": grouped thousands with a decimal part — a fraction of a đồng when not zero.
  const decimal = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(compact) ?? /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(compact);
  if (digits === undefined && decimal) {
    const n = Number(decimal[1]!.replace(/[.,]/g, '') + '.' + decimal[2]!) * scale;
    return signed(checkNumber(n, shown), negative);
  }
  if (digits === undefined) {
    const ambiguous = /^\d+[.,]\d+$/.test(compact);
    return { ok: false, code: ambiguous ? 'AMOUNT_AMBIGUOUS' : 'AMOUNT_INVALID', value: shown };
  }
  return signed(checkNumber(Number(digits) * scale, shown), negative);
}

function checkNumber(n: number, shown: string): AmountResult {
  if (!Number.isFinite(n)) return { ok: false, code: 'AMOUNT_INVALID', value: shown };
  if (n < 0) return { ok: false, code: 'AMOUNT_NEGATIVE', value: shown };
  // Floating error from scaling (1.1 × 1e6) is not a fraction of a đồng; half a đồng is, however large the sum.
  const rounded = Math.round(n);
  if (Math.abs(n - rounded) > 1e-9 * Math.max(1, Math.abs(n))) {
    return { ok: false, code: n < 1000 ? 'AMOUNT_AMBIGUOUS' : 'AMOUNT_FRACTIONAL', value: shown };
  }
  if (!Number.isSafeInteger(rounded)) return { ok: false, code: 'AMOUNT_INVALID', value: shown };
  return { ok: true, amount: rounded };
}

function signed(result: AmountResult, negative: boolean): AmountResult {
  if (!negative || !result.ok) return result;
  return result.amount === 0 ? result : { ok: false, code: 'AMOUNT_NEGATIVE', value: `-${result.amount}` };
}
