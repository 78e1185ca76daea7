/** Vietnamese number style: dot for thousands, comma for decimals. */

/** 1234567 → "1.234.567" (whole đồng; negative numbers keep their sign). */
export function formatMoney(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(amount)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 1.549 → "154,9%" (ratio, not percent). */
export function formatPercent(ratio: number, fractionDigits = 1): string {
  const fixed = (ratio * 100).toFixed(fractionDigits);
  const [whole = '0', frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped}${frac ? `,${frac}` : ''}%`;
}

/** 27 → "27"; used for counts where grouping is also wanted (12.345 người). */
export function formatCount(count: number): string {
  return formatMoney(count);
}
