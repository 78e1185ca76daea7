/**
 * Bank statement grids → statement lines. Banks export the same facts under different headers
 * (Vietcombank "Số tiền ghi có / Credit", BIDV "Ghi có", Agribank one signed "Số tiền" with a
 * "Nợ/Có" column…): columns are found by synonyms, as donor lists are. Pure.
 */
import { createHash } from 'node:crypto';
import type { Cell, SheetGrid, WorkbookGrid } from '../model/grid.js';
import { cellAddress } from '../model/a1.js';
import type { StatementLine } from '../model/reconciliation.js';
import { foldForMatch, normalizeText } from '../format/text.js';
import { parseAmount, parseAmountText } from './amount.js';
import { parseDateCell } from './dates.js';
import { cellText } from './header.js';

export type StatementField = 'date' | 'credit' | 'debit' | 'amount' | 'direction' | 'memo' | 'reference' | 'balance';

/** Folded synonyms; the longest that a header contains wins, short ones must be the whole header. */
const STATEMENT_ALIASES: Readonly<Record<StatementField, readonly string[]>> = {
  date: ['ngay giao dich', 'ngay gd', 'ngay hieu luc', 'ngay hach toan', 'ngay ghi so', 'ngay', 'transaction date', 'txn date', 'value date', 'effective date', 'date', 'ngay thang'],
  credit: ['so tien ghi co', 'ghi co', 'tien vao', 'so tien co', 'phat sinh co', 'credit amount', 'credit', 'co', 'ps co'],
  debit: ['so tien ghi no', 'ghi no', 'tien ra', 'so tien no', 'phat sinh no', 'debit amount', 'debit', 'no', 'ps no'],
  amount: ['so tien giao dich', 'so tien', 'amount', 'phat sinh'],
  direction: ['loai giao dich', 'no/co', 'no / co', 'loai gd', 'dr/cr', 'd/c', 'loai'],
  memo: ['noi dung giao dich', 'noi dung', 'dien giai', 'mo ta giao dich', 'mo ta', 'chi tiet giao dich', 'description', 'transaction details', 'details', 'remarks', 'noi dung chi tiet'],
  reference: ['so tham chieu', 'so but toan', 'ma giao dich', 'so giao dich', 'so ct', 'so chung tu', 'reference', 'ref no', 'transaction no', 'ma gd', 'so gd'],
  balance: ['so du cuoi', 'so du', 'balance'],
};

const FIELDS = Object.keys(STATEMENT_ALIASES) as StatementField[];

/** Header text → the field it names (bilingual headers "Ngày giao dịch / Transaction date" too). */
export function statementField(label: string, extra: { [F in StatementField]?: readonly string[] | undefined } = {}): StatementField | undefined {
  const folded = foldForMatch(label).replace(/[()\[\]:.*]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!folded) return undefined;
  let best: { field: StatementField; length: number } | undefined;
  for (const field of FIELDS) {
    for (const alias of [...(extra[field] ?? []).map((a) => foldForMatch(a)), ...STATEMENT_ALIASES[field]]) {
      const whole = folded === alias;
      const inside = alias.length >= 5 && ` ${folded} `.includes(` ${alias} `);
      // "Số dư" would otherwise lose to nothing and "Số tiền ghi có" must beat "Số tiền".
      if ((whole || inside) && (!best || alias.length > best.length)) best = { field, length: alias.length + (whole ? 100 : 0) };
    }
  }
  return best?.field;
}

type Layout = { header: number; columns: Partial<Record<StatementField, number>> };

/** The first row (of the first 40) naming a date, a memo and some money column. */
function findLayout(sheet: SheetGrid, extra: { [F in StatementField]?: readonly string[] | undefined }): Layout | undefined {
  const last = Math.min(sheet.rows.length, 40);
  for (let r = 0; r < last; r++) {
    const row = sheet.rows[r] ?? [];
    const columns: Partial<Record<StatementField, number>> = {};
    row.forEach((cell, c) => {
      const field = statementField(cellText(cell), extra);
      if (field && columns[field] === undefined) columns[field] = c;
    });
    if (columns.date !== undefined && columns.memo !== undefined && (columns.credit !== undefined || columns.amount !== undefined)) {
      return { header: r, columns };
    }
  }
  return undefined;
}

function money(cell: Cell | null | undefined): number | undefined {
  if (!cell || cell.value === null || cell.value === '') return undefined;
  const text = typeof cell.value === 'string' ? cell.value.trim() : '';
  if (text === '' && typeof cell.value !== 'number') return undefined;
  // Exports write debits as "-500.000" or "(500.000)"; the sign is read here, the digits by parseAmount.
  const negative = typeof cell.value === 'number' ? cell.value < 0 : /^[-(]/.test(text);
  const parsed = typeof cell.value === 'number' ? parseAmount({ value: Math.abs(cell.value) }) : parseAmountText(text.replace(/^[-+(]\s*/, '').replace(/\)$/, ''));
  if (!parsed.ok) return undefined;
  return negative ? -parsed.amount : parsed.amount;
}

/** Stable id of a line: same money on the same day with the same memo in the same file. */
function statementLineId(source: string, date: string | undefined, credit: number, debit: number, memo: string, reference: string | undefined, occurrence: number): string {
  const text = [source, date ?? '', credit, debit, foldForMatch(memo), reference ?? '', occurrence].join('\u0000');
  return `sk-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
}

/** Makes line ids unique when a file repeats the same transaction text (two equal transfers on a day). */
export function lineIdFactory(source: string): (date: string | undefined, credit: number, debit: number, memo: string, reference: string | undefined) => string {
  const seen = new Map<string, number>();
  return (date, credit, debit, memo, reference) => {
    const key = [date, credit, debit, foldForMatch(memo), reference].join('\u0000');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return statementLineId(source, date, credit, debit, memo, reference, n);
  };
}

const TOTAL_ROW = /^(tong cong|cong phat sinh|tong|cong|so du dau ky|so du cuoi ky|opening balance|closing balance|total)\b/;

/** Statement lines of every sheet with a statement header. */
export function extractStatementLines(grid: WorkbookGrid, source: string, extra: { [F in StatementField]?: readonly string[] | undefined } = {}): StatementLine[] {
  const lines: StatementLine[] = [];
  const idOf = lineIdFactory(source);
  for (const sheet of grid.sheets) {
    if (sheet.hidden) continue;
    const layout = findLayout(sheet, extra);
    if (!layout) continue;
    const col = layout.columns;
    for (let r = layout.header + 1; r < sheet.rows.length; r++) {
      const row = sheet.rows[r] ?? [];
      const at = (field: StatementField) => (col[field] === undefined ? undefined : row[col[field]!]);
      const dateCell = at('date');
      const date = dateCell ? parseDateCell(dateCell, grid.date1904) ?? dateFromText(cellText(dateCell)) : undefined;
      const memo = normalizeText(cellText(at('memo')));
      if (TOTAL_ROW.test(foldForMatch(cellText(row.find((c) => cellText(c) !== '') ?? null)))) continue;
      let credit = 0;
      let debit = 0;
      if (col.credit !== undefined || col.debit !== undefined) {
        credit = Math.abs(money(at('credit')) ?? 0);
        debit = Math.abs(money(at('debit')) ?? 0);
      } else {
        const amount = money(at('amount')) ?? 0;
        const direction = foldForMatch(cellText(at('direction')));
        const isDebit = /^(d|dr|no|ghi no|debit|chi)\b/.test(direction) || (direction === '' && amount < 0);
        if (isDebit) debit = Math.abs(amount);
        else credit = Math.abs(amount);
      }
      if (!date || (credit === 0 && debit === 0)) continue;
      const reference = cellText(at('reference')) || undefined;
      const balance = money(at('balance'));
      const cells: Record<string, string> = {};
      for (const field of ['date', 'credit', 'debit', 'amount', 'memo'] as const) if (col[field] !== undefined) cells[field] = cellAddress(r, col[field]!);
      const line: StatementLine = { id: idOf(date, credit, debit, memo, reference), source, sheet: sheet.name, row: r + 1, cells, date, credit, debit, memo };
      if (reference) line.reference = reference;
      if (balance !== undefined) line.balance = balance;
      lines.push(line);
    }
  }
  return lines;
}

/** "05/09/2023 10:21:33" and "05-09-2023" as exports print them. */
export function dateFromText(text: string): string | undefined {
  const m = /(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})/.exec(text);
  if (!m) return undefined;
  return parseDateCell({ value: `${m[1]}/${m[2]}/${m[3]}` }, false);
}

/** The account number a statement prints above its table ("Số tài khoản: 0123…"). */
export function accountOf(grid: WorkbookGrid): string | undefined {
  for (const sheet of grid.sheets) {
    for (const row of sheet.rows.slice(0, 15)) {
      const text = (row ?? []).map((c) => cellText(c)).join(' ');
      const m = /(?:s[oố]\s*t[aà]i\s*kho[aả]n|account\s*(?:no|number)?|stk)\s*[:.]?\s*([0-9][0-9 .-]{5,})/iu.exec(text);
      if (m) return m[1]!.replace(/[ .-]/g, '');
    }
  }
  return undefined;
}
