import type { Cell } from '../model/grid.js';

const DAY_MS = 86_400_000;
/** Excel day 0 in the 1900 system is 1899-12-30 once the fake 29/02/1900 is accounted for. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function isoFromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function validYmd(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return isoFromUtc(ms);
}

/** Excel serial day number → ISO date, honouring the 1904 date system. */
function serialToIso(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 150_000) return undefined;
  const ms = (date1904 ? EPOCH_1904 : EPOCH_1900) + Math.floor(serial) * DAY_MS;
  return isoFromUtc(ms);
}

/**
 * Reads a date cell: a Date, a serial number, or text "15/8/2023", "15-08-2023", "15.8.2023",
 * "2023-08-15". Day comes before month, as everywhere in Vietnam.
 */
export function parseDateCell(cell: Cell, date1904: boolean): string | undefined {
  const value = cell.value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    // exceljs builds dates in UTC; rounding to the second absorbs floating error at midnight.
    return isoFromUtc(Math.round(value.getTime() / 1000) * 1000);
  }
  if (typeof value === 'number') return serialToIso(value, date1904);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/.exec(text);
  if (m) return validYmd(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$/.exec(text);
  if (m) return validYmd(2000 + Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}
