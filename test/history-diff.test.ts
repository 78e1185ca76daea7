import { describe, expect, it } from 'vitest';
import { diffSummaries, type ComparableSummary } from '../src/nightly/diff.js';
import { isUnchanged } from '../src/model/changes-checks.js';
import { changeLines } from '../src/outputs/changes-text.js';

type Unit = ComparableSummary['units'][number];
type Source = ComparableSummary['sources'][number];

const unit = (id: string, over: Partial<Unit> = {}): Unit =>
  ({ id, name: `Xã ${id}`, kind: 'commune', group: 'Các xã', status: 'reported', amount: 1000, donors: 2, byCategory: {}, byStatus: {}, sources: [], errors: 0, warnings: 0, ...over }) as Unit;
const source = (path: string, over: Partial<Source> = {}): Source => ({ path, unitId: path.split('.')[0]!, status: 'ok', records: 2, amount: 1000, sha256: `sha-${path}`, sheets: [], ...over });

function summary(id: string, units: Unit[], sources: Source[], issues: ComparableSummary['issues'] = [], completeness?: Record<string, string>): ComparableSummary {
  const amount = units.reduce((a, u) => a + u.amount, 0);
  return {
    run: { id, startedAt: `${id}T00:00:00Z`, finishedAt: `${id}T00:00:01Z`, tool: 't' },
    totals: { amount, donors: units.reduce((a, u) => a + u.donors, 0), byCategory: {}, byStatus: {}, units: { expected: units.length, reported: units.filter((u) => u.status === 'reported').length, missing: 0, failed: 0 } },
    units,
    sources,
    issues,
    ...(completeness
      ? { completeness: { units: Object.entries(completeness).map(([unitId, status]) => ({ unitId, status, sources: [] })) } as unknown as ComparableSummary['completeness'] }
      : {}),
  } as ComparableSummary;
}

const issue = (code: string, src: string, cell: string, message = 'm') => ({ code, severity: 'error', message, hint: '', unitId: src.split('.')[0]!, source: src, sheet: 'S', cell }) as ComparableSummary['issues'][number];

describe('what changed between two runs', () => {
  it('the first run has nothing to compare with', () => {
    const c = diffSummaries(undefined, summary('2023-10-02', [unit('a')], [source('a.xlsx')]));
    expect(c).toMatchObject({ previousRunId: null, sources: [], units: [], statuses: [] });
    expect(changeLines(c)).toEqual(['Lần chạy đầu tiên: chưa có lần chạy trước để so sánh.']);
  });

  it('finds added, updated and removed files, amount changes, and new and resolved issues by code and place', () => {
    const before = summary('2023-10-02', [unit('a'), unit('b'), unit('c')], [source('a.xlsx'), source('b.xlsx'), source('c.xlsx')], [
      issue('AMOUNT_INVALID', 'a.xlsx', 'E5'),
      issue('TOTAL_MISMATCH', 'b.xlsx', 'E20', 'ghi 100 nhưng cộng được 90'),
    ]);
    const after = summary('2023-10-03', [unit('a', { amount: 3000, donors: 3 }), unit('b'), unit('c', { status: 'missing', amount: 0, donors: 0 }), unit('d')], [
      source('a.xlsx', { sha256: 'new', amount: 3000, records: 3 }),
      source('b.xlsx'),
      source('d.xlsx'),
    ], [issue('TOTAL_MISMATCH', 'b.xlsx', 'E20', 'ghi 100 nhưng cộng được 95'), issue('AMOUNT_MISSING', 'a.xlsx', 'E9')]);
    const c = diffSummaries(before, after);
    expect(c.sources.map((s) => [s.path, s.change])).toEqual([['a.xlsx', 'updated'], ['d.xlsx', 'added'], ['c.xlsx', 'removed']]);
    expect(c.units.map((u) => [u.unitId, u.amount.difference, u.donors.difference])).toEqual([['a', 2000, 1], ['c', -1000, -2], ['d', 1000, 2]]);
    expect(c.statuses).toEqual([expect.objectContaining({ unitId: 'c', field: 'status', from: 'reported', to: 'missing', kind: 'newly-missing' })]);
    // Same code and cell with a different message is the same problem, still there.
    expect(c.issues.new.map((i) => i.code)).toEqual(['AMOUNT_MISSING']);
    expect(c.issues.resolved.map((i) => i.code)).toEqual(['AMOUNT_INVALID']);
    expect(c.totals.amount).toEqual({ before: 3000, after: 5000, difference: 2000 });
    expect(changeLines(c)).toContain('Trạng thái: Xã c đã báo cáo → chưa báo cáo.');
  });

  it('reports a unit that became late from the completeness status, once', () => {
    const before = summary('2023-10-05', [unit('a'), unit('b')], [], [], { a: 'on-time', b: 'missing' });
    const after = summary('2023-10-06', [unit('a'), unit('b')], [], [], { a: 'late', b: 'late' });
    const c = diffSummaries(before, after);
    expect(c.statuses).toEqual([
      expect.objectContaining({ unitId: 'a', field: 'submission', from: 'on-time', to: 'late', kind: 'newly-late' }),
      expect.objectContaining({ unitId: 'b', field: 'submission', from: 'missing', to: 'late', kind: 'newly-late' }),
    ]);
    expect(isUnchanged(c)).toBe(false);
  });

  it('nothing changed is said in one line', () => {
    const s = summary('2023-10-05', [unit('a')], [source('a.xlsx')]);
    const c = diffSummaries(s, { ...s, run: { ...s.run, id: 'later' } });
    expect(isUnchanged(c)).toBe(true);
    expect(changeLines(c)).toEqual(['Không có gì thay đổi so với lần chạy 2023-10-05.']);
  });
});
