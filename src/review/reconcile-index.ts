/**
 * Indexes that let reconcile() look at a few parties per credit instead of all of them. A name that
 * findName() accepts has every word but at most one exactly in the memo, so a party is filed under
 * each set of that many of its words (at most three: single words for names of two words, pairs
 * for three, triples beyond), and a memo looks up the sets of its own words. Parties the index
 * leaves out could never have matched, so it changes the speed, never the result; candidates come
 * back in the order a plain scan would give them. Pure.
 */
import type { Receivable } from '../model/reconciliation.js';
import { donorCore } from './memo-names.js';

const DAY = 86_400_000;

/** The date `days` after an ISO date. */
export function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * Parties filed under sets of their words. Words are numbered and a set of word numbers is one
 * number, so lookups never build strings. Filing stops before lookups start (the numbering base is
 * then fixed).
 */
class WordSetIndex {
  private readonly words = new Map<string, number>();
  /** Size of the sets a party is filed under (1–3); word sets of 1, 2 and 3 words. */
  private readonly filed: { size: number; ids: number[]; party: number }[] = [];
  private readonly bySize = [new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>()];
  private base = 0;

  /** Files `party` under the sets of all its distinct words but one (at least one, at most three). */
  add(party: number, names: readonly string[]): void {
    const ids = [...new Set(names)].map((w) => {
      let id = this.words.get(w);
      if (id === undefined) this.words.set(w, (id = this.words.size));
      return id;
    });
    if (ids.length > 0) this.filed.push({ size: Math.min(3, Math.max(1, ids.length - 1)), ids, party });
  }

  /** Builds the sets once every party is filed; `order` sorts the parties of each set. */
  seal(order?: (a: number, b: number) => number): void {
    this.base = this.words.size + 1;
    // Three-word keys must stay exact numbers; a vocabulary that large falls back to pairs.
    const most = this.base ** 3 < Number.MAX_SAFE_INTEGER ? 3 : 2;
    for (const f of this.filed) {
      const size = Math.min(f.size, most);
      const map = this.bySize[size - 1]!;
      for (const key of this.keys(f.ids, size)) {
        const list = map.get(key);
        if (list) list.push(f.party);
        else map.set(key, [f.party]);
      }
    }
    this.filed.length = 0;
    if (order) for (const map of this.bySize) for (const list of map.values()) list.sort(order);
  }

  /** The numbers of the words the index knows, each once. */
  private known(memo: readonly string[]): number[] {
    const ids: number[] = [];
    for (const w of memo) {
      const id = this.words.get(w);
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** Calls `visit` with the parties filed under each set of these words (a party may come more than once). */
  lookup(memo: readonly string[], visit: (parties: readonly number[]) => void): void {
    const ids = this.known(memo);
    for (let size = 1; size <= 3; size++) {
      const map = this.bySize[size - 1]!;
      if (map.size === 0 || ids.length < size) continue;
      for (const key of this.keys(ids, size)) {
        const list = map.get(key);
        if (list) visit(list);
      }
    }
  }

  private keys(ids: readonly number[], size: number): number[] {
    const sorted = [...ids].sort((a, b) => a - b);
    const b = this.base;
    const keys: number[] = [];
    const n = sorted.length;
    if (size === 1) return sorted;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (size === 2) keys.push(sorted[i]! * b + sorted[j]!);
        else for (let k = j + 1; k < n; k++) keys.push((sorted[i]! * b + sorted[j]!) * b + sorted[k]!);
      }
    }
    return keys;
  }
}

type UnitName = { core: readonly string[]; initials?: string | undefined };

/** Units by the words of their name and by their initials. */
export class UnitNameIndex {
  private readonly index = new WordSetIndex();
  private readonly byInitials = new Map<string, number[]>();
  private readonly lookFor: ReadonlySet<string>[];
  private readonly seen: Int32Array;
  private readonly first: Int32Array;
  private stamp = 0;

  constructor(names: readonly UnitName[]) {
    this.seen = new Int32Array(names.length);
    this.first = new Int32Array(names.length);
    this.lookFor = names.map((n) => new Set([...n.core, ...(n.initials ? [n.initials] : [])]));
    names.forEach((n, u) => {
      this.index.add(u, n.core);
      if (n.initials) this.byInitials.set(n.initials, [...(this.byInitials.get(n.initials) ?? []), u]);
    });
    this.index.seal();
  }

  /** Units (by number) whose name or initials the memo may hold, in the order a scan of the memo's words meets them. */
  candidates(words: readonly string[]): number[] {
    const stamp = ++this.stamp;
    const found: number[] = [];
    const take = (u: number) => {
      if (this.seen[u] === stamp) return;
      this.seen[u] = stamp;
      found.push(u);
    };
    this.index.lookup(words, (list) => list.forEach(take));
    for (const w of words) for (const u of this.byInitials.get(w) ?? []) take(u);
    if (found.length < 2) return found;
    // A scan meets a unit at the first memo word that is one of its words, units of a word in their order.
    for (const u of found) this.first[u] = words.findIndex((w) => this.lookFor[u]!.has(w));
    return found.sort((a, b) => this.first[a]! - this.first[b]! || a - b);
  }
}

/**
 * Direct donors by sets of the words of their name, each set's donors in amount order, then by
 * date: a credit looks only at donors whose name's words are nearly all in the memo, of its amount
 * (up to the fee margin more), dated 10 days before to 2 days after it.
 */
export class DonorIndex {
  private readonly index = new WordSetIndex();
  /** Amount and day number of each donor (NaN when undated), compact for the lookups' inner loop. */
  private readonly amount: Float64Array;
  private readonly day: Float64Array;
  /** Position of each donor in a scan by amount, undated first, then by date. */
  private readonly rank: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  readonly cores: readonly string[][];

  constructor(donors: readonly Receivable[]) {
    this.cores = donors.map((d) => donorCore(d.name));
    this.seen = new Int32Array(donors.length);
    this.rank = new Int32Array(donors.length);
    this.amount = Float64Array.from(donors, (d) => d.amount);
    this.day = Float64Array.from(donors, (d) => (d.date ? dayNumber(d.date) : NaN));
    const order = donors.map((_, i) => i).sort((a, b) => {
      const da = this.day[a]!;
      const db = this.day[b]!;
      const byDate = Number.isNaN(da) ? (Number.isNaN(db) ? 0 : -1) : Number.isNaN(db) ? 1 : da - db;
      return this.amount[a]! - this.amount[b]! || byDate || a - b;
    });
    order.forEach((donor, position) => (this.rank[donor] = position));
    this.cores.forEach((core, i) => this.index.add(i, core));
    this.index.seal((a, b) => this.rank[a]! - this.rank[b]!);
  }

  /** Donors (by number) whose amount is `credit` to `credit + fee`, dated 10 days before to 2 days after `date` (or undated), whose name's words are nearly all in the memo. */
  near(credit: number, fee: number, date: string | undefined, memo: readonly string[]): number[] {
    const day = date ? dayNumber(date) : NaN;
    const from = Number.isNaN(day) ? -Infinity : day - 10;
    const to = Number.isNaN(day) ? Infinity : day + 2;
    const stamp = ++this.stamp;
    const found: number[] = [];
    const { amount, seen } = this;
    this.index.lookup(memo, (list) => {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (amount[list[mid]!]! < credit) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length; k++) {
        const i = list[k]!;
        if (amount[i]! > credit + fee) break;
        if (seen[i] === stamp) continue;
        seen[i] = stamp;
        const d = this.day[i]!;
        if (Number.isNaN(d) || (d >= from && d <= to)) found.push(i);
      }
    });
    return found.length < 2 ? found : found.sort((a, b) => this.rank[a]! - this.rank[b]!);
  }
}

/** Days since 1970 of an ISO date. */
function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY;
}
