import { describe, expect, it } from 'vitest';
import { amountInWords, numberInWords } from '../src/format/words.js';

// Expected strings are written by hand from DOMAIN.md §4, not produced by the code.

describe('amountInWords: checked examples from DOMAIN.md §4', () => {
  it.each([
    [1_234_567, 'Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng'],
    [50_000_000, 'Năm mươi triệu đồng'],
    [215_321_500, 'Hai trăm mười lăm triệu ba trăm hai mươi mốt nghìn năm trăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [11, 'Mười một đồng'],
    [101, 'Một trăm linh một đồng'],
    [15, 'Mười lăm đồng'],
    [25, 'Hai mươi lăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [24, 'Hai mươi tư đồng'],
    [14, 'Mười bốn đồng'],
    [1_005, 'Một nghìn không trăm linh năm đồng'],
    [1_010_000, 'Một triệu không trăm mười nghìn đồng'],
    [1_000_005, 'Một triệu không trăm linh năm đồng'],
  ])('%d', (amount, expected) => {
    expect(amountInWords(amount)).toBe(expected);
  });
});

describe('amountInWords: small numbers', () => {
  it.each([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [20, 'Hai mươi đồng'],
    [31, 'Ba mươi mốt đồng'],
    [44, 'Bốn mươi tư đồng'],
    [45, 'Bốn mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [94, 'Chín mươi tư đồng'],
    [99, 'Chín mươi chín đồng'],
    [100, 'Một trăm đồng'],
    [104, 'Một trăm linh bốn đồng'],
    [110, 'Một trăm mười đồng'],
    [111, 'Một trăm mười một đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [121, 'Một trăm hai mươi mốt đồng'],
    [999, 'Chín trăm chín mươi chín đồng'],
  ])('%d', (amount, expected) => {
    expect(amountInWords(amount)).toBe(expected);
  });
});

describe('amountInWords: zero hundreds and skipped groups', () => {
  it.each([
    [1_000, 'Một nghìn đồng'],
    [1_001, 'Một nghìn không trăm linh một đồng'],
    [1_015, 'Một nghìn không trăm mười lăm đồng'],
    [1_021, 'Một nghìn không trăm hai mươi mốt đồng'],
    [1_100, 'Một nghìn một trăm đồng'],
    [10_000, 'Mười nghìn đồng'],
    [15_000, 'Mười lăm nghìn đồng'],
    [21_000, 'Hai mươi mốt nghìn đồng'],
    [100_000, 'Một trăm nghìn đồng'],
    [105_000, 'Một trăm linh năm nghìn đồng'],
    [500_000, 'Năm trăm nghìn đồng'],
    [1_000_000, 'Một triệu đồng'],
    [1_001_000, 'Một triệu không trăm linh một nghìn đồng'],
    [1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'],
    [1_500_000, 'Một triệu năm trăm nghìn đồng'],
    [2_000_500, 'Hai triệu năm trăm đồng'],
    [110_000_000, 'Một trăm mười triệu đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_000_000_005, 'Một tỷ không trăm linh năm đồng'],
    [2_000_001_000, 'Hai tỷ không trăm linh một nghìn đồng'],
    [3_040_000_000, 'Ba tỷ không trăm bốn mươi triệu đồng'],
    [12_345_678_901, 'Mười hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn chín trăm linh một đồng'],
  ])('%d', (amount, expected) => {
    expect(amountInWords(amount)).toBe(expected);
  });
});

describe('amountInWords: repeated tỷ for 10^12 and above', () => {
  it.each([
    [10n ** 12n, 'Một nghìn tỷ đồng'],
    [2_500n * 10n ** 9n, 'Hai nghìn năm trăm tỷ đồng'],
    [10n ** 12n + 5n, 'Một nghìn tỷ không trăm linh năm đồng'],
    [1_001n * 10n ** 9n, 'Một nghìn không trăm linh một tỷ đồng'],
    [10n ** 15n, 'Một triệu tỷ đồng'],
    [10n ** 18n, 'Một tỷ tỷ đồng'],
    [10n ** 18n + 10n ** 9n, 'Một tỷ tỷ không trăm linh một tỷ đồng'],
  ])('%s', (amount, expected) => {
    expect(amountInWords(amount)).toBe(expected);
  });

  it('reads 10^12 given as a number the same as a bigint', () => {
    expect(amountInWords(1_000_000_000_000)).toBe('Một nghìn tỷ đồng');
  });
});

describe('amountInWords: options', () => {
  it('uses "lẻ" for zero tens when asked', () => {
    expect(amountInWords(101, { zeroTens: 'lẻ' })).toBe('Một trăm lẻ một đồng');
    expect(amountInWords(1_005, { zeroTens: 'lẻ' })).toBe('Một nghìn không trăm lẻ năm đồng');
  });

  it('puts another unit after the number, or none for ""', () => {
    expect(amountInWords(5, { unit: 'USD' })).toBe('Năm USD');
    expect(amountInWords(101, { unit: '' })).toBe('Một trăm linh một');
    expect(amountInWords(0, { unit: '' })).toBe('Không');
  });

  it('accepts bigint amounts', () => {
    expect(amountInWords(1_234_567n)).toBe('Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng');
  });
});

describe('numberInWords', () => {
  it('is lower-case and has no unit', () => {
    expect(numberInWords(0)).toBe('không');
    expect(numberInWords(21)).toBe('hai mươi mốt');
    expect(numberInWords(1_005, { zeroTens: 'lẻ' })).toBe('một nghìn không trăm lẻ năm');
  });
});

describe('invalid input', () => {
  it.each([-1, 1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('%s throws RangeError', (n) => {
    expect(() => amountInWords(n)).toThrow(RangeError);
    expect(() => numberInWords(n)).toThrow(RangeError);
  });

  it('negative bigint throws RangeError', () => {
    expect(() => amountInWords(-1n)).toThrow(RangeError);
  });

  it('-0 reads as zero', () => {
    expect(amountInWords(-0)).toBe('Không đồng');
  });
});
