/** The report's wording of the bank reconciliation: one paragraph and a small table. Pure. */
import type { Reconciliation } from '../../model/reconciliation.js';
import { formatDateShort } from '../../format/date.js';
import { formatCount, formatMoney } from '../../format/number.js';
import type { ReconciliationView } from './view.js';

export function reconciliationView(r: Reconciliation | undefined): ReconciliationView | null {
  if (!r) return null;
  const lines = new Map(r.lines.map((l) => [l.id, l]));
  const parties = new Map(r.receivables.map((p) => [p.party, p]));
  const sure = r.matches.filter((m) => m.status === 'matched' || m.status === 'confirmed');
  const suggested = r.matches.filter((m) => m.status === 'suggested');
  const differs = r.matches.filter((m) => m.status === 'differs');
  const credits = r.lines.filter((l) => l.credit > 0 && !r.outsideWindow.includes(l.id)).length;
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
  const notReceived = r.notReceived.map((p) => parties.get(p)!);
  const unreported = r.unreported.map((id) => lines.get(id)!);
  const account = r.account ? ` số ${r.account}` : '';
  const parts = [
    `Theo sao kê tài khoản${account} từ ngày ${formatDateShort(r.window.from)} đến ngày ${formatDateShort(r.window.to)}, tài khoản nhận ${formatCount(credits)} khoản, tổng ${formatMoney(r.received)} đồng; các đơn vị và người ủng hộ chuyển trực tiếp báo cáo đã nộp ${formatMoney(r.reported)} đồng.`,
    `Đã đối chiếu khớp ${formatCount(sure.length)} khoản với ${formatMoney(sum(sure, (m) => m.received))} đồng`,
  ];
  const rest: string[] = [];
  if (differs.length) rest.push(`${formatCount(differs.length)} khoản có số tiền chênh lệch so với báo cáo`);
  if (suggested.length) rest.push(`${formatCount(suggested.length)} khoản cần xác nhận`);
  if (notReceived.length) rest.push(`${notReceived.map((p) => p.name).join(', ')} báo cáo đã nộp ${formatMoney(sum(notReceived, (p) => p.amount))} đồng nhưng sao kê chưa có`);
  if (unreported.length) rest.push(`${formatCount(unreported.length)} khoản tiền về với ${formatMoney(sum(unreported, (l) => l.credit))} đồng chưa rõ người nộp`);
  const paragraph = `${parts[0]} ${parts[1]}${rest.length ? `; ${rest.join('; ')}` : ''}. Chi tiết tại biểu "Đối chiếu sao kê" của phụ lục (phu-luc-tong-hop.xlsx).`;
  const row = (label: string, count: number, amount: number) => ({ label, count: formatCount(count), amount: formatMoney(amount) });
  return {
    paragraph,
    rows: [
      row('Tiền về tài khoản trong thời gian đối chiếu', credits, r.received),
      row('Số báo cáo đã nộp, đã chuyển', r.receivables.length, r.reported),
      row('Đã đối chiếu khớp', sure.length, sum(sure, (m) => m.received)),
      row('Có chênh lệch số tiền', differs.length, sum(differs, (m) => m.received)),
      row('Cần xác nhận', suggested.length, sum(suggested, (m) => m.received)),
      row('Báo cáo đã nộp, sao kê chưa có', notReceived.length, sum(notReceived, (p) => p.amount)),
      row('Tiền về chưa rõ người nộp', unreported.length, sum(unreported, (l) => l.credit)),
      row('Các khoản chi (ghi nợ), không tính vào số nhận', r.debits.length, r.debited),
    ],
  };
}
