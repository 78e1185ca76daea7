import { columnLetter, type Cell, type SheetGrid } from '../model/grid.js';
import { parseAmount } from './amount.js';
import type { Field } from './columns.js';
import { cellText } from './header.js';

type Window = { top: number; left: number; bottom: number; right: number };

/** A header the reader did not know, with the `columns:` alias that would make it known. */
type HeaderGuess = { row: number; seen: string; alias: string; fields: Partial<Record<'name' | 'amount', number>> };

const SAMPLE_ROWS = 30;

function looksLikeAmount(cell: Cell | null | undefined): boolean {
  if (!cell || cell.value === null) return false;
  if (typeof cell.value === 'number') return cell.value >= 1 && !cell.isDate;
  if (typeof cell.value !== 'string' || !/\d/.test(cell.value)) return false;
  const parsed = parseAmount(cell);
  return parsed.ok && parsed.amount >= 1000;
}

function looksLikeName(cell: Cell | null | undefined): boolean {
  const text = cellText(cell);
  return /^\p{L}[\p{L}.'\- ]*\s\p{L}/u.test(text) && !/\d/.test(text);
}

/** Per column under `headerRow`: how many of the next rows hold a money figure, a name. */
function profile(sheet: SheetGrid, headerRow: number, window: Window, col: number): { amounts: number; names: number } {
  let amounts = 0;
  let names = 0;
  for (let r = headerRow + 1; r <= Math.min(window.bottom, headerRow + SAMPLE_ROWS); r++) {
    const cell = sheet.rows[r]?.[col];
    if (looksLikeAmount(cell)) amounts++;
    else if (looksLikeName(cell)) names++;
  }
  return { amounts, names };
}

/**
 * Which header labels are most likely the missing name and amount columns, judged by the cells
 * under them, so the message can say exactly what to add to campaign.yaml.
 */
export function guessColumns(
  sheet: SheetGrid,
  headerRow: number,
  labels: ReadonlyMap<number, string>,
  known: Partial<Record<Field, number[]>>,
  window: Window,
): HeaderGuess | undefined {
  const taken = new Set(Object.values(known).flatMap((cols) => cols ?? []));
  const want: ('name' | 'amount')[] = (['name', 'amount'] as const).filter((f) => !known[f]);
  if (want.length === 0) return undefined;
  const fields: HeaderGuess['fields'] = {};
  const parts: string[] = [];
  for (const field of want) {
    let best: { col: number; score: number } | undefined;
    for (const [col, label] of labels) {
      if (taken.has(col) || !label) continue;
      const p = profile(sheet, headerRow, window, col);
      const score = field === 'amount' ? p.amounts : p.names;
      if (score >= 2 && (!best || score > best.score)) best = { col, score };
    }
    if (!best) continue;
    taken.add(best.col);
    fields[field] = best.col;
    parts.push(`${field}: ["${labels.get(best.col)!.replace(/"/g, '\\"')}"]`);
  }
  const seen = [...labels.entries()].map(([col, label]) => `${columnLetter(col)}: "${label}"`).join(', ');
  const alias = parts.length ? `columns: { ${parts.join(', ')} }` : '';
  return { row: headerRow, seen, alias, fields };
}

/** For a sheet with no header it knows: the first row of labels with figures under it. */
export function guessHeaderRow(sheet: SheetGrid, window: Window): { row: number; labels: Map<number, string> } | undefined {
  for (let r = window.top; r <= Math.min(window.bottom - 1, window.top + 40); r++) {
    const labels = new Map<number, string>();
    let words = true;
    for (let c = window.left; c <= window.right; c++) {
      const cell = sheet.rows[r]?.[c];
      if (!cell || cell.value === null) continue;
      if (typeof cell.value !== 'string' || !/\p{L}/u.test(cell.value)) words = false;
      else labels.set(c, cellText(cell));
    }
    if (!words || labels.size < 2) continue;
    const next = sheet.rows[r + 1];
    if (next?.some((cell, c) => c >= window.left && c <= window.right && looksLikeAmount(cell))) return { row: r, labels };
  }
  return undefined;
}
