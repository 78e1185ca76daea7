/** Plain-text wording of run history and changes, for the console and the `history`/`diff` commands. */
import { formatMoney } from '../format/number.js';
import type { StoredRun } from '../store/runs.js';
import type { Changes, Delta, DonorChange, IssueRef } from '../model/changes.js';
import { isUnchanged } from '../model/changes-checks.js';

/** "+1.000.000" / "-50.000" / "0" */
export function signedMoney(n: number): string {
  return n > 0 ? `+${formatMoney(n)}` : formatMoney(n);
}

const STATUS_WORDS: Record<string, string> = {
  reported: 'đã báo cáo',
  missing: 'chưa báo cáo',
  failed: 'tệp lỗi',
  true: 'dùng số liệu cũ',
  false: 'số liệu mới',
  'on-time': 'đúng hạn',
  late: 'chậm',
  undated: 'đã gửi, chưa rõ ngày',
  stale: 'dùng số liệu lần trước',
};

export function statusWord(value: string | boolean | null): string {
  if (value === null) return '—';
  return STATUS_WORDS[String(value)] ?? String(value);
}

function list(items: string[], max: number): string {
  return items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; … và ${items.length - max} nữa`;
}

function amountLine(d: Delta): string {
  return `${formatMoney(d.before)} → ${formatMoney(d.after)} đồng (${signedMoney(d.difference)})`;
}

/** A few lines saying what changed since the previous successful run. */
export function changeLines(changes: Changes, unitNames: ReadonlyMap<string, string> = new Map()): string[] {
  if (changes.previousRunId === null) return ['Lần chạy đầu tiên: chưa có lần chạy trước để so sánh.'];
  if (isUnchanged(changes)) return [`Không có gì thay đổi so với lần chạy ${changes.previousRunId}.`];
  const donors = changes.totals.donors.difference;
  const donorWords = donors === 0 ? 'số lượt ủng hộ không đổi' : `${donors > 0 ? 'thêm' : 'bớt'} ${formatMoney(Math.abs(donors))} lượt ủng hộ`;
  const lines = [`Thay đổi so với lần chạy ${changes.previousRunId}: tổng ${amountLine(changes.totals.amount)}, ${donorWords}.`];
  const count = (kind: string) => changes.sources.filter((s) => s.change === kind).length;
  if (changes.sources.length) {
    const names = changes.sources.map((s) => `${s.path} (${s.change === 'added' ? 'mới' : s.change === 'updated' ? 'cập nhật' : 'không còn'})`);
    lines.push(`Tệp: ${count('added')} mới, ${count('updated')} cập nhật, ${count('removed')} không còn — ${list(names, 4)}.`);
  }
  if (changes.units.length) {
    const units = changes.units.map((u) => `${unitNames.get(u.unitId) ?? u.name} ${signedMoney(u.amount.difference)}`);
    lines.push(`Số tiền thay đổi: ${list(units, 5)}.`);
  }
  const notable = changes.statuses.filter((s) => s.kind !== 'changed' || s.field !== 'stale');
  if (notable.length) {
    lines.push(`Trạng thái: ${list(notable.map((s) => `${s.name} ${statusWord(s.from)} → ${statusWord(s.to)}`), 5)}.`);
  }
  if (changes.donors?.length) {
    const n = (kind: string) => changes.donors!.filter((d) => d.change === kind).length;
    lines.push(`Người ủng hộ: ${n('added')} mới, ${n('removed')} không còn, ${n('changed')} sửa số tiền hoặc tên.`);
  }
  if (changes.issues.new.length || changes.issues.resolved.length) {
    lines.push(`Vấn đề: ${changes.issues.new.length} mới, ${changes.issues.resolved.length} đã hết.`);
  }
  const r = changes.reconciliation;
  if (r && (r.received.difference || r.matchedReceived.difference || r.newMatches.length || r.goneMatches.length)) {
    lines.push(`Sao kê: tiền về ${amountLine(r.received)}, đã khớp ${signedMoney(r.matchedReceived.difference)} đồng, ${r.newMatches.length} cặp đối chiếu mới, ${r.goneMatches.length} cặp không còn.`);
  }
  return lines;
}

const DONOR_WORDS: Record<DonorChange['change'], string> = { added: 'mới', removed: 'không còn', changed: 'sửa' };

/** "mới: Nguyễn Văn An 500.000 đồng (submissions/xa.xlsx, trang "Danh sách", ô D12)" */
function donorLine(d: DonorChange): string {
  const place = `${d.source}, trang "${d.sheet}", ${d.cell ? `ô ${d.cell}` : `dòng ${d.row}`}`;
  const name = d.previousName !== undefined ? `${d.previousName} → ${d.name}` : d.name;
  const amount = d.change === 'added' ? `${formatMoney(d.amount.after)} đồng` : d.change === 'removed' ? `${formatMoney(d.amount.before)} đồng` : d.amount.difference === 0 ? `${formatMoney(d.amount.after)} đồng` : amountLine(d.amount);
  return `${DONOR_WORDS[d.change]}: ${name} ${amount} (${place})`;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
}

const RUN_STATUS: Record<StoredRun['status'], string> = { ok: 'xong', failed: '(!) thất bại', running: 'đang chạy' };

/** The `history` table: one run a line, newest first, aligned columns. */
export function historyTable(runs: StoredRun[]): string[] {
  const header = ['Lần chạy', 'Trạng thái', 'Tổng tiền (đồng)', 'Lượt', 'Lỗi', 'Cảnh báo', 'Thời gian', 'Ghi chú'];
  const rows = runs.map((r) => [
    r.id,
    RUN_STATUS[r.status],
    r.totalAmount === null ? '' : formatMoney(r.totalAmount),
    r.donors === null ? '' : formatMoney(r.donors),
    r.errors === null ? '' : String(r.errors),
    r.warnings === null ? '' : String(r.warnings),
    seconds(r.durationMs),
    r.failure ?? (r.stats?.outputsReusedFrom ? `không đổi, dùng lại kết quả ${r.stats.outputsReusedFrom}` : r.stats ? `đọc ${r.stats.parsed}, dùng lại ${r.stats.reused} tệp` : ''),
  ]);
  const numeric = new Set([2, 3, 4, 5, 6]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

/** Every change, one a line (the `diff` command). */
export function changeDetails(changes: Changes): string[] {
  const lines = [...changeLines(changes)];
  if (changes.previousRunId === null) return lines;
  const WORD = { added: 'mới', updated: 'cập nhật', removed: 'không còn' } as const;
  for (const s of changes.sources) {
    const figures = (x: { amount: number; records: number } | undefined) => (x ? `${formatMoney(x.amount)} đồng, ${x.records} lượt` : '—');
    lines.push(`  tệp ${WORD[s.change]}: ${s.path} (${s.unitId}): ${figures(s.before)} → ${figures(s.after)}${s.after?.stale ? ' (số liệu cũ)' : ''}`);
  }
  for (const u of changes.units) lines.push(`  ${u.name}: ${amountLine(u.amount)}, lượt ${u.donors.before} → ${u.donors.after}`);
  for (const s of changes.statuses) lines.push(`  ${s.name}: ${s.field} ${statusWord(s.from)} → ${statusWord(s.to)}`);
  for (const d of changes.donors ?? []) lines.push(`  người ủng hộ ${donorLine(d)}`);
  const where = (i: IssueRef) =>
    [i.source, i.sheet && `trang "${i.sheet}"`, i.cell ? `ô ${i.cell}` : i.row !== undefined ? `dòng ${i.row}` : undefined].filter(Boolean).join(', ');
  for (const i of changes.issues.new) lines.push(`  + [${i.code}] ${where(i)}: ${i.message}`);
  for (const i of changes.issues.resolved) lines.push(`  − [${i.code}] ${where(i)}: ${i.message}`);
  return lines;
}
