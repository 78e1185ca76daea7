import { cellAddress, columnLetter, parseRange, type Cell, type SheetGrid } from '../model/grid.js';
import { amountRoleFromText, amountScaleFromHeader, matchHeader, statusFromText, type AliasTable, type AmountRole, type Field, type HeaderMatch } from './columns.js';
import { foldForMatch, normalizeText } from '../format/text.js';
import type { MoneyStatus } from '../model/record.js';

/** How far down a sheet the header may start (title rows, logos, instructions above it). */
const MAX_HEADER_SCAN_ROWS = 40;
const MAX_HEADER_DEPTH = 3;

export type AmountColumn = {
  col: number;
  status: MoneyStatus | undefined;
  /** How the column's money relates to its siblings under one merged money header (columns.ts). */
  role: AmountRole;
  /** Multiplier to đồng; `scaleDeclared` tells whether the header or a title line said so. */
  scale: number;
  scaleDeclared: boolean;
  label: string;
};

export type HeaderLayout = {
  /** 0-based first and last header rows (several when the header is built from merged rows). */
  firstRow: number;
  lastRow: number;
  /** Best column first, for each field found. */
  columns: Partial<Record<Field, number[]>>;
  amountColumns: AmountColumn[];
  /** Joined label of every non-empty header column, for messages. */
  labels: Map<number, string>;
};

export function cellText(cell: Cell | null | undefined): string {
  if (!cell || cell.value === null) return '';
  const v = cell.value;
  if (typeof v === 'string') return normalizeText(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/**
 * For every cell covered by a merge, the address of its master (top-left) cell. Merges are cut to
 * the rows scanned and the sheet's real width, and a merge cut to the same cells as an earlier one
 * is skipped, so 20,000 whole-sheet merges cost what one does (they took 81 s before).
 */
export function mergeMasters(sheet: SheetGrid, maxRow: number): Map<string, [number, number]> {
  const masters = new Map<string, [number, number]>();
  const lastRow = Math.min(maxRow, sheet.rows.length - 1);
  let width = 0;
  for (let row = 0; row <= lastRow; row++) width = Math.max(width, sheet.rows[row]?.length ?? 0);
  const seen = new Set<string>();
  // Overlapping merges (Excel refuses them) are the only way past this: stop there, not minutes later.
  let budget = 4 * (lastRow + 1) * (width + 1) + 10_000;
  for (const merge of sheet.merges) {
    const r = parseRange(merge);
    if (!r || r.top > lastRow || r.left >= width) continue;
    const bottom = Math.min(r.bottom, lastRow);
    const right = Math.min(r.right, width - 1, r.left + 200);
    const key = `${r.top}:${r.left}:${bottom}:${right}`;
    if (seen.has(key)) continue;
    seen.add(key);
    budget -= (bottom - r.top + 1) * (right - r.left + 1);
    if (budget < 0) break;
    for (let row = r.top; row <= bottom; row++) {
      for (let col = r.left; col <= right; col++) {
        if (row !== r.top || col !== r.left) masters.set(`${row}:${col}`, [r.top, r.left]);
      }
    }
  }
  return masters;
}

type Window = { top: number; left: number; bottom: number; right: number };

/** The area to read: the whole sheet, or the configured range. */
export function sheetWindow(sheet: SheetGrid, range: string | undefined): Window {
  let right = 0;
  for (const row of sheet.rows) if (row.length > right) right = row.length;
  const whole = { top: 0, left: 0, bottom: sheet.rows.length - 1, right: right - 1 };
  if (!range) return whole;
  const r = parseRange(range);
  if (!r) return whole;
  return { top: r.top, left: r.left, bottom: Math.min(r.bottom, whole.bottom), right: Math.min(r.right, whole.right) };
}

function ownText(sheet: SheetGrid, row: number, col: number): string {
  return cellText(sheet.rows[row]?.[col]);
}

/**
 * Finds the header: the row (or up to three stacked rows, joined column by column through merged
 * cells) that names the most known fields, with at least a name and an amount column.
 * Title rows (a single cell, often merged across the table) never join a header.
 */
export function detectHeader(sheet: SheetGrid, aliases: AliasTable, window: Window): HeaderLayout | undefined {
  const lastScan = Math.min(window.bottom, window.top + MAX_HEADER_SCAN_ROWS);
  const masters = mergeMasters(sheet, lastScan);
  const textAt = (row: number, col: number): string => {
    const master = masters.get(`${row}:${col}`);
    return master ? ownText(sheet, master[0], master[1]) : ownText(sheet, row, col);
  };
  // Header rows hold words; a row with a bare number or a date in it is data.
  const wordsOnly = (row: number): boolean => {
    for (let col = window.left; col <= window.right; col++) {
      const cell = sheet.rows[row]?.[col];
      if (!cell || cell.value === null) continue;
      if (typeof cell.value !== 'string' || !/\p{L}/u.test(cell.value)) return false;
    }
    return true;
  };
  const ownCellCount = (row: number): number => {
    let n = 0;
    for (let col = window.left; col <= window.right; col++) if (ownText(sheet, row, col) !== '') n++;
    return n;
  };

  let best: { layout: HeaderLayout; fields: number; score: number } | undefined;
  for (let last = window.top; last <= lastScan; last++) {
    if ((ownCellCount(last) < 2 && !hasMergedLabels(masters, last, window)) || !wordsOnly(last)) continue;
    for (let depth = 1; depth <= MAX_HEADER_DEPTH; depth++) {
      const first = last - depth + 1;
      if (first < window.top) break;
      if (depth > 1 && (ownCellCount(first) < 2 || !wordsOnly(first))) break;
      const labels = new Map<number, string[]>();
      for (let col = window.left; col <= window.right; col++) {
        const parts: string[] = [];
        for (let row = first; row <= last; row++) {
          const text = textAt(row, col);
          if (text && parts[parts.length - 1] !== text) parts.push(text);
        }
        if (parts.length) labels.set(col, parts);
      }
      const candidate = layoutFrom(labels, aliases, first, last);
      if (!candidate) continue;
      const fields = Object.keys(candidate.layout.columns).length;
      const score = candidate.score;
      // On a tie a deeper block of the same header wins (its lower rows are sub-headings, not
      // data); a separate header further down does not (the first table comes first).
      const sameBlock = best !== undefined && first <= best.layout.lastRow + 1;
      // "Đã nộp" / "Chưa nộp" under a money header merged across them: a sub-header row, never data.
      const subHeader = sameBlock && depth > 1 && best!.layout.lastRow === last - 1 && isSubHeaderRow(sheet, masters, last, window);
      if (!best || fields > best.fields || (fields === best.fields && sameBlock && (subHeader || score >= best.score - 0.01))) {
        best = { layout: candidate.layout, fields, score };
      }
    }
  }
  return best?.layout;
}

/** Every label of the row sits under a cell merged across several columns (a parent heading). */
function isSubHeaderRow(sheet: SheetGrid, masters: Map<string, [number, number]>, row: number, window: Window): boolean {
  let labels = 0;
  for (let col = window.left; col <= window.right; col++) {
    if (ownText(sheet, row, col) === '') continue;
    labels++;
    const above = masters.get(`${row - 1}:${col}`);
    const spansRight = masters.get(`${row - 1}:${col + 1}`);
    const underMerge = (above !== undefined && above[0] === row - 1) || (spansRight !== undefined && spansRight[0] === row - 1 && spansRight[1] === col);
    if (!underMerge) return false;
  }
  return labels >= 2;
}

function hasMergedLabels(masters: Map<string, [number, number]>, row: number, window: Window): boolean {
  for (let col = window.left; col <= window.right; col++) if (masters.has(`${row}:${col}`)) return true;
  return false;
}

/**
 * Matches each column's header parts from the lowest row up: "Họ và tên" under "Thông tin người
 * ủng hộ" is a name, while "Đăng ký" under "Số tiền ủng hộ" only means something joined to it.
 */
const BREAKDOWN = /\b(trong do|chia ra|bao gom|gom|chi tiet)\b/;
const MONEY_SHARE = /\b(da nop|chua nop|da thu|chua thu|da chuyen|dang ky|con no|con lai|tien mat|chuyen khoan|hien vat)\b/;

function matchParts(parts: string[], aliases: AliasTable): HeaderMatch | undefined {
  // Under a money heading, "Thôn Đông" (one column per hamlet) is money, not an address;
  // "Ngày nộp" under "Ủng hộ" stays a date.
  if (parts.length > 1) {
    const parent = matchHeader(parts.slice(0, -1).join(' '), aliases);
    const own = matchHeader(parts[parts.length - 1]!, aliases);
    if (parent?.field === 'amount' && (!own || own.field === 'address' || own.field === 'amount')) return own?.field === 'amount' ? own : parent;
    // "Trong đó" / "Chia ra" over "Đã nộp" / "Chưa nộp" / "Tiền mặt" / "Chuyển khoản": shares of the money beside it.
    if (BREAKDOWN.test(foldForMatch(parts.slice(0, -1).join(' '))) && (!own || own.field === 'amount') && MONEY_SHARE.test(foldForMatch(parts[parts.length - 1]!))) {
      return { field: 'amount', score: 2 };
    }
  }
  for (let from = parts.length - 1; from >= 0; from--) {
    const match = matchHeader(parts.slice(from).join(' '), aliases);
    if (match) return match;
  }
  return undefined;
}

function layoutFrom(
  labels: Map<number, string[]>,
  aliases: AliasTable,
  firstRow: number,
  lastRow: number,
): { layout: HeaderLayout; score: number } | undefined {
  const found = new Map<Field, { col: number; score: number }[]>();
  for (const [col, parts] of labels) {
    const match = matchParts(parts, aliases);
    if (!match) continue;
    const list = found.get(match.field) ?? [];
    list.push({ col, score: match.score });
    found.set(match.field, list);
  }
  // A header names a donor's name or amount, or at least two known columns (then a required one is missing).
  if (!found.has('amount') && !found.has('name') && found.size < 2) return undefined;
  const columns: Partial<Record<Field, number[]>> = {};
  let score = 0;
  for (const [field, list] of found) {
    list.sort((a, b) => b.score - a.score || a.col - b.col);
    columns[field] = list.map((x) => x.col);
    score += list[0]!.score;
  }
  const joined = new Map([...labels].map(([col, parts]) => [col, parts.join(' ')]));
  const amountColumns: AmountColumn[] = (found.get('amount') ?? [])
    .slice()
    .sort((a, b) => a.col - b.col)
    .map(({ col }) => {
      const label = joined.get(col) ?? '';
      const parts = labels.get(col) ?? [];
      const declared = amountScaleFromHeader(label);
      // "Tổng số tiền" beside "Trong đó: Đã nộp / Chưa nộp" is the whole, like a "Cộng" sub-column.
      const alone = parts.length === 1 && (found.get('amount')?.length ?? 0) > 1 && amountRoleFromText(foldForMatch(label).replace(/\(.*?\)/g, '').replace(/\bung ho\b/g, '')) === 'total';
      return {
        col,
        status: statusFromText(label),
        role: alone ? 'total' : amountRoleFromText(parts.length > 1 ? parts[parts.length - 1]! : ''),
        scale: declared ?? 1,
        scaleDeclared: declared !== undefined,
        label,
      };
    });
  return { layout: { firstRow, lastRow, columns, amountColumns, labels: joined }, score };
}

/** "(1) (2) (3)" or "1 2 3" under the header: column numbers, not data. */
export function isColumnNumberRow(sheet: SheetGrid, row: number, window: Window): boolean {
  let numbered = 0;
  for (let col = window.left; col <= window.right; col++) {
    const text = ownText(sheet, row, col);
    if (!text) continue;
    if (!/^\(?\s*\d{1,2}\s*([=+*x\-]\s*\d{1,2}\s*)*\)?$/.test(text) && !/^\([a-z]\)$/i.test(text)) return false;
    numbered++;
  }
  return numbered >= 3;
}

export function describeLabels(layout: HeaderLayout): string {
  return [...layout.labels.entries()].map(([col, label]) => `${columnLetter(col)}: "${label}"`).join(', ');
}

export function firstCellsPreview(sheet: SheetGrid, window: Window, limit = 8): string {
  const texts: string[] = [];
  for (let row = window.top; row <= Math.min(window.bottom, window.top + 15) && texts.length < limit; row++) {
    for (let col = window.left; col <= window.right && texts.length < limit; col++) {
      const text = ownText(sheet, row, col);
      if (text) texts.push(`${cellAddress(row, col)} "${text.slice(0, 40)}"`);
    }
  }
  return texts.length ? texts.join(', ') : '(trống)';
}
