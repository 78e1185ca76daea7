import { describe, expect, it } from 'vitest';
import { parseAmountText, parseAmount } from '../src/extract/amount.js';

describe('amounts typed in local styles', () => {
  it.each([
    ['1500000', 1_500_000],
    ['1.500.000', 1_500_000],
    ['1.500.000 đ', 1_500_000],
    ['200.000đ', 200_000],
    ['200.000 đồng', 200_000],
    ['2,000,000', 2_000_000],
    ['1 500 000', 1_500_000],
    ['1,5 triệu', 1_500_000],
    ['1.5 triệu', 1_500_000],
    ['2 triệu', 2_000_000],
    ['500 nghìn', 500_000],
    ['1.500 triệu', 1_500_000_000],
    ['500.000 VNĐ', 500_000],
    ['1.000.000,00', 1_000_000],
    ['0', 0],
  ])('reads %j as %d đồng', (text, expected) => {
    expect(parseAmountText(text)).toEqual({ ok: true, amount: expected });
  });

  it.each([
    ['1.5', 'AMOUNT_AMBIGUOUS'],
    ['1,5', 'AMOUNT_AMBIGUOUS'],
    ['1.50', 'AMOUNT_AMBIGUOUS'],
    ['hai trăm nghìn', 'AMOUNT_AMBIGUOUS'],
    ['200.000 (tiền mặt)', 'AMOUNT_INVALID'],
    ['1.50.000', 'AMOUNT_INVALID'],
    ['-500.000', 'AMOUNT_NEGATIVE'],
    ['(500.000)', 'AMOUNT_NEGATIVE'],
    ['5 quả trứng', 'AMOUNT_INVALID'],
  ])('refuses %j with %s instead of guessing', (text, code) => {
    const result = parseAmountText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('reads numeric cells, scaled by the header unit, and refuses fractions', () => {
    expect(parseAmount({ value: 250000 })).toEqual({ ok: true, amount: 250_000 });
    expect(parseAmount({ value: 250 }, 1000)).toEqual({ ok: true, amount: 250_000 });
    expect(parseAmount({ value: 1.5 })).toMatchObject({ ok: false, code: 'AMOUNT_AMBIGUOUS' });
    expect(parseAmount({ value: 1500.5 })).toMatchObject({ ok: false, code: 'AMOUNT_FRACTIONAL' });
    expect(parseAmount({ value: -100000 })).toMatchObject({ ok: false, code: 'AMOUNT_NEGATIVE' });
  });
});
