/**
 * "What changed, down to donors": the rows of a source's previous version (its stored snapshot)
 * against the rows read tonight. A donor is a row (money stages of one row added together), matched
 * by sheet and name (without case or diacritics, n-th occurrence with n-th), then by row position
 * for a renamed row; what is left was added or removed.
 */
import { foldForMatch, normalizeText } from '../format/text.js';
import type { Changes, DonorChange } from '../model/changes.js';
import type { Donation } from '../model/record.js';
import type { SourceOutcome } from '../model/source.js';
import type { Store } from '../store/db.js';
import { snapshotOf } from '../store/snapshots.js';

type DonorRow = { unitId: string; name: string; amount: number; source: string; sheet: string; row: number; cell: string | undefined };

function donorRows(donations: readonly Donation[]): DonorRow[] {
  const rows = new Map<string, DonorRow>();
  for (const d of donations) {
    const p = d.provenance;
    const key = `${p.sheet}\u0000${p.row}`;
    const row = rows.get(key);
    if (row) row.amount += d.amount;
    else {
      // Made on each read (src/extract/row-provenance.ts): read once.
      const cells = p.cells;
      rows.set(key, { unitId: d.unitId, name: normalizeText(d.name), amount: d.amount, source: p.source, sheet: p.sheet, row: p.row, cell: cells['amount'] ?? cells['name'] });
    }
  }
  return [...rows.values()];
}

function change(kind: DonorChange['change'], row: DonorRow, before: number, after: number, previousName?: string): DonorChange {
  const c: DonorChange = { unitId: row.unitId, change: kind, name: row.name, amount: { before, after, difference: after - before }, source: row.source, sheet: row.sheet, row: row.row };
  if (row.cell !== undefined) c.cell = row.cell;
  if (previousName !== undefined) c.previousName = previousName;
  return c;
}

/** Donor changes between two versions of one source's rows. Pure. */
export function diffDonors(before: readonly Donation[], after: readonly Donation[]): DonorChange[] {
  const out: DonorChange[] = [];
  const waiting = new Map<string, DonorRow[]>();
  const nameKey = (r: DonorRow) => `${r.sheet}\u0000${foldForMatch(r.name)}`;
  for (const r of donorRows(before)) waiting.set(nameKey(r), [...(waiting.get(nameKey(r)) ?? []), r]);
  const unmatched: DonorRow[] = [];
  for (const now of donorRows(after)) {
    const was = waiting.get(nameKey(now))?.shift();
    if (!was) unmatched.push(now);
    else if (was.amount !== now.amount || was.name !== now.name) out.push(change('changed', now, was.amount, now.amount, was.name !== now.name ? was.name : undefined));
  }
  const left = [...waiting.values()].flat();
  const byPlace = new Map(left.map((r) => [`${r.sheet}\u0000${r.row}`, r]));
  for (const now of unmatched) {
    const was = byPlace.get(`${now.sheet}\u0000${now.row}`);
    if (was) {
      byPlace.delete(`${now.sheet}\u0000${now.row}`);
      out.push(change('changed', now, was.amount, now.amount, was.name));
    } else {
      out.push(change('added', now, 0, now.amount));
    }
  }
  for (const was of byPlace.values()) out.push(change('removed', was, was.amount, 0));
  return out.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
}

/**
 * Donor changes of every source that changed since the previous run: its previous rows come from
 * the snapshot of the version that run read (still in the store until this run is recorded).
 */
export function donorChanges(db: Store, changes: Changes, outcomes: readonly SourceOutcome[]): DonorChange[] {
  const out: DonorChange[] = [];
  for (const s of changes.sources) {
    let before: Donation[] = [];
    if (s.before) {
      const snapshot = s.before.sha256 ? snapshotOf(db, s.unitId, s.path, s.before.sha256) : undefined;
      // A previous version no longer stored cannot be compared row by row; its totals still are.
      if (!snapshot) continue;
      before = snapshot.outcome.donations;
    }
    const after = s.after ? (outcomes.find((o) => o.unitId === s.unitId && o.path === s.path)?.donations ?? []) : [];
    out.push(...diffDonors(before, after));
  }
  return out;
}
