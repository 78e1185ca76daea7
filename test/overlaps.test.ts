/**
 * The same donation listed twice (within a source, across sources), the staff's decisions on the
 * pairs, outlying amounts and the one-day-wage participation.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDecisions } from '../src/review/decisions.js';
import { parseDecisions } from '../src/config/decisions.js';
import { donorNameKeys } from '../src/review/names.js';
import { findOutliers } from '../src/review/outliers.js';
import { donorRows, findSuspectedPairs, pairId } from '../src/review/overlaps.js';
import type { Unit } from '../src/model/config.js';
import type { SourceOutcome } from '../src/model/source.js';
import type { Donation, DonorCategory } from '../src/model/record.js';
import { ConfigError } from '../src/errors/errors.js';
import { issueMessage } from '../src/format/issue-messages.js';
import { analyseChasing, chasingExpected, CHASING_DIR, readChasing, withDecisions, type Chasing } from './helpers/chasing.js';
import { analyseDemo } from './helpers/demo.js';

let chasing: Chasing;
let work: string;
beforeAll(async () => {
  chasing = await readChasing();
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-overlaps-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const UNITS: Unit[] = [
  { id: 'xa-a', name: 'Xã Hòa Bình', kind: 'commune', sources: [] },
  { id: 'xa-b', name: 'Xã An Bình', kind: 'commune', sources: [] },
  { id: 'hoi', name: 'Hội Liên hiệp Phụ nữ huyện', kind: 'organisation', sources: [] },
];

function donation(unitId: string, source: string, row: number, name: string, amount: number, address?: string, category: DonorCategory = 'resident'): Donation {
  const d: Donation = {
    unitId,
    name,
    category,
    status: 'collected',
    amount,
    provenance: { source, sheet: 'DS', row, cells: { name: `B${row}`, amount: `D${row}` }, sha256: 'x' },
  };
  if (address) d.address = address;
  return d;
}

function outcome(unitId: string, source: string, donations: Donation[]): SourceOutcome {
  return { path: source, unitId, status: 'ok', sheets: [], donations };
}

describe('names are compared without what varies between lists', () => {
  it('case, spacing, Unicode form, punctuation and "Ông/Bà/Anh/Chị/Cô/Chú"', () => {
    const key = donorNameKeys('Trần Thị Hoa')!.key;
    for (const variant of ['Bà Trần Thị Hoa', 'TRẦN  THỊ HOA', 'trần thị hoa.', 'Trần Thị Hoa'.normalize('NFD'), 'Chị Trần Thị Hoa', 'Tran Thi Hoa']) {
      expect(donorNameKeys(variant)?.key, variant).toBe(key);
    }
    expect(donorNameKeys('Bà Trần Thị Hoa')!.exact).toBe(donorNameKeys('Trần Thị Hoa')!.exact);
    expect(donorNameKeys('Tran Thi Hoa')!.exact).not.toBe(donorNameKeys('Trần Thị Hoa')!.exact);
  });

  it('a surname that looks like a form of address stays; names that identify nobody give no key', () => {
    expect(donorNameKeys('Chu Văn An')!.key).toBe('chu van an');
    expect(donorNameKeys('Chú Văn An')!.key).toBe('van an');
    expect(donorNameKeys('Nhà hảo tâm')).toBeUndefined();
    expect(donorNameKeys('Ẩn danh')).toBeUndefined();
    expect(donorNameKeys('Lan')).toBeUndefined();
  });
});

describe('suspected pairs', () => {
  it('the chasing campaign: the duplicate within a list and the overlap with the Women’s Union, nothing else', () => {
    const analysis = analyseChasing(chasing);
    const expected = chasingExpected();
    const found = analysis.issues
      .filter((i) => i.code === 'DUPLICATE_SUSPECTED' || i.code === 'OVERLAP_SUSPECTED')
      .map((i) => ({ code: i.code, source: i.location.source, cell: i.location.cell }));
    expect(found).toEqual(expected.pairs.map((p) => ({ code: p.code, source: p.a.source, cell: p.a.cell })));
    const pairs = analysis.consolidation.overlaps!.suspected;
    expect(pairs.map((p) => [p.a.source, p.a.cell, p.b.source, p.b.cell, p.a.amount])).toEqual(
      expected.pairs.map((p) => [p.a.source, p.a.cell, p.b.source, p.b.cell, p.amount]),
    );
    // Both locations are in the message staff read.
    const overlap = analysis.issues.find((i) => i.code === 'OVERLAP_SUSPECTED')!;
    expect(issueMessage(overlap)).toContain('Xã Hòa Bình (tệp submissions/xa-hoa-binh.xlsx, trang "Danh sách", dòng 6)');
    expect(issueMessage(overlap)).toMatch(/Mã cặp tr-[0-9a-f]{10}, độ tin cậy 95\/100/);
    expect(analysis.consolidation.totals.overlap).toEqual({ suspectedPairs: 2, suspectedAmount: 500_000, excludedRows: 0, excludedAmount: 0 });
  });

  it('never pairs a common name in two communes, each in its own hamlet, even with the same amount', () => {
    const analysis = analyseChasing(chasing);
    const names = analysis.consolidation.overlaps!.suspected.flatMap((p) => [p.a.name, p.b.name]);
    expect(names).not.toContain('Nguyễn Văn An');
    // Three communes list a "Nguyễn Văn An" giving 200.000.
    const ans = analysis.outcomes.flatMap((o) => o.donations).filter((d) => d.name === 'Nguyễn Văn An' && d.amount === 200_000);
    expect(new Set(ans.map((d) => d.unitId)).size).toBe(3);
    // The Women's Union's "Nguyễn Thị Mai, Xã An Bình" is not Hòa Bình's Nguyễn Thị Mai.
    expect(analysis.consolidation.overlaps!.suspected.some((p) => p.a.address === 'Xã An Bình' || p.b.address === 'Xã An Bình')).toBe(false);
  });

  it('needs the same amount, and between two communes the place named', () => {
    // (An organisation's row without an address is paired by name alone: test/cross-kind-overlaps.test.ts.)
    const rows = donorRows([
      outcome('xa-a', 'a.xlsx', [donation('xa-a', 'a.xlsx', 5, 'Trần Thị Hoa', 300_000, 'Thôn Tây')]),
      outcome('hoi', 'h.xlsx', [donation('hoi', 'h.xlsx', 5, 'Trần Thị Hoa', 200_000, 'Xã Hòa Bình')]),
      outcome('xa-b', 'b.xlsx', [donation('xa-b', 'b.xlsx', 6, 'Trần Thị Hoa', 300_000)]),
    ]);
    expect(findSuspectedPairs(rows, UNITS).pairs).toEqual([]);
  });

  it('across units a shared hamlet name is no evidence ("Thôn 1" is everywhere); naming the unit is', () => {
    const a = donation('xa-a', 'a.xlsx', 5, 'Nguyễn Văn An', 200_000, 'Thôn 1');
    const b = donation('xa-b', 'b.xlsx', 7, 'Nguyễn Văn An', 200_000, 'Thôn 1');
    expect(findSuspectedPairs(donorRows([outcome('xa-a', 'a.xlsx', [a]), outcome('xa-b', 'b.xlsx', [b])]), UNITS).pairs).toEqual([]);
    const named = { ...b, address: 'Thôn 1, xã Hòa Bình' };
    expect(findSuspectedPairs(donorRows([outcome('xa-a', 'a.xlsx', [a]), outcome('xa-b', 'b.xlsx', [named])]), UNITS).pairs).toHaveLength(1);
  });

  it('within a unit: same or missing address pairs, two different hamlets do not', () => {
    const rows = (x?: string, y?: string) =>
      donorRows([outcome('xa-a', 'a.xlsx', [donation('xa-a', 'a.xlsx', 5, 'Lê Văn Bình', 500_000, x), donation('xa-a', 'a.xlsx', 9, 'Ông Lê Văn Bình', 500_000, y)])]);
    expect(findSuspectedPairs(rows('Thôn Tây', 'thôn tây'), UNITS).pairs.map((p) => [p.kind, p.score])).toEqual([['duplicate', 100]]);
    expect(findSuspectedPairs(rows('Thôn Tây', undefined), UNITS).pairs.map((p) => p.score)).toEqual([85]);
    expect(findSuspectedPairs(rows('Thôn Tây', 'Thôn Đông'), UNITS).pairs).toEqual([]);
  });

  it('a row split across money stages is one row of its full amount', () => {
    const split = [donation('hoi', 'h.xlsx', 5, 'Trần Thị Hoa', 100_000, 'Xã Hòa Bình'), { ...donation('hoi', 'h.xlsx', 5, 'Trần Thị Hoa', 200_000, 'Xã Hòa Bình'), status: 'paid' as const }];
    const rows = donorRows([outcome('xa-a', 'a.xlsx', [donation('xa-a', 'a.xlsx', 5, 'Trần Thị Hoa', 300_000, 'Thôn Tây')]), outcome('hoi', 'h.xlsx', split)]);
    expect(findSuspectedPairs(rows, UNITS).pairs).toHaveLength(1);
  });

  it('pair ids are stable: the same on every run, whatever the order or the rows’ positions', () => {
    const first = analyseChasing(chasing).consolidation.overlaps!.suspected.map((p) => p.pair);
    const again = analyseChasing(chasing).consolidation.overlaps!.suspected.map((p) => p.pair);
    expect(again).toEqual(first);
    const a = donation('xa-a', 'a.xlsx', 5, 'Trần Thị Hoa', 300_000, 'Thôn Tây');
    const h = donation('hoi', 'h.xlsx', 9, 'Bà Trần Thị Hoa', 300_000, 'Xã Hòa Bình');
    const one = findSuspectedPairs(donorRows([outcome('xa-a', 'a.xlsx', [a]), outcome('hoi', 'h.xlsx', [h])]), UNITS).pairs[0]!;
    const moved = { ...h, provenance: { ...h.provenance, row: 40 } };
    const other = findSuspectedPairs(donorRows([outcome('hoi', 'h.xlsx', [moved]), outcome('xa-a', 'a.xlsx', [a])]), UNITS).pairs[0]!;
    expect(other.pair).toBe(one.pair);
    expect(pairId({ sideKey: 'x' }, { sideKey: 'y' })).toBe(pairId({ sideKey: 'y' }, { sideKey: 'x' }));
  });

  it('blocks by name and amount: 100.000 rows in seconds (pairwise would take hours), only the planted pair', () => {
    const surnames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
    const middles = ['Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Thu'];
    const given = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hoa', 'Lan', 'Mai', 'Nam', 'Sơn', 'Tâm', 'Tuấn', 'Yến', 'Hùng', 'Hương'];
    const amounts = [100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000];
    const outcomes: SourceOutcome[] = [];
    let n = 0;
    for (let u = 0; u < 100; u++) {
      const donations: Donation[] = [];
      for (let r = 0; r < 1000; r++, n++) {
        const name = `${surnames[n % 8]} ${middles[(n >> 3) % 6]} ${given[(n >> 5) % 15]} ${given[(n >> 9) % 15]}`;
        // Each unit's rows sit in the unit's own hamlets, so no pair has place evidence.
        donations.push(donation(`u${u}`, `u${u}.xlsx`, r + 5, name, amounts[(n * 7) % 6]!, `Thôn ${u}-${r}`));
      }
      outcomes.push(outcome(`u${u}`, `u${u}.xlsx`, donations));
    }
    const planted = outcomes[3]!.donations[10]!;
    outcomes[3]!.donations.push({ ...planted, provenance: { ...planted.provenance, row: 2000 } });
    const started = performance.now();
    const { pairs } = findSuspectedPairs(donorRows(outcomes), []);
    const ms = performance.now() - started;
    expect(pairs.map((p) => [p.a.row, p.b.row])).toEqual([[15, 2000]]);
    // Generous for loaded CI machines; comparing every pair (5·10⁹) would not finish at all.
    expect(ms).toBeLessThan(20_000);
  });
});

describe('staff decide, the next run follows', () => {
  it('"same" excludes the row in the other source (still listed), "different" stops reporting the pair', () => {
    const before = analyseChasing(chasing);
    const [duplicate, overlap] = before.consolidation.overlaps!.suspected;
    expect(duplicate!.kind).toBe('duplicate');
    expect(overlap!.kind).toBe('overlap');
    const unitAmount = (a: typeof before, id: string) => a.consolidation.units.find((u) => u.id === id)!.amount;

    const after = analyseChasing(
      chasing,
      withDecisions([
        { pair: overlap!.pair, decision: 'same', keep: 'submissions/xa-hoa-binh.xlsx' },
        { pair: duplicate!.pair, decision: 'different', note: 'hai người cùng tên, khác nhà' },
      ]),
    );
    expect(after.issues.filter((i) => i.code === 'DUPLICATE_SUSPECTED' || i.code === 'OVERLAP_SUSPECTED')).toEqual([]);
    expect(after.consolidation.overlaps).toMatchObject({ suspected: [], suspectedAmount: 0, decided: { same: 1, different: 1 }, excludedAmount: 300_000, unusedDecisions: [] });
    expect(after.consolidation.overlaps!.excluded).toEqual([
      expect.objectContaining({ unitId: 'hoi-phu-nu', source: 'submissions/hoi-phu-nu.xlsx', sheet: 'Danh sách', row: 5, cell: 'B5', amount: 300_000, pair: overlap!.pair, keptIn: 'submissions/xa-hoa-binh.xlsx' }),
    ]);
    expect(unitAmount(after, 'hoi-phu-nu')).toBe(unitAmount(before, 'hoi-phu-nu') - 300_000);
    expect(unitAmount(after, 'xa-hoa-binh')).toBe(unitAmount(before, 'xa-hoa-binh'));
    expect(after.consolidation.totals.amount).toBe(before.consolidation.totals.amount - 300_000);
    expect(after.consolidation.totals.overlap).toEqual({ suspectedPairs: 0, suspectedAmount: 0, excludedRows: 1, excludedAmount: 300_000 });
    const excluded = after.issues.find((i) => i.code === 'DUPLICATE_EXCLUDED')!;
    expect(excluded.location).toMatchObject({ source: 'submissions/hoi-phu-nu.xlsx', cell: 'B5' });
    expect(issueMessage(excluded)).toContain('tệp submissions/xa-hoa-binh.xlsx');
  });

  it('"keep" chooses the counted side by source or unit id; a decision for no pair is reported, not applied', () => {
    const before = analyseChasing(chasing);
    const overlap = before.consolidation.overlaps!.suspected.find((p) => p.kind === 'overlap')!;
    const r = applyDecisions(before.consolidation.overlaps!.suspected, [{ pair: overlap.pair, decision: 'same', keep: 'hoi-phu-nu' }, { pair: 'tr-0000000000', decision: 'different' }], before.outcomes);
    expect(r.excluded.map((e) => e.unitId)).toEqual(['xa-hoa-binh']);
    expect(r.unused).toEqual(['tr-0000000000']);
    expect(r.issues.map((i) => i.code)).toContain('DECISION_UNUSED');
    const wrong = applyDecisions([overlap], [{ pair: overlap.pair, decision: 'same', keep: 'submissions/khac.xlsx' }], before.outcomes);
    expect(wrong.undecided).toHaveLength(1);
    expect(wrong.excluded).toEqual([]);
  });

  it('reads decisions.yaml next to the config (Vietnamese words allowed) on the next run', async () => {
    const pairs = analyseChasing(chasing).consolidation.overlaps!.suspected;
    const dir = path.join(work, 'campaign');
    cpSync(CHASING_DIR, dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'decisions.yaml'),
      [
        '# Quyết định về các cặp nghi trùng',
        'decisions:',
        `  - pair: ${pairs[1]!.pair}`,
        '    decision: trùng',
        '    keep: submissions/xa-hoa-binh.xlsx',
        '    by: Nguyễn Văn Hùng',
        '    date: 2023-10-11',
        `  - pair: ${pairs[0]!.pair}`,
        '    decision: khác',
        '',
      ].join('\n'),
    );
    const next = await readChasing(path.join(dir, 'campaign.yaml'));
    expect(next.config.decisions.map((d) => d.decision)).toEqual(['same', 'different']);
    const analysis = analyseChasing(next);
    expect(analysis.consolidation.overlaps).toMatchObject({ suspected: [], decided: { same: 1, different: 1 } });
  });

  it('a malformed decisions file is a configuration error naming the line', () => {
    expect(() => parseDecisions('decisions:\n  - pair: tr-12\n    decision: same\n', 'decisions.yaml')).toThrow(ConfigError);
    expect(() => parseDecisions('decisions:\n  - pair: tr-0123456789\n    decision: maybe\n', 'decisions.yaml')).toThrow(/decisions\.yaml:3/);
    expect(parseDecisions('', 'decisions.yaml')).toEqual([]);
    expect(parseDecisions('- pair: tr-0123456789\n  decision: different\n', 'd.yaml')).toEqual([{ pair: 'tr-0123456789', decision: 'different' }]);
  });
});

describe('outlying amounts', () => {
  it('the extra zero in the chasing campaign, at its amount cell', () => {
    const analysis = analyseChasing(chasing);
    const outliers = analysis.issues.filter((i) => i.code === 'AMOUNT_OUTLIER');
    expect(outliers.map((i) => ({ source: i.location.source, sheet: i.location.sheet, cell: i.location.cell, amount: i.params.amount }))).toEqual(chasingExpected().outliers);
    expect(outliers[0]!.severity).toBe('warning');
    expect(issueMessage(outliers[0]!)).toContain('gấp khoảng 100 lần mức giữa 300.000 đồng');
  });

  it('none in the demo’s clean lists (a resident’s 5.000.000 among 200.000s is generous, not a typo)', async () => {
    const demo = await analyseDemo();
    expect(demo.issues.filter((i) => i.code === 'AMOUNT_OUTLIER')).toEqual([]);
  });

  it('compares within unit and category, and only with enough rows', () => {
    const residents = Array.from({ length: 10 }, (_, i) => donation('xa-a', 'a.xlsx', 5 + i, `Người ${i} Văn A`, 200_000 + 50_000 * (i % 3)));
    const business = donation('xa-a', 'a.xlsx', 30, 'Công ty TNHH A', 50_000_000, undefined, 'business');
    expect(findOutliers([outcome('xa-a', 'a.xlsx', [...residents, business])])).toEqual([]);
    const typo = donation('xa-a', 'a.xlsx', 31, 'Lê Văn Tư', 20_000_000);
    expect(findOutliers([outcome('xa-a', 'a.xlsx', [...residents, typo])]).map((i) => i.location.cell)).toEqual(['D31']);
    expect(findOutliers([outcome('xa-a', 'a.xlsx', [...residents.slice(0, 6), typo])])).toEqual([]);
  });

  it('a campaign can lower the threshold to catch a single extra zero', () => {
    const residents = Array.from({ length: 10 }, (_, i) => donation('xa-a', 'a.xlsx', 5 + i, `Người ${i} Văn A`, 200_000 + 50_000 * (i % 3)));
    const extraZero = donation('xa-a', 'a.xlsx', 31, 'Lê Văn Tư', 2_500_000);
    const rows = [outcome('xa-a', 'a.xlsx', [...residents, extraZero])];
    expect(findOutliers(rows)).toEqual([]);
    expect(findOutliers(rows, { threshold: 2 }).map((i) => i.location.cell)).toEqual(['D31']);
  });
});

describe('one-day-wage participation', () => {
  it('participants / headcount from aggregate rows; more participants than staff is a warning at the cell', () => {
    const analysis = analyseChasing(chasing);
    const expected = chasingExpected().participation;
    expect(analysis.consolidation.participation).toMatchObject({ headcount: expected.headcount, participants: expected.participants });
    expect(analysis.consolidation.participation!.units).toEqual([
      { unitId: 'ldld-huyen', rows: 3, headcount: expected.headcount, participants: expected.participants, rate: expected.participants / expected.headcount },
    ]);
    const exceeds = analysis.issues.find((i) => i.code === 'PARTICIPANTS_EXCEED_HEADCOUNT')!;
    expect({ source: exceeds.location.source, cell: exceeds.location.cell }).toEqual(expected.exceeds);
  });

  it('the demo’s trade union reports its agencies’ one-day wage', async () => {
    const demo = await analyseDemo();
    const p = demo.consolidation.participation!;
    expect(p.units.map((u) => u.unitId)).toEqual(['ldld-huyen']);
    expect(p.units[0]!.rows).toBe(16);
    expect(p.rate).toBeGreaterThan(0.9);
    expect(p.rate).toBeLessThanOrEqual(1);
  });
});
