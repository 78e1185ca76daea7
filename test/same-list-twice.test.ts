/**
 * Issue 10, points 3 and 7 through the real pipeline: the same list twice is counted once with an
 * error naming both places; a unit whose files yield no donor row is not "reported".
 */
import { describe, expect, it } from 'vitest';
import { variants as sameList } from '../fixtures/tools/variants/same-list-twice.js';
import { variants as statusAndDates } from '../fixtures/tools/variants/status-and-dates.js';
import { mismatches, runVariant, withVariant } from '../fixtures/tools/variant-campaign.js';
import { issueMessage } from '../src/format/issue-messages.js';

const byId = (id: string) => [...sameList, ...statusAndDates].find((v) => v.id === id)!;

describe('the same list twice', () => {
  it.each(sameList.map((v) => [v.id, v] as const))('%s: counted once, said loudly', async (_, variant) => {
    const run = await runVariant(variant);
    try {
      expect(mismatches(variant, run)).toEqual([]);
      const district = Object.values(run.units).reduce((s, u) => s + u.amount, 0);
      const truth = Object.values(variant.expected.units).reduce((s, u) => s + u.amount, 0);
      expect(district).toBe(truth);
    } finally {
      run.cleanup();
    }
  });

  it('the error names both places, and the repeat leaves its unit unreported', async () => {
    const run = await runVariant(byId('same-list-twice/identical-copy-two-units'));
    try {
      const issue = run.analysis.issues.find((i) => i.code === 'LIST_REPEATED')!;
      expect(issue.severity).toBe('error');
      expect(issue.location).toMatchObject({ unitId: 'xa-b', source: 'submissions/xa-b.csv' });
      expect(issueMessage(issue)).toBe('Danh sách ở "submissions/xa-b.csv" là bản sao giống hệt từng byte với "submissions/xa-a.csv" của đơn vị "Xã A" (3 dòng, 1.000.000 đồng); chỉ tính một lần ở "submissions/xa-a.csv".');
      expect(run.units['xa-b']!.status).toBe('failed');
      expect(run.units['xa-a']!.status).toBe('reported');
    } finally {
      run.cleanup();
    }
  });

  it('a file matched by two units is read once, for the unit naming it literally', async () => {
    const run = await runVariant(byId('same-list-twice/glob-reaches-other-units'));
    try {
      expect(run.analysis.outcomes.map((o) => [o.unitId, o.path])).toEqual([['xa-a', 'submissions/xa-a.csv'], ['xa-b', 'submissions/xa-b.csv']]);
      const issue = run.analysis.issues.find((i) => i.code === 'SOURCE_CLAIMED_TWICE')!;
      expect(issueMessage(issue)).toContain('"Xã B"');
      expect(issueMessage(issue)).toContain('submissions/xa-*.csv');
    } finally {
      run.cleanup();
    }
  });

  it('one list with fewer than three rows repeated in two units is not taken for a copy', async () => {
    const variant = byId('same-list-twice/identical-copy-two-units');
    const small = { ...variant, files: variant.files.map((f, i) => ({ ...f, bytes: `Họ và tên,Số tiền\nTập thể cán bộ,5000000${i ? '\n' : ''}` })), expected: { units: {} } };
    const run = await runVariant(small);
    try {
      expect(run.codes).not.toContain('LIST_REPEATED');
      expect(run.units['xa-a']!.amount + run.units['xa-b']!.amount).toBe(10_000_000);
    } finally {
      run.cleanup();
    }
  });
});

describe('a unit’s status follows its data', () => {
  it.each(statusAndDates.map((v) => [v.id, v] as const))('%s', (_, variant) => withVariant(variant, (run) => expect(mismatches(variant, run)).toEqual([])));

  it('no donor rows: failed, not reported, and the error says which file and why', async () => {
    const run = await runVariant(byId('status/workbook-title-only'));
    try {
      expect(run.units['xa-a']).toMatchObject({ status: 'failed', amount: 0 });
      expect(run.units['xa-b']).toMatchObject({ status: 'reported', amount: 700_000 });
      expect(run.analysis.consolidation.completeness?.units.find((u) => u.unitId === 'xa-a')?.status).toBe('failed');
      const issue = run.analysis.issues.find((i) => i.code === 'UNIT_NO_ROWS')!;
      expect(issueMessage(issue)).toMatch(/^Đơn vị "Xã A" có tệp nhưng không đọc được dòng ủng hộ nào nên chưa tính là đã báo cáo: tệp "submissions\/xa-a.xlsx": .+\.$/);
      for (const id of ['status/csv-read-as-nothing', 'status/workbook-title-only']) {
        const other = await runVariant(byId(id));
        expect(other.units['xa-a']!.status, id).toBe('failed');
        expect(other.analysis.consolidation.completeness?.received, id).toBe(id.includes('csv') ? 0 : 1);
        other.cleanup();
      }
    } finally {
      run.cleanup();
    }
  });

  it('dates outside the period: counted, one warning per row at the date cell', async () => {
    const run = await runVariant(byId('dates/outside-period'));
    try {
      const issues = run.analysis.issues.filter((i) => i.code === 'DATE_OUTSIDE_PERIOD');
      expect(issues.map((i) => [i.location.row, i.location.cell])).toEqual([[3, 'D3'], [4, 'D4']]);
      expect(issueMessage(issues[0]!)).toBe('Ngày 15/7/2022 của "Trần Thị Bình" nằm ngoài thời gian vận động (01/8/2023 – 30/9/2023); khoản 300.000 đồng vẫn được cộng.');
    } finally {
      run.cleanup();
    }
  });
});
