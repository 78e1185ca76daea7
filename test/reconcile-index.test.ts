/**
 * The reconciliation's indexes change the speed, never the result: on names with slips, repeated
 * words, initials, companies, undated donors and amounts within the fee margin, they return exactly
 * the parties a plain scan of every party would find, in the scan's order.
 */
import { describe, expect, it } from 'vitest';
import type { Receivable } from '../src/model/reconciliation.js';
import { donorCore, findName, initialsOf, memoWords, unitCore } from '../src/review/memo-names.js';
import { DonorIndex, shiftDay, UnitNameIndex } from '../src/review/reconcile-index.js';

const WORDS = ['An', 'Bình', 'Thọ', 'Đông', 'Hòa', 'Hưng', 'Lạc', 'Minh', 'Nam', 'Phú', 'Quang', 'Sơn'];
const SURNAMES = ['Nguyễn', 'Trần', 'Lê'];
let seed = 15;
/** Deterministic pseudo-random numbers (MINSTD, exact in doubles). */
const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const some = (n: number) => Array.from({ length: n }, () => pick(WORDS));
/** A memo word with at most one slip (a letter dropped or two swapped), as bank clerks type. */
function slipped(word: string): string {
  if (word.length < 4 || random() < 0.6) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  return random() < 0.5 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}
const memoOf = (name: string) => `${pick(['UBMTTQ', 'CK', ''])} ${memoWords(name).map(slipped).join(' ')} ${pick(['UNG HO', 'NOP TIEN', ''])}`;

describe('reconciliation indexes find what a scan of every party finds', () => {
  it('units: by words (all but one), by initials, in the order the memo meets them', () => {
    const names = Array.from({ length: 80 }, () => `${pick(['Xã ', 'Thị trấn ', 'Hội ', ''])}${some(1 + Math.floor(random() * 4)).join(' ')}`);
    const units = names.map((n) => {
      const core = unitCore(n);
      return { core, initials: initialsOf(core) };
    });
    const index = new UnitNameIndex(units);
    let hits = 0;
    for (let m = 0; m < 600; m++) {
      const words = memoWords(`${memoOf(pick(names))} ${random() < 0.3 ? memoOf(pick(names)) : ''} ${random() < 0.2 ? pick(units.filter((u) => u.initials)).initials : ''}`);
      // The scan: every unit with any of its words or initials in the memo, met word by word.
      const scanned: number[] = [];
      for (const w of words) units.forEach((u, i) => (u.core.includes(w) || u.initials === w) && !scanned.includes(i) && scanned.push(i));
      const found = (list: number[]) => list.filter((i) => findName(words, units[i]!.core, units[i]!.initials));
      expect(found(index.candidates(words))).toEqual(found(scanned));
      hits += found(scanned).length;
    }
    expect(hits).toBeGreaterThan(600);
  });

  it('direct donors: by amount up to the fee margin, date window and words of the name', () => {
    const donors: Receivable[] = Array.from({ length: 3000 }, (_, i) => {
      const name = `${random() < 0.2 ? 'Công ty TNHH ' : pick(SURNAMES) + ' '}${some(1 + Math.floor(random() * 4)).join(' ')}`;
      const d: Receivable = { party: `donor:${i}`, kind: 'donor', unitId: 'u', name, amount: (1 + Math.floor(random() * 12)) * 10_000, rows: 1 };
      if (random() < 0.8) d.date = shiftDay('2023-09-01', Math.floor(random() * 40));
      return d;
    });
    const index = new DonorIndex(donors);
    const fee = 11_000;
    const scanOrder = donors.map((_, i) => i).sort((a, b) => {
      const [x, y] = [donors[a]!, donors[b]!];
      return x.amount - y.amount || (x.date ? 1 : 0) - (y.date ? 1 : 0) || (x.date ?? '').localeCompare(y.date ?? '') || a - b;
    });
    let hits = 0;
    for (let c = 0; c < 400; c++) {
      const donor = pick(donors);
      const credit = donor.amount - (random() < 0.3 ? 10_000 : 0);
      const date = random() < 0.9 ? shiftDay('2023-09-01', Math.floor(random() * 45)) : undefined;
      const words = memoWords(memoOf(donor.name));
      const [from, to] = date ? [shiftDay(date, -10), shiftDay(date, 2)] : ['', '\uffff'];
      const found = (list: number[]) => list.filter((i) => findName(words, donorCore(donors[i]!.name)));
      const scanned = scanOrder.filter((i) => {
        const d = donors[i]!;
        return d.amount >= credit && d.amount <= credit + fee && (!d.date || (d.date >= from && d.date <= to));
      });
      expect(found(index.near(credit, fee, date, words))).toEqual(found(scanned));
      hits += found(scanned).length;
    }
    expect(hits).toBeGreaterThan(200);
  });
});
