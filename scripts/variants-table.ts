/**
 * Prints the per-class table of layout variants (fixtures/tools/variants): rows read right, rows
 * reported, rows silently wrong. `--write` puts it into README.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVariants, runVariant, VARIANTS_MARKERS, variantsTableMarkdown } from '../fixtures/tools/variants/run.js';

const results = [];
for (const variant of await loadVariants()) results.push(await runVariant(variant));
const table = variantsTableMarkdown(results);
for (const r of results) {
  for (const u of r.units.filter((x) => x.verdict !== 'right')) {
    console.error(`${r.variant.id} ${u.unitId}: ${u.verdict}, expected ${u.expected.amount}/${u.expected.rows}, got ${u.actual.amount}/${u.actual.rows}`);
  }
}
if (process.argv.includes('--write')) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const [start, end] = VARIANTS_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
  writeFileSync(readmePath, readme.slice(0, from + start.length) + '\n' + table + readme.slice(to));
  console.log('README.md variants table updated');
} else {
  process.stdout.write(table);
}
