/**
 * What may be posted publicly ("niêm yết công khai"): per unit and per hamlet, each donor's name
 * as the unit wrote it, the hamlet and the amount. Nothing else leaves: no file, sheet, row, note,
 * issue or staff detail. Donors who asked to stay anonymous ("Ẩn danh" in the note or the name,
 * or a mark in an "Ẩn danh" / "Không công khai tên" column) are shown as "Ẩn danh" with their
 * amount when `public.hideAnonymous` is on, so totals still add up. Pledges not yet given are not
 * listed. Pure.
 */
import type { CampaignConfig } from '../../model/config.js';
import type { Donation } from '../../model/record.js';
import type { SourceOutcome } from '../../model/source.js';
import { foldForMatch } from '../../format/text.js';

export type PublicDonor = { name: string; hamlet: string; amount: number };
type PublicGroup = { hamlet: string; donors: PublicDonor[]; total: number };
export type PublicUnit = { id: string; name: string; donors: PublicDonor[]; total: number; hamlets: PublicGroup[] };

export const ANONYMOUS = 'Ẩn danh';
/** Shown for donors without a hamlet in the list. */
const NO_HAMLET = 'Không ghi thôn, xóm';
const HAMLET_WORDS = /^(thon|xom|to dan pho|tdp|khu dan cu|khu pho|khu|ap|ban|to|cum|doi)\b/;
const ANONYMOUS_TEXT = /\ban danh\b|\bxin giau ten\b|\bkhong ghi ten\b/;

/** "Thôn Tiên Hội, xã Bát Trang" → "Thôn Tiên Hội"; an address that names no hamlet → "". */
function hamletOf(address: string | undefined): string {
  const first = (address ?? '').split(/[,;-]/)[0]!.trim();
  return HAMLET_WORDS.test(foldForMatch(first)) ? first : '';
}

function isAnonymous(d: Pick<Donation, 'name' | 'note' | 'anonymous'>): boolean {
  return d.anonymous === true || ANONYMOUS_TEXT.test(foldForMatch(`${d.name} ${d.note ?? ''}`));
}

export function publicUnits(config: Pick<CampaignConfig, 'units' | 'public'>, outcomes: readonly SourceOutcome[]): PublicUnit[] {
  const hide = config.public?.hideAnonymous ?? true;
  const out: PublicUnit[] = [];
  for (const unit of config.units) {
    const donors: PublicDonor[] = [];
    for (const o of outcomes) {
      if (o.unitId !== unit.id) continue;
      for (const d of o.donations) {
        if (d.status === 'pledged') continue;
        const anonymous = hide && isAnonymous(d);
        donors.push({ name: anonymous ? ANONYMOUS : d.name, hamlet: anonymous ? '' : hamletOf(d.address), amount: d.amount });
      }
    }
    if (donors.length === 0) continue;
    const byHamlet = new Map<string, PublicDonor[]>();
    for (const d of donors) {
      const key = d.hamlet || NO_HAMLET;
      const list = byHamlet.get(key);
      // Appended in place: copying the list for every donor made a 20,000-donor unit take 17 s.
      if (list) list.push(d);
      else byHamlet.set(key, [d]);
    }
    const hamlets = [...byHamlet]
      .sort(([a], [b]) => (a === NO_HAMLET ? 1 : b === NO_HAMLET ? -1 : a.localeCompare(b, 'vi')))
      .map(([hamlet, list]) => ({ hamlet, donors: list, total: list.reduce((s, d) => s + d.amount, 0) }));
    out.push({ id: unit.id, name: unit.name, donors, total: donors.reduce((s, d) => s + d.amount, 0), hamlets });
  }
  return out;
}
