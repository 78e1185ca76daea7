/**
 * The date a unit wrote on its own report: the place-date line under the table
 * ("Bát Trang, ngày 28 tháng 9 năm 2023"). Pure: reads a grid, returns where the date is.
 */
import { cellAddress, type SheetGrid, type WorkbookGrid } from '../model/grid.js';
import { foldForMatch } from '../format/text.js';

type ReportDate = {
  /** ISO date. */
  date: string;
  sheet: string;
  /** Cell address ("F45"). */
  cell: string;
};

// The whole cell must be a place-date line (an optional place and comma, then the date), so the
// plan reference "(Thực hiện Kế hoạch số 50 … ngày 01/8/2023 …)" or "từ ngày … đến ngày …" never match.
const PLACE_DATE = /^(?:[^,;:()]{1,60},\s*)?ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\s*\.?$/;
const PLACE_DATE_NUMERIC = /^[^,;:()]{1,60},\s*ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*\.?$/;

function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 2000 || y > 2200) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** "An Lão, ngày 28 tháng 9 năm 2023" → "2023-09-28"; undefined for anything else. */
export function parsePlaceDate(text: string): string | undefined {
  const folded = foldForMatch(text);
  const m = PLACE_DATE.exec(folded) ?? PLACE_DATE_NUMERIC.exec(folded);
  if (!m) return undefined;
  return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
}

/** The place-date line sits under the table: only the last rows are searched. */
const SEARCH_LAST_ROWS = 300;
const LOOKS_DATED = /ng[aà]y.*th[aá]ng/i;

function lastDateIn(sheet: SheetGrid): ReportDate | undefined {
  const stop = Math.max(0, sheet.rows.length - SEARCH_LAST_ROWS);
  for (let r = sheet.rows.length - 1; r >= stop; r--) {
    const row = sheet.rows[r] ?? [];
    for (let c = row.length - 1; c >= 0; c--) {
      const value = row[c]?.value;
      if (typeof value !== 'string' || value.length > 120 || !LOOKS_DATED.test(value)) continue;
      const date = parsePlaceDate(value);
      if (date) return { date, sheet: sheet.name, cell: cellAddress(r, c) };
    }
  }
  return undefined;
}

type FindReportDateOptions = {
  /** Look only in this sheet (the one the config reads). */
  readonly sheet?: string | undefined;
  /** Dates before this ISO day are ignored (a template left over from an earlier campaign). */
  readonly notBefore?: string | undefined;
};

/**
 * The date written on the report: the bottom-most place-date line of each visible sheet (or of the
 * configured sheet), the latest across sheets. Undefined when the sheet carries none.
 */
export function findReportDate(grid: WorkbookGrid, options: FindReportDateOptions = {}): ReportDate | undefined {
  const sheets = options.sheet ? grid.sheets.filter((s) => s.name === options.sheet) : grid.sheets.filter((s) => !s.hidden);
  let best: ReportDate | undefined;
  for (const sheet of sheets) {
    const found = lastDateIn(sheet);
    if (!found) continue;
    if (options.notBefore && found.date < options.notBefore) continue;
    if (!best || found.date > best.date) best = found;
  }
  return best;
}
