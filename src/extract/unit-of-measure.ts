import { cellAddress, type SheetGrid } from '../model/grid.js';
import { makeIssue, type Issue, type Location } from '../model/issue.js';
import { foldForMatch } from '../format/text.js';
import { cellText, type HeaderLayout } from './header.js';

type Window = { top: number; left: number; bottom: number; right: number };

/** A unit of measure declared for a whole table, and the cell that says so. */
type DeclaredUnit = { scale: number; cell: string };

/** "ĐVT: 1.000 đồng", "Đơn vị tính: nghìn đồng", "tính bằng triệu đồng", "ĐVT: đồng". */
const DECLARATION = /\b(dvt|don vi tinh|tinh bang|tinh theo)\b\s*[:.\-]?\s*\(?\s*(1[.,]?000[.,]?000|1[.,]?000|nghin|ngan|trieu|dong|vnd|d)(?=\s*(?:d|dong|vnd)?\b)/;
/** "Đơn vị: nghìn đồng" — only with the currency after it ("Đơn vị: Ngân hàng …" is not a unit). */
const UNIT_COLON = /\bdon vi\s*:\s*(1[.,]?000[.,]?000|1[.,]?000|nghin|ngan|trieu)\s*(d|dong|vnd)\b/;
/** In a title line: "(1.000đ)", "(nghìn đồng)", "(triệu đồng)". */
const BRACKETED = /\(\s*(1[.,]?000[.,]?000|1[.,]?000|nghin|ngan|trieu)\s*(d|dong|vnd)\s*\)/;

function scaleOf(word: string): number {
  if (/^(trieu|1[.,]?000[.,]?000)$/.test(word)) return 1_000_000;
  if (/^(nghin|ngan|1[.,]?000)$/.test(word)) return 1_000;
  return 1;
}

/** The unit a line of text declares for amounts, if it declares one. */
/** Cheap test before folding: a declaration names "ĐVT", "đơn vị", "tính" or puts a unit in brackets. */
const MAYBE = /đvt|dvt|đơn vị|don vi|tính|tinh|\(/i;

export function unitDeclaredIn(text: string): number | undefined {
  if (text.length > 200 || !MAYBE.test(text)) return undefined;
  const f = foldForMatch(text);
  const declared = DECLARATION.exec(f);
  if (declared) return scaleOf(declared[2]!);
  const colon = UNIT_COLON.exec(f);
  if (colon) return scaleOf(colon[1]!);
  const bracketed = BRACKETED.exec(f);
  return bracketed ? scaleOf(bracketed[1]!) : undefined;
}

/**
 * Looks for the table's unit of measure around it: title lines above the header, and notes
 * anywhere below it ("Ghi chú: số tiền tính bằng nghìn đồng"). The first declaration wins.
 */
export function declaredUnit(sheet: SheetGrid, layout: HeaderLayout, window: Window): DeclaredUnit | undefined {
  for (let r = window.top; r <= window.bottom; r++) {
    if (r >= layout.firstRow && r <= layout.lastRow) continue;
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = window.left; c <= Math.min(window.right, row.length - 1); c++) {
      const cell = row[c];
      if (!cell || typeof cell.value !== 'string') continue;
      const scale = unitDeclaredIn(cellText(cell));
      if (scale !== undefined) return { scale, cell: cellAddress(r, c) };
    }
  }
  return undefined;
}

/** Below this, a gift in đồng is implausible (a bowl of phở costs more). */
const PLAUSIBLE_MIN = 10_000;

/**
 * A list whose amounts are nearly all below 10.000 đ, with no unit declared anywhere, was most
 * likely typed in thousands (or millions) of đồng: warn, naming the likely unit.
 */
export function implausibleUnit(amounts: readonly number[], at: Location, sheet: string): Issue | undefined {
  if (amounts.length < 3) return undefined;
  const small = amounts.filter((a) => a < PLAUSIBLE_MIN);
  if (small.length < amounts.length * 0.8) return undefined;
  const sorted = [...amounts].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const unit = median < 100 ? 'triệu đồng' : 'nghìn đồng';
  return makeIssue('AMOUNT_UNIT_SUSPECT', at, { sheet, count: small.length, rows: amounts.length, example: median, unit });
}

/**
 * A unit declared around the table that would make nearly every gift 100 triệu đồng or more, while
 * the figures as typed are already plausible đồng: the declaration most likely describes what the
 * number format shows (`#,##0,` displays 1.500.000 as 1.500), not what the cells hold. Warn.
 */
export function conflictingUnit(scaledAmounts: readonly number[], unit: DeclaredUnit, at: Location, sheet: string): Issue | undefined {
  if (unit.scale === 1 || scaledAmounts.length === 0) return undefined;
  const raw = scaledAmounts.map((a) => a / unit.scale);
  const plausible = raw.filter((a) => a >= PLAUSIBLE_MIN).length;
  if (plausible < raw.length * 0.8) return undefined;
  const sorted = [...raw].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return makeIssue('AMOUNT_UNIT_CONFLICT', at, {
    sheet,
    declared: unit.scale === 1000 ? 'nghìn đồng' : 'triệu đồng',
    declaredAt: unit.cell,
    median,
    scaled: median * unit.scale,
  });
}
