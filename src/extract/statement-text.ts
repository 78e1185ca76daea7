/**
 * Statements printed to PDF, read through `pdftotext -layout`: the header line gives each column's
 * position, each line starting with a date is a transaction, amounts go to the column whose header
 * they sit under, and lines without a date continue the memo above. Pure (the text is given).
 */
import type { StatementLine } from '../model/reconciliation.js';
import { foldForMatch } from '../format/text.js';
import { dateFromText, lineIdFactory, statementField, type StatementField } from './statement.js';
import { parseAmountText } from './amount.js';

type Column = { field: StatementField; center: number };

/** Columns of a header line: runs of text separated by two or more spaces. */
function headerColumns(line: string): Column[] | undefined {
  const columns: Column[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    const field = statementField(m[0]);
    if (field) columns.push({ field, center: m.index + m[0].length / 2 });
  }
  const has = (f: StatementField) => columns.some((c) => c.field === f);
  return has('date') && (has('credit') || has('amount')) ? columns : undefined;
}

const AMOUNT = /(?<![\p{L}\d/.,])[-+]?\d{1,3}(?:[.,]\d{3})+(?![\p{L}\d/])|(?<![\p{L}\d/.,])\d{4,}(?![\p{L}\d/.,])/gu;
const LEADING_DATE = /^\s*(?:\d{1,4}\s+)?(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/;

/** Lines of a statement from its layout text; `source` names the file in every line. */
export function extractStatementText(text: string, source: string): StatementLine[] {
  const rows = text.split(/\r?\n/);
  const idOf = lineIdFactory(source);
  let columns: Column[] | undefined;
  const drafts: { row: number; date: string; credit: number; debit: number; balance?: number; memo: string[]; reference?: string }[] = [];
  rows.forEach((raw, index) => {
    const line = raw.replace(/\f/g, '');
    const header = headerColumns(line);
    if (header) {
      columns = header;
      return;
    }
    if (!columns) return;
    const dated = LEADING_DATE.exec(line);
    const date = dated ? dateFromText(dated[1]!) : undefined;
    if (!date) {
      // A memo wrapped onto the next line; totals and page footers carry no date and end the memo.
      const rest = line.trim();
      const last = drafts.at(-1);
      if (last && rest && !AMOUNT.test(rest) && !/^(trang|page|tong|cong)\b/.test(foldForMatch(rest))) last.memo.push(rest);
      AMOUNT.lastIndex = 0;
      return;
    }
    let memo = line.slice(dated![0].length);
    const draft: (typeof drafts)[number] = { row: index + 1, date, credit: 0, debit: 0, memo: [] };
    const offset = dated![0].length;
    const reference = columns.find((c) => c.field === 'reference');
    if (reference) {
      const token = /\b[A-Z0-9]*\d[A-Z0-9.\/-]{4,}\b/.exec(memo);
      if (token && Math.abs(offset + token.index + token[0].length / 2 - reference.center) < 15) {
        draft.reference = token[0];
        memo = memo.slice(0, token.index) + ' '.repeat(token[0].length) + memo.slice(token.index + token[0].length);
      }
    }
    const amounts = [...memo.matchAll(AMOUNT)];
    for (const m of amounts.reverse()) {
      const center = offset + m.index + m[0].length / 2;
      const nearest = columns.filter((c) => c.field !== 'memo' && c.field !== 'date' && c.field !== 'reference').sort((a, b) => Math.abs(a.center - center) - Math.abs(b.center - center))[0];
      const parsed = parseAmountText(m[0].replace(/^[-+]/, ''));
      if (!nearest || !parsed.ok) continue;
      if (Math.abs(nearest.center - center) > 25) continue;
      if (nearest.field === 'credit') draft.credit = parsed.amount;
      else if (nearest.field === 'debit') draft.debit = parsed.amount;
      else if (nearest.field === 'balance') draft.balance = parsed.amount;
      else if (nearest.field === 'amount') {
        if (m[0].startsWith('-')) draft.debit = parsed.amount;
        else draft.credit = parsed.amount;
      } else continue;
      memo = memo.slice(0, m.index) + ' '.repeat(m[0].length) + memo.slice(m.index + m[0].length);
    }
    draft.memo.push(memo.replace(/\s+/g, ' ').trim());
    if (draft.credit || draft.debit) drafts.push(draft);
  });
  return drafts.map((d) => {
    const memo = d.memo.filter(Boolean).join(' ');
    const line: StatementLine = { id: idOf(d.date, d.credit, d.debit, memo, d.reference), source, sheet: 'PDF', row: d.row, cells: {}, date: d.date, credit: d.credit, debit: d.debit, memo };
    if (d.reference) line.reference = d.reference;
    if (d.balance !== undefined) line.balance = d.balance;
    return line;
  });
}
