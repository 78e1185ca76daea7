import { z } from 'zod';

/** A value as the spreadsheet holds it: for a formula cell, its cached result. */
const CellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.date(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

const CellSchema = z.object({
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

const SheetGridSchema = z.object({
  name: z.string(),
  hidden: z.boolean(),
  /** rows[r][c], 0-based; a missing or null entry is an empty cell. */
  rows: z.array(z.array(CellSchema.nullable())),
  /** Merged ranges as A1 ranges ("A1:C2"). */
  merges: z.array(z.string()),
  /**
   * Rows hidden in Excel (`<row hidden="1">`; Excel marks rows folded into a collapsed outline group
   * the same way), as 0-based indexes into `rows`, ascending; absent when none. Hidden rows are still
   * read (Excel's SUM counts them); extract warns about each donor row among them.
   */
  hiddenRows: z.array(z.number().int().nonnegative()).optional(),
  /** Columns hidden in Excel (`<col hidden="1" min max>`), 0-based, ascending, only those within the widest row; absent when none. */
  hiddenColumns: z.array(z.number().int().nonnegative()).optional(),
});
export type SheetGrid = z.infer<typeof SheetGridSchema>;

export const WorkbookGridSchema = z.object({
  format: z.enum(['xlsx', 'csv', 'google']),
  /** Workbook uses the 1904 date system (old Mac Excel). */
  date1904: z.boolean(),
  /** CSV/TXT only: the text encoding the bytes were read in (src/intake/csv.ts). */
  textEncoding: z.string().optional(),
  sheets: z.array(SheetGridSchema),
});
export type WorkbookGrid = z.infer<typeof WorkbookGridSchema>;

export { cellAddress, columnLetter, parseAddress, parseRange } from './a1.js';

