/**
 * Dates in documents: days 1–9 and months 1–2 take a leading zero (docs/domain.md §3):
 * "ngày 01 tháng 8 năm 2023", "ngày 05 tháng 01 năm 2024".
 */
function parts(iso: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function formatDateLong(iso: string): string {
  const { y, m, d } = parts(iso);
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}

/** "05/10/2023" as written in tables and references ("ngày 01/8/2023" keeps month unpadded). */
export function formatDateShort(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${String(d).padStart(2, '0')}/${m}/${y}`;
}

/** Today's date in Vietnam (UTC+7) as ISO. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** IANA zone of the dates the Front works in, whatever the machine's clock zone. */
export const VIETNAM_TIMEZONE = 'Asia/Ho_Chi_Minh';
