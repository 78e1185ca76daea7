/** CSV for people who live in Excel: UTF-8 with BOM, CRLF, and no cell that Excel would run as a formula. */
export type CsvValue = string | number | undefined;

function csvField(value: CsvValue): string {
  const text = value === undefined ? '' : String(value);
  // Cells starting with = + - @ would run as formulas in Excel: prefix them (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: header and rows, BOM first so Excel shows Vietnamese correctly. */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
