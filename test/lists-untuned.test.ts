import { describe, expect, it } from 'vitest';
import { loadVariants, runVariant } from '../fixtures/tools/variants/run.js';
import type { Variant } from '../fixtures/tools/variants/types.js';
import { issueHint, issueMessage } from '../src/format/issue-messages.js';
import { buildReportView } from '../src/outputs/report/build-view.js';

const variants = await loadVariants();
const byId = (id: string): Variant => variants.find((v) => v.id === id)!;
const run = (id: string, configExtra?: string) => runVariant(configExtra ? { ...byId(id), configExtra } : byId(id));

describe('unknown headers say what was seen and the exact alias that reads them', () => {
  it('COLUMN_MISSING lists the headers and an alias judged from the cells under them; that alias reads the list', async () => {
    const plain = await run('unknown-headers/name-and-amount-unknown');
    const missing = plain.issues.filter((i) => i.code === 'COLUMN_MISSING');
    expect(missing.map((i) => i.params.column)).toEqual(['Họ và tên', 'Số tiền']);
    const message = issueMessage(missing[0]!);
    expect(message).toContain('A: "TT", B: "Người đóng góp", C: "Chi hội", D: "Mức đóng góp"');
    expect(message).toContain('columns: { name: ["Người đóng góp"], amount: ["Mức đóng góp"] }');
    // The unit is asked to rename its columns, not told that nothing needs doing.
    expect(issueHint(missing[0]!)).toContain('Họ và tên');
    expect(issueHint(missing[0]!)).not.toMatch(/Không cần/);

    const fixed = await run('unknown-headers/name-and-amount-unknown', 'columns:\n  name: ["Người đóng góp"]\n  amount: ["Mức đóng góp"]');
    expect(fixed.units[0]).toMatchObject({ verdict: 'right', actual: { amount: 250_000, rows: 2 } });
  });

  it('a sheet with no known header word at all is an error naming its labels and the alias', async () => {
    const plain = await run('unknown-headers/nothing-known');
    const unknown = plain.issues.find((i) => i.code === 'HEADER_UNKNOWN')!;
    expect(unknown).toMatchObject({ severity: 'error', location: { sheet: 'DS', row: 1 } });
    expect(issueMessage(unknown)).toContain('columns: { name: ["Hộ gia đình"], amount: ["Tiền góp"] }');
    const fixed = await run('unknown-headers/nothing-known', 'columns:\n  name: ["Hộ gia đình"]\n  amount: ["Tiền góp"]');
    expect(fixed.units[0]!.verdict).toBe('right');
  });
});

describe('amounts in thousands with nothing saying so', () => {
  it('are counted as written with a warning naming the likely unit, at the money header', async () => {
    const result = await run('unit-of-measure/undeclared-thousands');
    const suspect = result.issues.find((i) => i.code === 'AMOUNT_UNIT_SUSPECT')!;
    expect(suspect).toMatchObject({ severity: 'warning', location: { sheet: 'DS', cell: 'D1' } });
    expect(issueMessage(suspect)).toContain('4/4 khoản ủng hộ dưới 10.000 đồng');
    expect(issueMessage(suspect)).toContain('nghìn đồng');
    expect(result.units[0]!.actual.amount).toBe(2_500);
  });
});

describe('money whose status no list states', () => {
  it('is "chưa rõ" in the report, which asks for the status and never to remit it', async () => {
    const result = await run('no-status/plain-list');
    expect(result.consolidation.totals.byStatus).toMatchObject({ unstated: 500_000, collected: 0, pledged: 0 });
    const view = buildReportView(result.config, result.consolidation, {
      reportDate: '2025-10-05',
      narrative: { direction: [], assessment: [], recommendations: [] },
      generatedNote: '',
    });
    expect(view.statusRows.map((r) => r.label)).toContain('Chưa rõ (danh sách không ghi tình trạng)');
    expect(view.recommendations.join(' ')).not.toMatch(/khẩn trương nộp/);
    expect(view.recommendations.join(' ')).toContain('ghi rõ tình trạng');
    expect(view.assessment.join(' ')).toContain('500.000 đồng chưa rõ đã nộp về tài khoản hay chưa');
  });
});

describe('summary sheets', () => {
  it('a summary disagreeing with its detail sheets is a warning at its total cell', async () => {
    const result = await run('aggregate/summary-disagrees-with-details');
    const mismatch = result.issues.find((i) => i.code === 'SUMMARY_MISMATCH')!;
    expect(mismatch).toMatchObject({ severity: 'warning', location: { sheet: 'TH', cell: 'D5' }, params: { stated: 1_700_000, computed: 800_000 } });
    expect(issueMessage(mismatch)).toContain('"Thôn 1", "Thôn 2"');
  });
});
