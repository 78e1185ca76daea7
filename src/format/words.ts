/**
 * Amounts in words, read the way Vietnamese documents write them (docs/domain.md §4):
 * 1.234.567 → "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng".
 */

interface NumberInWordsOptions {
  /**
   * Word for zero tens between hundreds and a non-zero unit (101 một trăm linh một).
   * @default 'linh'
   */
  readonly zeroTens?: 'linh' | 'lẻ';
}

interface AmountInWordsOptions extends NumberInWordsOptions {
  /**
   * Unit appended after the number; "" appends nothing.
   * @default 'đồng'
   */
  readonly unit?: string;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Names of the three-digit groups inside one block of 10^9; blocks above it repeat "tỷ". */
const GROUP_NAMES = ['', 'nghìn', 'triệu'] as const;

function digit(d: number): string {
  return DIGITS[d] ?? '';
}

/**
 * One group of three digits. `inside` is true when a non-zero group stands before it,
 * which makes zero hundreds audible (1.005 một nghìn không trăm linh năm).
 */
function readGroup(value: number, inside: boolean, zeroTens: string): string[] {
  const hundreds = Math.floor(value / 100);
  const tens = Math.floor(value / 10) % 10;
  const units = value % 10;
  const words: string[] = [];

  if (inside || hundreds > 0) words.push(digit(hundreds), 'trăm');

  if (tens === 0) {
    if (units > 0) {
      if (words.length > 0) words.push(zeroTens);
      words.push(digit(units));
    }
  } else if (tens === 1) {
    words.push('mười');
    if (units === 5) words.push('lăm');
    else if (units > 0) words.push(digit(units));
  } else {
    words.push(digit(tens), 'mươi');
    if (units === 1) words.push('mốt');
    else if (units === 4) words.push('tư');
    else if (units === 5) words.push('lăm');
    else if (units > 0) words.push(digit(units));
  }
  return words;
}

function toBigInt(n: number | bigint, name: string): bigint {
  if (typeof n === 'bigint') {
    if (n < 0n) throw new RangeError(`${name} must not be negative, got ${n}`);
    return n;
  }
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be a whole number, got ${n}`);
  if (n < 0) throw new RangeError(`${name} must not be negative, got ${n}`);
  // Above 2^53 a number is already rounded; reading it aloud would state a figure nobody wrote.
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`${name} is beyond exact number precision (${n}); pass a bigint`);
  }
  return BigInt(n);
}

/** 21 → "hai mươi mốt"; lower-case, no unit. Throws RangeError for negative or fractional input. */
export function numberInWords(n: number | bigint, options: NumberInWordsOptions = {}): string {
  const zeroTens = options.zeroTens ?? 'linh';
  let rest = toBigInt(n, 'number');
  if (rest === 0n) return 'không';

  const groups: number[] = [];
  while (rest > 0n) {
    groups.push(Number(rest % 1000n));
    rest /= 1000n;
  }

  const words: string[] = [];
  // Walk blocks of three groups (10^9) from the top; each non-zero block ends with its "tỷ"s.
  for (let block = Math.floor((groups.length - 1) / 3); block >= 0; block--) {
    let blockHasWords = false;
    for (let pos = 2; pos >= 0; pos--) {
      const value = groups[block * 3 + pos] ?? 0;
      if (value === 0) continue;
      words.push(...readGroup(value, words.length > 0, zeroTens));
      const name = GROUP_NAMES[pos];
      if (name) words.push(name);
      blockHasWords = true;
    }
    if (blockHasWords) for (let i = 0; i < block; i++) words.push('tỷ');
  }
  return words.join(' ');
}

/**
 * 1234567 → "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng".
 * Throws RangeError for negative or fractional amounts.
 */
export function amountInWords(amount: number | bigint, options: AmountInWordsOptions = {}): string {
  const text = numberInWords(amount, options);
  const unit = options.unit ?? 'đồng';
  const sentence = unit === '' ? text : `${text} ${unit}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/**
 * Amount in words for a figure computed by adding numbers: past 2^53 the sum is already rounded,
 * so a note stands in for words nobody could check (the run reports TOTAL_TOO_LARGE).
 */
export function summedAmountInWords(amount: number, options: AmountInWordsOptions = {}): string {
  if (Number.isSafeInteger(amount) && amount >= 0) return amountInWords(amount, options);
  return '(không ghi được bằng chữ: số tiền vượt quá mức máy tính cộng chính xác được)';
}
