import { z } from 'zod';

/** A value as the spreadsheet holds it: for a formula cell, its cached result. */
export const CellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.date(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

export const CellSchema = z.object({
  value: CellValueSchema,
  /** Formula text without the leading '='; present when the cell holds a formula. */
  formula: z.string().optional(),
  /** An Excel error value such as "#REF!" (the cell's value is then null). */
  error: z.string().optional(),
  /** Name of the cell's font: the first clue for legacy Vietnamese encodings. */
  font: z.string().optional(),
  /** True when the number is shown with a date format (so it is an Excel serial date). */
  isDate: z.boolean().optional(),
});
export type Cell = z.infer<typeof CellSchema>;

export const SheetGridSchema = z.object({
  name: z.string(),
  hidden: z.boolean(),
  /** rows[r][c], 0-based; a missing or null entry is an empty cell. */
  rows: z.array(z.array(CellSchema.nullable())),
  /** Merged ranges as A1 ranges ("A1:C2"). */
  merges: z.array(z.string()),
});
export type SheetGrid = z.infer<typeof SheetGridSchema>;

export const WorkbookGridSchema = z.object({
  format: z.enum(['xlsx', 'csv', 'google']),
  /** Workbook uses the 1904 date system (old Mac Excel). */
  date1904: z.boolean(),
  sheets: z.array(SheetGridSchema),
});
export type WorkbookGrid = z.infer<typeof WorkbookGridSchema>;

/** 0-based column index → letters ("A", "AB"). */
export function columnLetter(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 0-based row and column → "B5". */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** "AB12" → 0-based {row, col}; undefined when it is not an address. */
export function parseAddress(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return undefined;
  const letters = m[1]!.toUpperCase();
  let col = 0;
  for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** "A1:C3" → 0-based inclusive bounds; undefined when malformed. */
export function parseRange(
  range: string,
): { top: number; left: number; bottom: number; right: number } | undefined {
  const [a, b = a] = range.split(':');
  if (a === undefined || b === undefined) return undefined;
  const start = parseAddress(a);
  const end = parseAddress(b);
  if (!start || !end) return undefined;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.col, end.col),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.col, end.col),
  };
}

export function cellAt(sheet: SheetGrid, row: number, col: number): Cell | undefined {
  return sheet.rows[row]?.[col] ?? undefined;
}
