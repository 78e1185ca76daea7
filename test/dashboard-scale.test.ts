/**
 * The dashboard stays light with 10,000 problems: the first few per file, a count of the rest and a
 * link to issues.csv; summary.json keeps every one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_ISSUES_PER_SOURCE, renderDashboard } from '../src/outputs/dashboard.js';
import type { Summary } from '../src/model/summary.js';

const GOLDEN = path.resolve(import.meta.dirname, 'golden', 'an-lao-2023.summary.json');

describe('dashboard with 10,000 problems', () => {
  it('lists the first per file, counts the rest, and weighs well under a megabyte', () => {
    const summary = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Summary;
    const source = summary.sources[0]!;
    const template = summary.issues.find((i) => i.source === source.path) ?? summary.issues[0]!;
    const many = Array.from({ length: 10_000 }, (_, k) => ({ ...template, source: source.path, unitId: source.unitId, row: k + 10, cell: `E${k + 10}` }));
    const run = { id: '20231005-080000', startedAt: '2023-10-05T01:00:00.000Z', finishedAt: '2023-10-05T01:01:00.000Z', tool: 'tonghop' };
    const big = { ...summary, run: summary.run ?? run, issues: [...summary.issues, ...many] } as Summary;
    const html = renderDashboard(big, { top: [], feedback: new Map() });
    const shown = many.filter((i) => html.includes(`ô ${i.cell}<`) || html.includes(`ô ${i.cell},`)).length;
    expect(shown).toBeLessThanOrEqual(DASHBOARD_ISSUES_PER_SOURCE);
    expect(html).toMatch(/… và \d+ vấn đề khác trong tệp này/);
    expect(html.length).toBeLessThan(1024 * 1024);
  });
});
