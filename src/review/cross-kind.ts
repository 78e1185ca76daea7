/**
 * Overlaps between an organisation's list and a commune's list (issue 10): the Women's Union's
 * members live in communes, so a member may be listed by both, and an organisation's list never
 * carries an address naming the commune. Across those two kinds of unit, the identical full name
 * (with diacritics) and the identical amount are evidence enough to ask; how much is said by
 *   - the rarity of the name in the whole campaign, Fellegi–Sunter style: agreeing on a value
 *     shared by f of N rows weighs log(N/f), scaled here to 0–20 points by log N;
 *   - runs: consecutive rows of one list matching consecutive rows of the other (a block copied
 *     from one list into the other), 10 points for each neighbour in the run, up to 20.
 * Commune ↔ commune and organisation ↔ organisation pairs still need place evidence (overlaps.ts).
 */
import type { UnitKind } from '../model/config.js';

const ORGANISATION_KINDS: ReadonlySet<UnitKind> = new Set(['organisation', 'agency']);
const TERRITORIAL_KINDS: ReadonlySet<UnitKind> = new Set(['commune', 'town', 'ward']);

/** One unit lists people by membership, the other by where they live. */
export function isCrossKind(a: UnitKind | undefined, b: UnitKind | undefined): boolean {
  if (!a || !b) return false;
  return (ORGANISATION_KINDS.has(a) && TERRITORIAL_KINDS.has(b)) || (ORGANISATION_KINDS.has(b) && TERRITORIAL_KINDS.has(a));
}

/** 0–20: how unlikely two different people are to carry this exact name, among `total` rows. */
export function rarityPoints(occurrences: number, total: number): number {
  if (total < 3 || occurrences < 1) return 0;
  const weight = Math.log(total / Math.max(occurrences, 1)) / Math.log(total);
  return Math.max(0, Math.min(20, Math.round(20 * weight)));
}

type Place = { source: string; sheet: string; row: number };
type Pair = { a: Place; b: Place };

function key(a: Place, b: Place): string {
  return `${a.source}\u0000${a.sheet}\u0000${a.row}\u0001${b.source}\u0000${b.sheet}\u0000${b.row}`;
}

/**
 * For each pair (by index), how many other pairs continue it on consecutive rows of both lists,
 * in either direction (row ±1 on one side with row ±1 on the other, same direction).
 */
export function runNeighbours(pairs: readonly Pair[]): number[] {
  const present = new Set<string>();
  for (const p of pairs) present.add(key(p.a, p.b));
  const at = (p: Pair, step: number) => key({ ...p.a, row: p.a.row + step }, { ...p.b, row: p.b.row + step });
  return pairs.map((p) => {
    let count = 0;
    for (const step of [1, -1]) {
      for (let k = 1; k <= 2 && present.has(at(p, step * k)); k++) count++;
    }
    return count;
  });
}

/** 0–20 points for a run of consecutive matches. */
export function runPoints(neighbours: number): number {
  return Math.min(20, 10 * neighbours);
}
