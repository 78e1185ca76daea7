import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SummarySchema, type Summary } from '../src/model/summary.js';
import { buildSummary } from '../src/outputs/summary-json.js';
import { analyseDemo, demoExpected } from './helpers/demo.js';

type Demo = Awaited<ReturnType<typeof analyseDemo>>;
let demo: Demo;
beforeAll(async () => {
  demo = await analyseDemo();
});

const GOLDEN = path.join(import.meta.dirname, 'golden', 'an-lao-2023.summary.json');

/** The summary without what changes from run to run (ids, clock, file times). */
function stable(summary: Summary): unknown {
  const { run: _run, ...rest } = summary;
  return JSON.parse(JSON.stringify({ ...rest, sources: rest.sources.map(({ modifiedAt: _m, ...s }) => s) }));
}

describe('the demo campaign consolidates to the generator’s ground truth', () => {
  it('every unit: status, donors, amount, categories and money states', () => {
    const expected = demoExpected();
    for (const unit of demo.consolidation.units) {
      const e = expected.units[unit.id];
      expect(e, unit.id).toBeDefined();
      expect({ id: unit.id, status: unit.status, donors: unit.donors, amount: unit.amount }).toEqual({
        id: unit.id,
        status: e!.status,
        donors: e!.donors,
        amount: e!.amount,
      });
      for (const [category, figures] of Object.entries(e!.byCategory ?? {})) {
        expect(unit.byCategory[category as keyof typeof unit.byCategory], `${unit.id} ${category}`).toEqual(figures);
      }
    }
    expect(demo.consolidation.totals).toMatchObject({ amount: expected.total.amount, donors: expected.total.donors });
    expect(demo.consolidation.totals.units).toEqual({ expected: 23, reported: 20, missing: 2, failed: 1 });
  });

  it('every deliberate problem is reported at its exact place', () => {
    for (const problem of demoExpected().problems) {
      const codes = [problem.code, ...(problem.alsoAccept ?? [])];
      const found = demo.issues.find(
        (i) =>
          codes.includes(i.code) &&
          i.location.unitId === problem.unit &&
          (problem.file === null || i.location.source === problem.file) &&
          (problem.sheet === null || i.location.sheet === problem.sheet) &&
          (problem.cell === null || i.location.cell === problem.cell),
      );
      expect(found, `${problem.code} ${problem.file ?? problem.unit} ${problem.cell ?? ''}`).toBeDefined();
    }
  });

  it('no other errors or warnings: nothing in the clean files is flagged', () => {
    const expectedUnits = new Set(demoExpected().problems.map((p) => p.unit));
    const unexpected = demo.issues.filter((i) => i.severity !== 'info' && !expectedUnits.has(i.location.unitId ?? ''));
    expect(unexpected).toEqual([]);
  });

  it('the corrupt workbook is a failed source with a located issue, and the rest still counts', () => {
    const failed = demo.consolidation.sources.find((s) => s.path === 'submissions/xa-an-thang.xlsx');
    expect(failed).toMatchObject({ status: 'failed', failure: 'SOURCE_CORRUPT', records: 0, amount: 0 });
    expect(demo.consolidation.totals.amount).toBeGreaterThan(0);
  });

  it('every donor row is traceable to file, sheet, row and cell', () => {
    for (const d of demo.outcomes.flatMap((o) => o.donations)) {
      expect(d.provenance.source).toMatch(/^submissions\//);
      expect(d.provenance.row).toBeGreaterThan(0);
      expect(d.provenance.cells.amount).toMatch(/^[A-Z]+\d+$/);
      expect(d.provenance.cells.amount!.replace(/^[A-Z]+/, '')).toBe(String(d.provenance.row));
    }
  });

  it('summary.json matches the reviewed golden file and its schema', () => {
    const summary = buildSummary(demo.config, demo.consolidation, demo.issues, {
      id: 'golden',
      startedAt: '2023-10-05T00:00:00.000Z',
      finishedAt: '2023-10-05T00:00:00.000Z',
      tool: 'tonghop',
    }, '2023-10-05');
    expect(SummarySchema.safeParse(summary).success).toBe(true);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN, JSON.stringify(stable(summary), null, 2) + '\n');
    }
    expect(stable(summary)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });
});
