import type { CampaignConfig } from '../config/schema.js';
import {
  DonorCategorySchema,
  MoneyStatusSchema,
  type Donation,
  type DonorCategory,
  type MoneyStatus,
} from '../core/record.js';
import type { Issue } from '../issues/issue.js';
import type { Consolidation, GroupSummary, SourceSummary, UnitSummary } from './schema.js';

/** What intake produced for one source; failed sources carry no records. */
export type SourceOutcome = Omit<SourceSummary, 'records' | 'amount'> & { donations: Donation[] };

type Buckets = {
  amount: number;
  rows: Set<string>;
  byCategory: Record<DonorCategory, { amount: number; rows: Set<string> }>;
  byStatus: Record<MoneyStatus, number>;
};

function emptyBuckets(): Buckets {
  return {
    amount: 0,
    rows: new Set(),
    byCategory: Object.fromEntries(
      DonorCategorySchema.options.map((c) => [c, { amount: 0, rows: new Set<string>() }]),
    ) as Buckets['byCategory'],
    byStatus: Object.fromEntries(MoneyStatusSchema.options.map((s) => [s, 0])) as Buckets['byStatus'],
  };
}

/** A donor is a row: one row split across money stages (pledged/paid) is still one donor. */
function rowKey(d: Donation): string {
  return `${d.provenance.source}\u0000${d.provenance.sheet}\u0000${d.provenance.row}`;
}

function add(b: Buckets, d: Donation): void {
  const key = rowKey(d);
  b.amount += d.amount;
  b.rows.add(key);
  b.byCategory[d.category].amount += d.amount;
  b.byCategory[d.category].rows.add(key);
  b.byStatus[d.status] += d.amount;
}

function merge(into: Buckets, from: Buckets): void {
  into.amount += from.amount;
  for (const k of from.rows) into.rows.add(k);
  for (const c of DonorCategorySchema.options) {
    into.byCategory[c].amount += from.byCategory[c].amount;
    for (const k of from.byCategory[c].rows) into.byCategory[c].rows.add(k);
  }
  for (const s of MoneyStatusSchema.options) into.byStatus[s] += from.byStatus[s];
}

function plain(b: Buckets) {
  return {
    amount: b.amount,
    donors: b.rows.size,
    byCategory: Object.fromEntries(
      DonorCategorySchema.options.map((c) => [c, { amount: b.byCategory[c].amount, donors: b.byCategory[c].rows.size }]),
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
    for (const d of outcome.donations) add(own, d);
    merge(b, own);
    const { donations: _donations, ...rest } = outcome;
    sources.push({ ...rest, records: own.rows.size, amount: own.amount });
  }

  const groupOf = (kind: string): string => config.groups.find((g) => g.kinds.includes(kind as never))?.label ?? '';
  const units: UnitSummary[] = config.units.map((unit) => {
    const own = outcomes.filter((o) => o.unitId === unit.id);
    const b = unitBuckets.get(unit.id) ?? emptyBuckets();
    const status: UnitSummary['status'] =
      own.length === 0 ? 'missing' : own.some((o) => o.status === 'ok') ? 'reported' : 'failed';
    const unitIssues = issues.filter((i) => i.location.unitId === unit.id);
    const summary: UnitSummary = {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      group: groupOf(unit.kind),
      status,
      ...plain(b),
      sources: own.map((o) => o.path),
      errors: unitIssues.filter((i) => i.severity === 'error').length,
      warnings: unitIssues.filter((i) => i.severity === 'warning').length,
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
  const rows = new Map<string, Consolidation['topDonors'][number]>();
  for (const o of outcomes) {
    for (const d of o.donations) {
      const key = rowKey(d);
      const existing = rows.get(key);
      if (existing) existing.amount += d.amount;
      else
        rows.set(key, {
          name: d.name,
          unitId: d.unitId,
          amount: d.amount,
          source: d.provenance.source,
          sheet: d.provenance.sheet,
          row: d.provenance.row,
        });
    }
  }
  return [...rows.values()].sort((a, b) => b.amount - a.amount).slice(0, TOP_DONORS);
}
