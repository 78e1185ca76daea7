/**
 * A terminal that guides: problems grouped by unit and code with a count, the first cells, an
 * example and what to do; `--verbose` lists every one; a single problem is shown whole with its hint.
 */
import { describe, expect, it } from 'vitest';
import { makeIssue, type Issue } from '../src/model/issue.js';
import { catalogue } from '../src/model/issue-catalogue.js';
import { groupIssues, issueGroupLines } from '../src/format/issue-messages.js';
import { logIssues, RunReporter } from '../src/run/run-log.js';

const outlier = (row: number): Issue =>
  makeIssue('AMOUNT_OUTLIER', { unitId: 'xa-a', source: 'submissions/xa-a.xlsx', sheet: 'Danh sách', row, cell: `E${row}` }, { amount: 50_000_000, name: `Người ${row}`, category: 'Nhân dân', ratio: 100, median: 500_000 });

describe('issues on the console', () => {
  const issues = [...[5, 9, 12, 20, 31, 40, 41].map(outlier), makeIssue('UNIT_MISSING', { unitId: 'xa-b' }, { unit: 'Xã B' })];

  it('groups by unit and code, keeping their order', () => {
    expect(groupIssues(issues).map((g) => `${g.unitId} ${g.code} ${g.issues.length}`)).toEqual(['xa-a AMOUNT_OUTLIER 7', 'xa-b UNIT_MISSING 1']);
  });

  it('a group: count, file, first five cells and how many more, an example, the hint', () => {
    const [group] = groupIssues(issues);
    const lines = issueGroupLines(group!, 'Xã A');
    expect(lines[0]).toBe(
      `Cảnh báo [AMOUNT_OUTLIER] Xã A: 7 chỗ — ${catalogue.AMOUNT_OUTLIER.title} (tệp submissions/xa-a.xlsx, ô/dòng E5, E9, E12, E20, E31 và 2 chỗ khác).`,
    );
    expect(lines[1]).toMatch(/^ {4}Ví dụ: .*Người 5/);
    expect(lines[2]).toBe(`    Cách xử lý: ${catalogue.AMOUNT_OUTLIER.hint}`);
  });

  it('run.log has one entry per group, the full list only with verbose', () => {
    const quiet = new RunReporter({});
    logIssues(quiet, issues, { unitNames: new Map([['xa-a', 'Xã A']]) });
    expect(quiet.entries.filter((e) => e.data?.['code'])).toHaveLength(2);
    expect(quiet.entries[0]!.data).toMatchObject({ code: 'AMOUNT_OUTLIER', count: 7, cell: 'E5' });
    expect(quiet.text('text')).toContain('issues.csv');

    const verbose = new RunReporter({});
    logIssues(verbose, issues, { verbose: true });
    expect(verbose.entries.filter((e) => e.data?.['code'] === 'AMOUNT_OUTLIER')).toHaveLength(8);
    expect(verbose.text('text')).toContain('ô E41');
  });
});
