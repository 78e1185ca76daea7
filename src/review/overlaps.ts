/**
 * The same donation listed twice: within one source (DUPLICATE_SUSPECTED) or in two sources
 * (OVERLAP_SUSPECTED), e.g. a member listed by her commune and again by the Women's Union. Pure.
 *
 * Candidates are blocked by (name key without diacritics, amount), so the work grows with the
 * number of rows, not its square. A pair needs three kinds of evidence:
 *   - the same name (honorifics, case, spacing, punctuation and diacritics aside);
 *   - the same amount (a row's money stages added together);
 *   - the same place. Within one unit: the same address (after "thôn", "xã" … are dropped), one
 *     address containing the other, or an address missing on one side. Across units: an address
 *     naming the other row's unit ("Xã Bát Trang" on the Women's Union's list against Xã Bát Trang's
 *     own list); equal hamlet names are not enough there ("Thôn 1" exists in many communes).
 * Two rows with the same common name and amount in two communes, each with its own hamlet, are
 * therefore never paired: nothing says they are one person. An organisation's list against a
 * commune's list is the exception (src/review/cross-kind.ts): members live in communes, so the
 * identical name with diacritics and the identical amount suffice, scored by the name's rarity in
 * the campaign and by runs of consecutive matches (60–100).
 *
 * Score (0–100), shown to staff as confidence:
 *   name  40 identical with diacritics, 30 identical only without them;
 *   amount 30 (always, it is required);
 *   place 30 same address, 25 one address within the other or naming the other's unit,
 *         15 same unit with an address missing.
 * So every reported pair scores 75–100.
 */
import { createHash } from 'node:crypto';
import type { Unit } from '../model/config.js';
import type { SourceOutcome } from '../model/source.js';
import type { Donation } from '../model/record.js';
import { containsWords, donorNameKeys, placeKey } from './names.js';
import { isCrossKind, rarityPoints, runNeighbours, runPoints } from './cross-kind.js';
import type { PairSide, SuspectedPair } from '../model/review.js';

/** One donor row (a row split across money stages is one row). */
export type DonorRow = PairSide & {
  /** source \0 sheet \0 row: the same key consolidation counts donors by. */
  rowKey: string;
  nameKey: string;
  nameExact: string;
  place: string;
  /** Stable identity of the row for pair ids: source, sheet, name key, amount, occurrence. */
  sideKey: string;
  /** The row's first donation: its name cell is looked up only for a row that is paired. */
  first: Donation;
};

/**
 * Rows sharing one name and one amount beyond this are a placeholder ("Hội viên" 50.000 on every
 * line), not people: never paired. Keeps the worst block at 20.000 comparisons.
 */
const MAX_BLOCK = 200;

export function rowKeyOf(d: Donation): string {
  return `${d.provenance.source}\u0000${d.provenance.sheet}\u0000${d.provenance.row}`;
}

/** Donor rows of the readable sources, in source and row order. */
export function donorRows(outcomes: readonly SourceOutcome[]): DonorRow[] {
  const rows = new Map<string, DonorRow>();
  // Names and places repeat across rows (hamlets always, common names often): key each text once.
  const nameCache = new Map<string, ReturnType<typeof donorNameKeys>>();
  const placeCache = new Map<string, string>();
  const nameKeys = (name: string) => {
    if (!nameCache.has(name)) nameCache.set(name, donorNameKeys(name));
    return nameCache.get(name);
  };
  const place = (address: string | undefined): string => {
    if (!address) return '';
    let key = placeCache.get(address);
    if (key === undefined) placeCache.set(address, (key = placeKey(address)));
    return key;
  };
  for (const outcome of outcomes) {
    if (outcome.status !== 'ok') continue;
    for (const d of outcome.donations) {
      const rowKey = rowKeyOf(d);
      const existing = rows.get(rowKey);
      if (existing) {
        existing.amount += d.amount;
        continue;
      }
      const keys = nameKeys(d.name);
      const row: DonorRow = {
        rowKey,
        unitId: d.unitId,
        source: d.provenance.source,
        sheet: d.provenance.sheet,
        row: d.provenance.row,
        name: d.name,
        amount: d.amount,
        nameKey: keys?.key ?? '',
        nameExact: keys?.exact ?? '',
        place: place(d.address),
        sideKey: '',
        first: d,
      };
      if (d.address) row.address = d.address;
      rows.set(rowKey, row);
    }
  }
  // Side keys are given by findSuspectedPairs, to the rows of the blocks it compares only.
  return [...rows.values()];
}

/**
 * Side keys of one block's rows (one name key, one amount; amounts are complete by now): source,
 * sheet, name key, amount and the occurrence number that separates identical rows of a sheet. Only
 * rows of a block can pair, so the million others of a province need no key (nor the memory).
 */
function assignSideKeys(block: readonly DonorRow[]): void {
  const occurrences = new Map<string, number>();
  for (const row of block) {
    const base = [row.source, row.sheet, row.nameKey, row.amount].join('\u0000');
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    row.sideKey = `${base}\u0000${n}`;
  }
}

/** Stable, order-independent id of a pair: "tr-" and 10 hex digits of sha256 over both side keys. */
export function pairId(a: Pick<DonorRow, 'sideKey'>, b: Pick<DonorRow, 'sideKey'>): string {
  const [x, y] = [a.sideKey, b.sideKey].sort();
  return `tr-${createHash('sha256').update(`${x}\u0001${y}`).digest('hex').slice(0, 10)}`;
}

/** Folded unit name without its level ("Xã Bát Trang" → "bat trang"). */
function unitPlace(unit: Unit | undefined): string {
  if (!unit) return '';
  return placeKey(unit.name);
}

function placeEvidence(a: DonorRow, b: DonorRow, units: ReadonlyMap<string, Unit>): { points: number; why: string } | undefined {
  if (a.unitId !== b.unitId) {
    // Across units only an address naming the other row's unit counts: "Thôn 1" or "Thôn Trung"
    // exists in many communes, so equal hamlet names in two units prove nothing.
    const aUnit = unitPlace(units.get(a.unitId));
    const bUnit = unitPlace(units.get(b.unitId));
    if ((aUnit && containsWords(b.place, aUnit)) || (bUnit && containsWords(a.place, bUnit))) {
      return { points: 25, why: 'địa chỉ ghi tên đơn vị kia' };
    }
    return undefined;
  }
  if (a.place && b.place) {
    if (a.place === b.place) return { points: 30, why: 'cùng địa chỉ' };
    if (containsWords(a.place, b.place) || containsWords(b.place, a.place)) return { points: 25, why: 'địa chỉ trùng một phần' };
    return undefined;
  }
  return { points: 15, why: 'cùng đơn vị, thiếu địa chỉ' };
}

/**
 * An address on either row that names a unit other than the two in the pair ("Xã An Bình" on the
 * Women's Union's list against Xã Hòa Bình's own row) places that person elsewhere.
 */
function placedElsewhere(a: DonorRow, b: DonorRow, units: readonly Unit[]): boolean {
  return [a, b].some((row) => row.place !== '' && units.some((u) => u.id !== a.unitId && u.id !== b.unitId && unitPlace(u) !== '' && containsWords(row.place, unitPlace(u))));
}

function side(row: DonorRow): PairSide {
  const s: PairSide = { unitId: row.unitId, source: row.source, sheet: row.sheet, row: row.row, name: row.name, amount: row.amount };
  const cell = row.first.provenance.cells.name;
  if (cell) s.cell = cell;
  if (row.address) s.address = row.address;
  return s;
}

/** Orders a pair's sides by source, sheet and row, so "a" is the first place a reader meets. */
function ordered(x: DonorRow, y: DonorRow): [DonorRow, DonorRow] {
  const cmp = x.source.localeCompare(y.source) || x.sheet.localeCompare(y.sheet) || x.row - y.row;
  return cmp <= 0 ? [x, y] : [y, x];
}

/** Every suspected pair among the rows, in a stable order: by the first side's unit (config order), then its place. */
export function findSuspectedPairs(rows: readonly DonorRow[], units: readonly Unit[]): { pairs: SuspectedPair[]; rows: Map<string, DonorRow> } {
  const unitById = new Map(units.map((u) => [u.id, u]));
  const blocks = new Map<string, DonorRow[]>();
  // How often each exact name occurs in the whole campaign: the rarer, the likelier one person.
  const nameCounts = new Map<string, number>();
  for (const row of rows) {
    if (row.nameExact) nameCounts.set(row.nameExact, (nameCounts.get(row.nameExact) ?? 0) + 1);
    if (!row.nameKey || row.amount <= 0) continue;
    const key = `${row.nameKey}\u0000${row.amount}`;
    const block = blocks.get(key);
    if (block) block.push(row);
    else blocks.set(key, [row]);
  }
  const pairs: SuspectedPair[] = [];
  const crossKind: number[] = [];
  const bySide = new Map<string, DonorRow>();
  for (const block of blocks.values()) {
    if (block.length < 2 || block.length > MAX_BLOCK) continue;
    assignSideKeys(block);
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const [a, b] = ordered(block[i]!, block[j]!);
        const exact = a.nameExact === b.nameExact;
        let place = placeEvidence(a, b, unitById);
        if (!place && exact && isCrossKind(unitById.get(a.unitId)?.kind, unitById.get(b.unitId)?.kind) && !placedElsewhere(a, b, units)) {
          // Scored below, once every pair is known (runs need the neighbours).
          place = { points: rarityPoints(nameCounts.get(a.nameExact) ?? 2, rows.length) - 10, why: 'tổ chức và địa bàn cùng ghi' };
          crossKind.push(pairs.length);
        }
        if (!place) continue;
        const evidence = [exact ? 'cùng họ tên' : 'cùng họ tên (khác dấu)', 'cùng số tiền', place.why];
        pairs.push({
          pair: pairId(a, b),
          kind: a.source === b.source ? 'duplicate' : 'overlap',
          score: (exact ? 40 : 30) + 30 + place.points,
          evidence,
          a: side(a),
          b: side(b),
        });
        bySide.set(a.rowKey, a);
        bySide.set(b.rowKey, b);
      }
    }
  }
  // Cross-kind pairs: 60 + rarity (0–20) + run (0–20) on top of name and amount, i.e. 60–100.
  const neighbours = runNeighbours(crossKind.map((index) => pairs[index]!));
  crossKind.forEach((index, k) => {
    const pair = pairs[index]!;
    const rarity = pair.score - 60;
    const run = runPoints(neighbours[k]!);
    pair.score = Math.min(100, 60 + rarity + run);
    pair.evidence.push(`tên hiếm ${rarity}/20`);
    if (run > 0) pair.evidence.push(`${neighbours[k]! + 1} dòng liền nhau cùng khớp`);
  });
  const unitOrder = new Map(units.map((u, i) => [u.id, i]));
  const rank = (id: string): number => unitOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  pairs.sort(
    (p, q) =>
      rank(p.a.unitId) - rank(q.a.unitId) ||
      p.a.source.localeCompare(q.a.source) || p.a.sheet.localeCompare(q.a.sheet) || p.a.row - q.a.row || p.b.row - q.b.row || p.pair.localeCompare(q.pair),
  );
  return { pairs, rows: bySide };
}
