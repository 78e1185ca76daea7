import type { Unit } from '../../model/config.js';
import { foldForMatch } from '../../format/text.js';

type UnitMatch = { unitId: string; by: 'map' | 'id' | 'name' } | { unitId?: undefined; reason: string };

/** "Xã An Thọ (đợt 2).xlsx" → "xa-an-tho-dot-2": lower case, no diacritics, words joined by dashes. */
export function slugify(text: string): string {
  return foldForMatch(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function stripExtension(name: string): string {
  return name.replace(/\.(xlsx|xlsm|xls|csv|tsv|txt)$/i, '');
}

/** A glob of "*" and "?" over the folded name, so "Xa An Tho*" also matches "Xã An Thọ đợt 2.xlsx". */
export function globMatches(pattern: string, name: string): boolean {
  const source = foldForMatch(pattern)
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(foldForMatch(name));
}

/** Administrative prefixes staff often drop in file names: "Xã An Thọ" is often just "An Tho". */
const PREFIXES = ['xa', 'thi-tran', 'phuong', 'thi-xa', 'tt'];

function candidates(unit: Pick<Unit, 'id' | 'name' | 'kind'>): { text: string; by: 'id' | 'name' }[] {
  const name = slugify(unit.name);
  const out: { text: string; by: 'id' | 'name' }[] = [{ text: unit.id, by: 'id' }, { text: name, by: 'name' }];
  if (unit.kind === 'commune' || unit.kind === 'town' || unit.kind === 'ward') {
    for (const prefix of PREFIXES) {
      const bare = name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : '';
      // One bare word ("an") would match far too much.
      if (bare.includes('-')) out.push({ text: bare, by: 'name' });
    }
  }
  return out;
}

/**
 * Says which unit a file in a shared Drive folder belongs to: the folder's `map` first (exact name
 * or glob), then the unit id or the unit name without diacritics found as whole words in the file
 * name. The match of most words wins; two units tied is ambiguous and left to staff. Pure.
 */
export function matchFileToUnit(
  fileName: string,
  units: readonly Pick<Unit, 'id' | 'name' | 'kind'>[],
  map: Readonly<Record<string, string>> = {},
): UnitMatch {
  for (const [pattern, unitId] of Object.entries(map)) {
    if (globMatches(pattern, fileName)) return { unitId, by: 'map' };
  }
  const slug = `-${slugify(stripExtension(fileName))}-`;
  // Matches are weighed in words, so "An Thái" does not beat "An Thọ" for being a letter longer.
  let best: { words: number; unitIds: Set<string>; by: 'id' | 'name' } | undefined;
  for (const unit of units) {
    for (const { text, by } of candidates(unit)) {
      if (!text || !slug.includes(`-${text}-`)) continue;
      const words = text.split('-').length;
      if (!best || words > best.words) best = { words, unitIds: new Set([unit.id]), by };
      else if (words === best.words) best.unitIds.add(unit.id);
    }
  }
  if (!best) return { reason: 'tên tệp không có mã hay tên đơn vị nào' };
  if (best.unitIds.size > 1) return { reason: `tên tệp khớp với nhiều đơn vị: ${[...best.unitIds].join(', ')}` };
  return { unitId: [...best.unitIds][0]!, by: best.by };
}
