import type { CampaignConfig } from '../model/config.js';
import {
  DonorCategorySchema,
  MoneyStatusSchema,
  type Donation,
  type DonorCategory,
  type MoneyStatus,
} from '../model/record.js';
import type { Issue } from '../model/issue.js';
import type { SourceOutcome } from '../model/source.js';
import type { Consolidation, GroupSummary, SourceSummary, UnitSummary } from '../model/consolidation.js';


type Buckets = {
  amount: number;
  donors: number;
  byCategory: Record<DonorCategory, { amount: number; donors: number }>;
  byStatus: Record<MoneyStatus, number>;
};

function emptyBuckets(): Buckets {
  return {
    amount: 0,
    donors: 0,
    byCategory: Object.fromEntries(DonorCategorySchema.options.map((c) => [c, { amount: 0, donors: 0 }])) as Buckets['byCategory'],
    byStatus: Object.fromEntries(MoneyStatusSchema.options.map((s) => [s, 0])) as Buckets['byStatus'],
  };
}

/**
 * A donor is a row: one row split across money stages (pledged/paid) is several donations but one
 * donor. Extraction emits a row's parts one after another, so a new row starts where the sheet or
 * row number changes; sources never share rows.
 */
function isNewRow(d: Donation, previous: Donation | undefined): boolean {
  return previous === undefined || previous.provenance.row !== d.provenance.row || previous.provenance.sheet !== d.provenance.sheet;
}

function add(b: Buckets, d: Donation, newRow: boolean): void {
  b.amount += d.amount;
  b.byCategory[d.category].amount += d.amount;
  b.byStatus[d.status] += d.amount;
  if (newRow) {
    b.donors++;
    b.byCategory[d.category].donors++;
  }
}

function merge(into: Buckets, from: Buckets): void {
  into.amount += from.amount;
  into.donors += from.donors;
  for (const c of DonorCategorySchema.options) {
    into.byCategory[c].amount += from.byCategory[c].amount;
    into.byCategory[c].donors += from.byCategory[c].donors;
  }
  for (const s of MoneyStatusSchema.options) into.byStatus[s] += from.byStatus[s];
}

function plain(b: Buckets) {
  return {
    amount: b.amount,
    donors: b.donors,
    byCategory: Object.fromEntries(
      DonorCategorySchema.options.map((c) => [c, { amount: b.byCategory[c].amount, donors: b.byCategory[c].donors }]),
    ) as UnitSummary['byCategory'],
    byStatus: { ...b.byStatus },
  };
}

const TOP_DONORS = 10;

/**
 * Sums donations by unit, group, donor category and money status, and says which units
 * reported, which are missing and which sent only unreadable files. Pure.
 */
export function consolidate(config: CampaignConfig, outcomes: SourceOutcome[], issues: Issue[]): Consolidation {
  const unitBuckets = new Map<string, Buckets>();
  const sources: SourceSummary[] = [];
  for (const outcome of outcomes) {
    const b = unitBuckets.get(outcome.unitId) ?? emptyBuckets();
    unitBuckets.set(outcome.unitId, b);
    const own = emptyBuckets();
    let previous: Donation | undefined;
    for (const d of outcome.donations) {
      add(own, d, isNewRow(d, previous));
      previous = d;
    }
    merge(b, own);
    const { donations: _donations, ...rest } = outcome;
    sources.push({ ...rest, records: own.donors, amount: own.amount });
  }

  const groupOf = (kind: string): string => config.groups.find((g) => g.kinds.includes(kind as never))?.label ?? '';
  // Counted once, not once per unit: a province has hundreds of units and can have 100,000 issues.
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const i of issues) {
    if (i.location.unitId === undefined) continue;
    let c = counts.get(i.location.unitId);
    if (!c) counts.set(i.location.unitId, (c = { errors: 0, warnings: 0 }));
    if (i.severity === 'error') c.errors++;
    else if (i.severity === 'warning') c.warnings++;
  }
  const outcomesOf = new Map<string, SourceOutcome[]>();
  for (const o of outcomes) outcomesOf.set(o.unitId, [...(outcomesOf.get(o.unitId) ?? []), o]);
  const units: UnitSummary[] = config.units.map((unit) => {
    const own = outcomesOf.get(unit.id) ?? [];
    const b = unitBuckets.get(unit.id) ?? emptyBuckets();
    const status: UnitSummary['status'] =
      own.length === 0 ? 'missing' : own.some((o) => o.status === 'ok') ? 'reported' : 'failed';
    const summary: UnitSummary = {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      group: groupOf(unit.kind),
      status,
      ...plain(b),
      sources: own.map((o) => o.path),
      errors: counts.get(unit.id)?.errors ?? 0,
      warnings: counts.get(unit.id)?.warnings ?? 0,
    };
    if (own.some((o) => o.stale)) summary.stale = true;
    if (unit.code !== undefined) summary.code = unit.code;
    if (unit.target !== undefined) {
      summary.target = unit.target;
      if (unit.target > 0) summary.targetRatio = b.amount / unit.target;
    }
    return summary;
  });

  // Groups with no unit in this campaign (the default district group in a commune campaign) are left out.
  const usedGroups = config.groups.filter((group) => units.some((u) => group.kinds.includes(u.kind)));
  const groups: GroupSummary[] = usedGroups.map((group) => {
    const members = units.filter((u) => group.kinds.includes(u.kind));
    const b = emptyBuckets();
    for (const u of members) merge(b, unitBuckets.get(u.id) ?? emptyBuckets());
    const targets = members.map((u) => u.target).filter((t): t is number => t !== undefined);
    const g: GroupSummary = { label: group.label, unitIds: members.map((u) => u.id), ...plain(b) };
    if (targets.length) g.target = targets.reduce((a, t) => a + t, 0);
    return g;
  });

  const all = emptyBuckets();
  for (const b of unitBuckets.values()) merge(all, b);
  const totals: Consolidation['totals'] = {
    ...plain(all),
    units: {
      expected: units.length,
      reported: units.filter((u) => u.status === 'reported').length,
      missing: units.filter((u) => u.status === 'missing').length,
      failed: units.filter((u) => u.status === 'failed').length,
    },
  };
  if (config.campaign.target !== undefined) {
    totals.target = config.campaign.target;
    if (config.campaign.target > 0) totals.targetRatio = all.amount / config.campaign.target;
  }

  return { totals, groups, units, sources, topDonors: topDonors(outcomes) };
}

/** Largest single donors, a row's stages added together; ties in source order. */
function topDonors(outcomes: SourceOutcome[]): Consolidation['topDonors'] {
  const rows: Consolidation['topDonors'] = [];
  for (const o of outcomes) {
    let previous: Donation | undefined;
    for (const d of o.donations) {
      if (isNewRow(d, previous)) {
        rows.push({ name: d.name, unitId: d.unitId, amount: d.amount, source: d.provenance.source, sheet: d.provenance.sheet, row: d.provenance.row });
      } else {
        rows[rows.length - 1]!.amount += d.amount;
      }
      previous = d;
    }
  }
  // Stable sort: equal amounts keep source order.
  return rows.sort((a, b) => b.amount - a.amount).slice(0, TOP_DONORS);
}
