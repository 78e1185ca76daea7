/** The dashboard's "Đối chiếu sao kê" section: figures and one row per match or miss, from summary.json. */
import { formatMoney } from '../format/number.js';
import { formatDateShort } from '../format/date.js';
import { MATCH_KIND_LABELS } from '../model/reconciliation.js';
import type { Summary } from '../model/summary.js';

const TONE = { matched: 'ok', confirmed: 'ok', suggested: 'warn', differs: 'warn' } as const;
const LABEL = { matched: 'Khớp', confirmed: 'Đã xác nhận', suggested: 'Cần xác nhận', differs: 'Chênh lệch' } as const;

export function reconciliationPanel(summary: Summary) {
  const r = summary.reconciliation;
  if (!r) return null;
  const lines = new Map(r.lines.map((l) => [l.id, l]));
  const parties = new Map(r.receivables.map((p) => [p.party, p]));
  const memo = (ids: string[]) => ids.map((id) => lines.get(id)?.memo || '(không có nội dung)').join(' / ');
  const dates = (ids: string[]) => ids.map((id) => lines.get(id)?.date).filter((d): d is string => !!d).map(formatDateShort).join(', ');
  const rows = [
    ...r.notReceived.map((p) => ({ tone: 'bad', result: 'Sao kê chưa có', name: parties.get(p)?.name ?? p, reported: formatMoney(parties.get(p)?.amount ?? 0), received: '—', date: '', memo: '', id: '', evidence: '' })),
    ...r.unreported.map((id) => ({ tone: 'bad', result: 'Chưa ai báo cáo', name: '', reported: '—', received: formatMoney(lines.get(id)!.credit), date: dates([id]), memo: memo([id]), id: '', evidence: '' })),
    ...r.matches.map((m) => ({
      tone: TONE[m.status],
      result: `${LABEL[m.status]} · ${MATCH_KIND_LABELS[m.kind]}`,
      name: m.parties.map((p) => parties.get(p)?.name ?? p).join(' + '),
      reported: formatMoney(m.reported),
      received: formatMoney(m.received),
      date: dates(m.lines),
      memo: memo(m.lines),
      id: m.id,
      evidence: `${m.confidence}/100: ${m.evidence.join('; ')}`,
    })),
  ];
  return {
    account: r.account ?? '',
    window: `${formatDateShort(r.window.from)} – ${formatDateShort(r.window.to)}`,
    received: formatMoney(r.received),
    receivedRaw: String(r.received),
    reported: formatMoney(r.reported),
    matched: formatMoney(r.matchedReceived),
    debited: formatMoney(r.debited),
    open: r.notReceived.length + r.unreported.length + r.matches.filter((m) => m.status === 'suggested' || m.status === 'differs').length,
    rows,
  };
}
