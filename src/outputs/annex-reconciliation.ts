/**
 * "Đối chiếu sao kê" in phu-luc-tong-hop.xlsx: each match, each reported transfer not received and
 * each credit nobody reported, one row each (reported, received, difference as a live formula,
 * date, memo, result, match id), then the debits listed apart. Totals are SUM formulas.
 */
import type ExcelJS from 'exceljs';
import type { Reconciliation, StatementLine } from '../model/reconciliation.js';
import { MATCH_KIND_LABELS } from '../model/reconciliation.js';
import { formatDateShort } from '../format/date.js';
import { pageSetup, styleRow, titleRows } from './annex.js';

export const RECONCILIATION_SHEET = 'Đối chiếu sao kê';
const MONEY = '#,##0';
const STATUS: Record<string, string> = { matched: 'Khớp', confirmed: 'Khớp (đã xác nhận)', suggested: 'Cần xác nhận', differs: 'Chênh lệch' };

type Row = { name: string; reported: number; received: number; date: string; memo: string; result: string; id: string; confidence: number | '' };

/** The rows of the sheet, in the order staff work through them: problems first. */
function reconciliationRows(r: Reconciliation): Row[] {
  const lines = new Map(r.lines.map((l) => [l.id, l]));
  const parties = new Map(r.receivables.map((p) => [p.party, p]));
  const when = (ls: (StatementLine | undefined)[]) => ls.map((l) => (l?.date ? formatDateShort(l.date) : '')).join('; ');
  const rows: Row[] = [];
  for (const party of r.notReceived) {
    const p = parties.get(party)!;
    rows.push({ name: p.name, reported: p.amount, received: 0, date: '', memo: '', result: 'Báo cáo đã nộp, sao kê chưa có', id: '', confidence: '' });
  }
  for (const id of r.unreported) {
    const l = lines.get(id)!;
    rows.push({ name: '(chưa rõ người nộp)', reported: 0, received: l.credit, date: when([l]), memo: l.memo, result: 'Tiền về chưa ai báo cáo', id: '', confidence: '' });
  }
  const order = { differs: 0, suggested: 1, matched: 2, confirmed: 3 } as const;
  for (const m of [...r.matches].sort((a, b) => order[a.status] - order[b.status])) {
    const ls = m.lines.map((id) => lines.get(id));
    rows.push({
      name: m.parties.map((p) => parties.get(p)?.name ?? p).join(' + '),
      reported: m.reported,
      received: m.received,
      date: when(ls),
      memo: ls.map((l) => l?.memo ?? '').filter(Boolean).join(' / '),
      result: `${STATUS[m.status] ?? m.status}: ${MATCH_KIND_LABELS[m.kind]}`,
      id: m.id,
      confidence: m.confidence,
    });
  }
  return rows;
}

export function reconciliationSheet(r: Reconciliation, subject: string): (wb: ExcelJS.Workbook, caption: string) => void {
  return (wb, caption) => {
    const ws = wb.addWorksheet(RECONCILIATION_SHEET, { properties: { defaultRowHeight: 18 } });
    ws.columns = [6, 32, 16, 16, 15, 14, 44, 26, 15, 10].map((width) => ({ width }));
    const top = titleRows(ws, 'J', 'Đối chiếu', 'ĐỐI CHIẾU SỐ TIỀN BÁO CÁO ĐÃ NỘP VỚI SAO KÊ TÀI KHOẢN', subject, caption);
    ws.getCell(`A${top}`).value = `Tài khoản: ${r.account ?? '(chưa ghi)'}; các khoản có từ ${formatDateShort(r.window.from)} đến ${formatDateShort(r.window.to)}; phí ngân hàng chấp nhận đến ${r.feeMargin.toLocaleString('vi-VN')} đồng.`;
    const head = top + 1;
    ['STT', 'Đơn vị / người nộp', 'Báo cáo đã nộp', 'Sao kê nhận', 'Chênh lệch', 'Ngày nhận', 'Nội dung chuyển khoản', 'Kết quả đối chiếu', 'Mã đối chiếu', 'Độ tin cậy'].forEach((t, i) => {
      ws.getRow(head).getCell(i + 1).value = t;
    });
    styleRow(ws, head, 'J', { bold: true });
    const rows = reconciliationRows(r);
    const first = head + 1;
    rows.forEach((row, i) => {
      const n = first + i;
      const x = ws.getRow(n);
      x.values = [i + 1, row.name, row.reported, row.received, { formula: `D${n}-C${n}`, result: row.received - row.reported }, row.date, row.memo, row.result, row.id, row.confidence];
      styleRow(ws, n, 'J', {});
    });
    const last = first + rows.length - 1;
    const total = last + 1;
    const sum = (col: string, value: number) => (rows.length ? { formula: `SUM(${col}${first}:${col}${last})`, result: value } : 0);
    const reported = rows.reduce((s, x) => s + x.reported, 0);
    const received = rows.reduce((s, x) => s + x.received, 0);
    ws.getRow(total).values = ['', 'Tổng cộng', sum('C', reported), sum('D', received), { formula: `D${total}-C${total}`, result: received - reported }];
    styleRow(ws, total, 'J', { bold: true });
    for (let n = first; n <= total; n++) for (const c of ['C', 'D', 'E']) ws.getCell(`${c}${n}`).numFmt = MONEY;

    // Debits: money passed up or spent, apart from the receipts.
    const lines = new Map(r.lines.map((l) => [l.id, l]));
    const debitHead = total + 2;
    ws.getCell(`B${debitHead}`).value = 'Các khoản chi (ghi nợ), không tính vào số nhận';
    ws.getCell(`B${debitHead}`).font = { name: 'Times New Roman', size: 11, bold: true };
    const d0 = debitHead + 1;
    r.debits.forEach((id, i) => {
      const l = lines.get(id)!;
      ws.getRow(d0 + i).values = [i + 1, l.memo, '', l.debit, '', l.date ? formatDateShort(l.date) : '', l.reference ?? ''];
      ws.getCell(`D${d0 + i}`).numFmt = MONEY;
      styleRow(ws, d0 + i, 'G', {});
    });
    if (r.debits.length) {
      const dt = d0 + r.debits.length;
      ws.getRow(dt).values = ['', 'Cộng chi', '', { formula: `SUM(D${d0}:D${dt - 1})`, result: r.debited }];
      ws.getCell(`D${dt}`).numFmt = MONEY;
      styleRow(ws, dt, 'G', { bold: true });
    }
    ws.views = [{ state: 'frozen', ySplit: head, topLeftCell: `A${first}`, activeCell: `A${first}` }];
    pageSetup(ws, `${head}:${head}`);
  };
}
