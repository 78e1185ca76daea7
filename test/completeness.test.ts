/**
 * Who reported and when: the place-date line in a sheet, the priority of submission times, the
 * deadline rule, each unit's status, and the completeness table in summary.json and the report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assessCompleteness, stampSubmission, vietnamDay } from '../src/review/completeness.js';
import { findReportDate, parsePlaceDate } from '../src/review/report-date.js';
import type { SourceOutcome } from '../src/model/source.js';
import type { WorkbookGrid } from '../src/model/grid.js';
import { SummarySchema } from '../src/model/summary.js';
import { buildSummary } from '../src/outputs/summary-json.js';
import { buildReportView } from '../src/outputs/report/build-view.js';
import { renderReportHtml } from '../src/outputs/report/print.js';
import { analyseChasing, chasingExpected, readChasing, type Chasing } from './helpers/chasing.js';
import { analyseDemo, demoExpected } from './helpers/demo.js';

let chasing: Chasing;
beforeAll(async () => {
  chasing = await readChasing();
});

function grid(rows: (string | null)[][], name = 'Danh sách', hidden = false): WorkbookGrid {
  return {
    format: 'xlsx',
    date1904: false,
    sheets: [{ name, hidden, merges: [], rows: rows.map((r) => r.map((v) => (v === null ? null : { value: v }))) }],
  };
}

describe('the date written on the report', () => {
  it.each([
    ['An Lão, ngày 28 tháng 9 năm 2023', '2023-09-28'],
    ['Bát Trang, ngày 05 tháng 10 năm 2023.', '2023-10-05'],
    ['An Lao, ngay 28 thang 9 nam 2023', '2023-09-28'],
    ['Ngày 3 tháng 10 năm 2023', '2023-10-03'],
    ['Hòa Bình, ngày 04/10/2023', '2023-10-04'],
    ['An Lão, ngày 28 tháng 9 năm 2023'.normalize('NFD'), '2023-09-28'],
  ])('reads %j', (text, iso) => {
    expect(parsePlaceDate(text)).toBe(iso);
  });

  it.each([
    '(Thực hiện Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão)',
    'Thời gian: từ ngày 01 tháng 8 năm 2023 đến ngày 30 tháng 9 năm 2023',
    'An Lão, ngày     tháng     năm 2023',
    'An Lão, ngày 31 tháng 9 năm 2023',
    'Ngày nộp',
  ])('ignores %j', (text) => {
    expect(parsePlaceDate(text)).toBeUndefined();
  });

  it('takes the bottom line of the sheet, the latest across visible sheets, only the configured sheet when there is one', () => {
    const g = grid([['An Lão, ngày 01 tháng 9 năm 2023'], [null], [null, 'An Lão, ngày 28 tháng 9 năm 2023']]);
    expect(findReportDate(g)).toEqual({ date: '2023-09-28', sheet: 'Danh sách', cell: 'B3' });
    const two: WorkbookGrid = { ...g, sheets: [...g.sheets, { ...grid([['ngày 02 tháng 10 năm 2023']], 'Ẩn', true).sheets[0]!, hidden: true }] };
    expect(findReportDate(two)?.date).toBe('2023-09-28');
    expect(findReportDate(two, { sheet: 'Ẩn' })?.date).toBe('2023-10-02');
    expect(findReportDate(g, { notBefore: '2023-10-01' })).toBeUndefined();
  });
});

describe('when a source was submitted', () => {
  const config = () => chasing.config;
  const file = { unitId: 'xa-hoa-binh', spec: { type: 'file' as const, path: 'x.xlsx' } };

  it('config override > date written in the sheet > file or Drive time', () => {
    expect(stampSubmission(config(), file, { reportDate: '2023-10-03', modifiedAt: '2023-10-20T01:00:00Z' })).toEqual({ submittedAt: '2023-10-03', submittedVia: 'sheet' });
    expect(stampSubmission(config(), file, { modifiedAt: '2023-10-08T01:00:00Z' })).toEqual({ submittedAt: '2023-10-08T01:00:00Z', submittedVia: 'file' });
    const google = { unitId: 'xa-hoa-binh', spec: { type: 'google' as const, path: 'https://docs.google.com/spreadsheets/d/x', spreadsheet: 'x' } };
    expect(stampSubmission(config(), google, { modifiedAt: '2023-10-08T01:00:00Z' })?.submittedVia).toBe('drive');
    // A file time after the report's date (10/10/2023) is a copy or a later save, not a submission: unknown.
    expect(stampSubmission(config(), file, { modifiedAt: '2023-10-20T01:00:00Z' })).toEqual({});
    const perSource = { unitId: 'xa-hoa-binh', spec: { type: 'file' as const, path: 'x.xlsx', submittedAt: '2023-10-01' } };
    expect(stampSubmission(config(), perSource, { reportDate: '2023-10-03' })).toEqual({ submittedAt: '2023-10-01', submittedVia: 'config' });
    // xa-tan-phu has units[].submittedAt in the config.
    expect(stampSubmission(config(), { ...file, unitId: 'xa-tan-phu' }, { reportDate: '2023-10-03' })).toEqual({ submittedAt: '2023-10-07', submittedVia: 'config' });
    // A date older than the plan is a template left over from another campaign.
    expect(stampSubmission(config(), file, { reportDate: '2022-09-28', modifiedAt: '2023-10-04T01:00:00Z' }).submittedVia).toBe('file');
  });

  it('file times count in Vietnam time', () => {
    expect(vietnamDay('2023-10-05T16:59:00Z')).toBe('2023-10-05');
    expect(vietnamDay('2023-10-05T17:00:00Z')).toBe('2023-10-06');
    expect(vietnamDay('2023-10-05')).toBe('2023-10-05');
  });
});

describe('every configured unit gets a status', () => {
  it('on time, late (with days), missing, failed: as the chasing generator wrote them', () => {
    const analysis = analyseChasing(chasing);
    const c = analysis.consolidation.completeness!;
    const expected = chasingExpected();
    for (const u of c.units) {
      const e = expected.submissions[u.unitId]!;
      expect({ id: u.unitId, status: u.status, submittedAt: u.submittedAt, via: u.submittedVia, daysLate: u.daysLate }).toEqual({
        id: u.unitId,
        status: e.status,
        submittedAt: e.submittedAt,
        via: e.via,
        daysLate: e.daysLate,
      });
    }
    expect(c).toMatchObject({ ...expected.table, deadline: '2023-10-05', deadlineInclusive: true, lastOnTimeDay: '2023-10-05' });
    expect(c.receivedRatio).toBeCloseTo(5 / 7);
    const late = analysis.issues.filter((i) => i.code === 'UNIT_LATE');
    expect(late.map((i) => [i.location.unitId, i.params.days, i.params.via])).toEqual([
      ['xa-an-binh', 4, 'ngày ghi trong báo cáo'],
      ['xa-tan-phu', 2, 'cấu hình'],
    ]);
  });

  it('"trước ngày 05/10" read as exclusive makes a report of 05/10 one day late', () => {
    const analysis = analyseChasing(chasing, (config) => ({ ...config, campaign: { ...config.campaign, deadlineInclusive: false } }));
    const c = analysis.consolidation.completeness!;
    expect(c.lastOnTimeDay).toBe('2023-10-04');
    expect(c.units.find((u) => u.unitId === 'hoi-phu-nu')).toMatchObject({ status: 'late', daysLate: 1 });
    expect(c.units.find((u) => u.unitId === 'xa-an-binh')).toMatchObject({ status: 'late', daysLate: 5 });
  });

  it('a stale source (last good data) and a source with no known time', () => {
    const base: SourceOutcome = { path: 'a.xlsx', unitId: 'xa-hoa-binh', status: 'ok', sheets: [], donations: [] };
    const { completeness } = assessCompleteness(chasing.config, [
      { ...base, stale: true, submittedAt: '2023-09-30', submittedVia: 'sheet' },
      { ...base, path: 'b.xlsx', unitId: 'xa-an-binh' },
      { ...base, path: 'c.xlsx', unitId: 'xa-tan-phu', submittedAt: '2023-10-05T18:00:00Z', submittedVia: 'file' },
    ]);
    const status = Object.fromEntries(completeness.units.map((u) => [u.unitId, u.status]));
    expect(status).toMatchObject({ 'xa-hoa-binh': 'stale', 'xa-an-binh': 'undated', 'xa-tan-phu': 'late', 'huyen-doan': 'missing' });
    expect(completeness).toMatchObject({ received: 3, stale: 1, undated: 1, late: 1, missing: 4 });
  });

  it('the demo: the statuses the demo generator wrote (two late units, deadline-day report on time)', async () => {
    const demo = await analyseDemo();
    const expected = demoExpected() as unknown as { units: Record<string, { submission: Record<string, unknown> }> };
    for (const u of demo.consolidation.completeness!.units) {
      const e = expected.units[u.unitId]!.submission;
      expect({ status: u.status, submittedAt: u.submittedAt, via: u.submittedVia, daysLate: u.daysLate }, u.unitId).toEqual({
        status: e.status,
        submittedAt: e.submittedAt,
        via: e.via,
        daysLate: e.daysLate,
      });
    }
    expect(demo.consolidation.completeness).toMatchObject({ expected: 23, received: 20, onTime: 18, late: 2, missing: 2, failed: 1 });
  });
});

describe('the completeness table is published', () => {
  it('in summary.json (schema-valid), with each source saying where its time came from', () => {
    const analysis = analyseChasing(chasing);
    const summary = buildSummary(chasing.config, analysis.consolidation, analysis.issues, { id: 't', startedAt: '', finishedAt: '', tool: 't' }, '2023-10-10');
    expect(SummarySchema.safeParse(summary).success).toBe(true);
    expect(summary.completeness).toMatchObject({ expected: 7, received: 5, late: 2 });
    expect(summary.sources.find((s) => s.unitId === 'xa-an-binh')).toMatchObject({
      submittedAt: '2023-10-09',
      submittedVia: 'sheet',
      reportDate: '2023-10-09',
      reportDateCell: 'Danh sách!D11',
    });
    expect(summary.participation).toMatchObject({ headcount: 72, participants: 75 });
  });

  it('in the report: a table in section II and the late units with how late and where the time came from', () => {
    const analysis = analyseChasing(chasing);
    const view = buildReportView(chasing.config, analysis.consolidation, { reportDate: '2023-10-10', narrative: { direction: [], assessment: [], recommendations: [] }, generatedNote: '' });
    expect(view.submissions).toMatchObject({ expected: '7', received: '5', onTime: '3', late: '2', missing: '1', failed: '1', percent: '71,4%' });
    expect(view.submissions!.notes).toEqual([
      'Hạn gửi báo cáo: trước ngày 05/10/2023 (báo cáo gửi trong ngày 05/10/2023 vẫn tính là đúng hạn).',
      'Đơn vị gửi chậm: Xã An Bình (chậm 4 ngày, gửi ngày 09/10/2023, nguồn thời điểm: ngày ghi trong báo cáo); ' +
        'Xã Tân Phú (chậm 2 ngày, gửi ngày 07/10/2023, nguồn thời điểm: cấu hình).',
    ]);
    const html = renderReportHtml(view);
    expect(html).toContain('Tình hình gửi báo cáo');
    expect(html).toContain('Số đơn vị phải báo cáo');
    expect(html).toContain('Xã An Bình (chậm 4 ngày');
  });
});
