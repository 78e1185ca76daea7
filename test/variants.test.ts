import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVariants, runVariant, VARIANTS_MARKERS, variantsTableMarkdown, type VariantResult } from '../fixtures/tools/variants/run.js';

const variants = await loadVariants();
const results: VariantResult[] = [];

describe('lists nobody tuned for (issue 10): every row read right or reported, never silently wrong', () => {
  it('has several variants per class', () => {
    const perClass = new Map<string, number>();
    for (const v of variants) perClass.set(v.class, (perClass.get(v.class) ?? 0) + 1);
    expect(perClass.size).toBeGreaterThanOrEqual(7);
    // Every class has variants; the extraction classes (numbered) have several each.
    for (const [name, n] of perClass) expect(n, name).toBeGreaterThanOrEqual(/^\d/.test(name) ? 3 : 1);
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
  });

  for (const variant of variants) {
    it(`${variant.id}: ${variant.description}`, async () => {
      const result = await runVariant(variant);
      results.push(result);
      const silent = result.units.filter((u) => u.verdict === 'silent').map((u) => `${u.unitId}: expected ${u.expected.amount} đ / ${u.expected.rows} rows, read ${u.actual.amount} đ / ${u.actual.rows} rows`);
      expect(silent, 'units whose figures are wrong with nothing said').toEqual([]);
      expect(result.missingIssues, `issues raised: ${result.issues.map((i) => `${i.code}@${i.location.cell ?? ''}`).join(', ')}`).toEqual([]);
      expect(result.unwantedIssues.map((i) => `${i.code}@${i.location.sheet}!${i.location.cell ?? i.location.row}`)).toEqual([]);
    }, 30_000);
  }

  it('README holds the current precision/recall table (npm run variants:table -- --write)', () => {
    expect(results.length).toBe(variants.length);
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
    const [start, end] = VARIANTS_MARKERS;
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    expect(from, 'README lacks the variants-table markers').toBeGreaterThan(0);
    const order = new Map(variants.map((v, i) => [v.id, i]));
    results.sort((a, b) => order.get(a.variant.id)! - order.get(b.variant.id)!);
    expect(readme.slice(from + start.length, to).trim()).toBe(variantsTableMarkdown(results).trim());
  });
});
