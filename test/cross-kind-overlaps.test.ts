/**
 * Issue 10, point 12: a member listed by her commune and again by the Women's Union. Across an
 * organisation's list and a commune's list the identical full name with diacritics and the identical
 * amount are suspected; confidence rises with the name's rarity in the campaign and with runs of
 * consecutive matches. Commune ↔ commune still needs place evidence; decisions work as before.
 */
import { describe, expect, it } from 'vitest';
import { donorRows, findSuspectedPairs } from '../src/review/overlaps.js';
import { rarityPoints } from '../src/review/cross-kind.js';
import { applyDecisions } from '../src/review/decisions.js';
import type { Unit } from '../src/model/config.js';
import type { SourceOutcome } from '../src/model/source.js';
import type { Donation } from '../src/model/record.js';

const UNITS: Unit[] = [
  { id: 'xa-a', name: 'Xã Hòa Bình', kind: 'commune', sources: [] },
  { id: 'xa-b', name: 'Xã An Bình', kind: 'commune', sources: [] },
  { id: 'hoi', name: 'Hội Liên hiệp Phụ nữ huyện', kind: 'organisation', sources: [] },
];

function donation(unitId: string, source: string, row: number, name: string, amount: number, address?: string): Donation {
  const d: Donation = {
    unitId,
    name,
    category: 'resident',
    status: 'collected',
    amount,
    provenance: { source, sheet: 'DS', row, cells: { name: `B${row}`, amount: `D${row}` }, sha256: source },
  };
  if (address) d.address = address;
  return d;
}

function outcome(unitId: string, source: string, rows: [string, number, string?][], first = 5): SourceOutcome {
  return { path: source, unitId, status: 'ok', sheets: [], donations: rows.map(([n, a, addr], i) => donation(unitId, source, first + i, n, a, addr)) };
}

/** Filler residents with distinct names, so the campaign has a realistic number of rows. */
function filler(unitId: string, source: string, count: number, first: number): [string, number, string][] {
  const given = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hoa', 'Lan', 'Mai', 'Nam', 'Sơn'];
  return Array.from({ length: count }, (_, i) => [`Đỗ Văn ${given[i % 10]} ${given[Math.floor(i / 10) % 10]} ${unitId}`, 100_000 + first + i, `Thôn ${i % 4}`]);
}

describe('organisation ↔ commune overlaps', () => {
  it('three members listed by the commune and again, consecutively, by the Women’s Union: suspected, run raises confidence', () => {
    const members: [string, number][] = [['Phạm Thị Huệ', 300_000], ['Lương Thị Thắm', 200_000], ['Quách Thị Nhàn', 500_000]];
    const outcomes = [
      outcome('xa-a', 'xa-a.xlsx', [...filler('xa-a', 'xa-a.xlsx', 30, 0), ...members.map(([n, a]) => [n, a, 'Thôn Trung'] as [string, number, string])]),
      outcome('hoi', 'hoi.xlsx', [...filler('hoi', 'hoi.xlsx', 12, 100), ...members]),
    ];
    const { pairs } = findSuspectedPairs(donorRows(outcomes), UNITS);
    // Sides in source order: hoi.xlsx before xa-a.xlsx.
    expect(pairs.map((p) => [p.kind, p.a.name, p.a.unitId, p.b.unitId])).toEqual(members.map(([n]) => ['overlap', n, 'hoi', 'xa-a']));
    // Rare names (each occurs twice among 45 rows: 16/20) and a run of three (20/20).
    expect(pairs.map((p) => p.score)).toEqual([96, 96, 96]);
    expect(pairs[1]!.evidence).toEqual(expect.arrayContaining(['cùng họ tên', 'cùng số tiền', 'tổ chức và địa bàn cùng ghi', '3 dòng liền nhau cùng khớp']));
    // The same members scattered through the Women's Union's list: suspected still, with less confidence.
    const scattered = [outcomes[0]!, outcome('hoi', 'hoi.xlsx', members.flatMap((m, i) => [m, ...filler('hoi', 'hoi.xlsx', 4, 100 + 10 * i)]))];
    expect(findSuspectedPairs(donorRows(scattered), UNITS).pairs.map((p) => p.score)).toEqual([76, 76, 76]);
  });

  it('a common name scores lower than a rare one; a lone pair lower than a run', () => {
    const common = 'Nguyễn Văn Hùng';
    const outcomes = [
      outcome('xa-a', 'xa-a.xlsx', [[common, 100_000], ['Tạ Quang Khải', 100_000], ...filler('xa-a', 'xa-a.xlsx', 10, 0)]),
      outcome('xa-b', 'xa-b.xlsx', Array.from({ length: 20 }, (_, i) => [common, 50_000 + i * 1000, `Thôn ${i}`] as [string, number, string])),
      outcome('hoi', 'hoi.xlsx', [[common, 100_000], ...filler('hoi', 'hoi.xlsx', 5, 50), ['Tạ Quang Khải', 100_000]]),
    ];
    const { pairs } = findSuspectedPairs(donorRows(outcomes), UNITS);
    const score = (name: string) => pairs.find((p) => p.a.name === name)!.score;
    expect(score('Tạ Quang Khải')).toBeGreaterThan(score(common));
    expect(score(common)).toBeGreaterThanOrEqual(60);
    expect(rarityPoints(2, 1000)).toBeGreaterThan(rarityPoints(50, 1000));
    expect(rarityPoints(1000, 1000)).toBe(0);
  });

  it('needs the identical name with diacritics and the identical amount', () => {
    const outcomes = [
      outcome('xa-a', 'xa-a.xlsx', [['Phạm Thị Huệ', 300_000], ['Lương Thị Thắm', 200_000]]),
      outcome('hoi', 'hoi.xlsx', [['Pham Thi Hue', 300_000], ['Lương Thị Thắm', 250_000]]),
    ];
    expect(findSuspectedPairs(donorRows(outcomes), UNITS).pairs).toEqual([]);
  });

  it('commune ↔ commune still needs place evidence; an organisation row placed in another commune is not paired', () => {
    const communes = [outcome('xa-a', 'xa-a.xlsx', [['Phạm Thị Huệ', 300_000, 'Thôn 1']]), outcome('xa-b', 'xa-b.xlsx', [['Phạm Thị Huệ', 300_000, 'Thôn 2']])];
    expect(findSuspectedPairs(donorRows(communes), UNITS).pairs).toEqual([]);
    const elsewhere = [outcome('xa-a', 'xa-a.xlsx', [['Phạm Thị Huệ', 300_000]]), outcome('hoi', 'hoi.xlsx', [['Phạm Thị Huệ', 300_000, 'Xã An Bình']])];
    expect(findSuspectedPairs(donorRows(elsewhere), UNITS).pairs).toEqual([]);
  });

  it('decisions work as today: "same" excludes the second side’s row, the pair id is stable', () => {
    const outcomes = [outcome('xa-a', 'xa-a.xlsx', [['Phạm Thị Huệ', 300_000]]), outcome('hoi', 'hoi.xlsx', [['Phạm Thị Huệ', 300_000]])];
    const { pairs } = findSuspectedPairs(donorRows(outcomes), UNITS);
    expect(pairs).toHaveLength(1);
    const again = findSuspectedPairs(donorRows([...outcomes].reverse()), UNITS).pairs;
    expect(again[0]!.pair).toBe(pairs[0]!.pair);
    const decided = applyDecisions(pairs, [{ pair: pairs[0]!.pair, decision: 'same' }], outcomes);
    expect(decided.undecided).toEqual([]);
    expect(decided.excluded.map((r) => [r.unitId, r.name, r.amount])).toEqual([[pairs[0]!.b.unitId, 'Phạm Thị Huệ', 300_000]]);
    expect(decided.outcomes.flatMap((o) => o.donations)).toHaveLength(1);
  });
});
