/**
 * Regenerates the generated parts of the docs: the README's issue-code table (from the issue
 * catalogue) and schema/summary.schema.json (from the zod schema). `npm run docs`.
 * test/docs.test.ts fails when they are out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_TABLE_MARKERS, errorTableMarkdown, issueTableMarkdown, README_MARKERS } from '../src/cli/reference-tables.js';
import { summaryJsonSchema } from '../src/model/summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
/** Replaces what stands between a pair of markers. */
function fill(text: string, [start, end]: readonly [string, string], table: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
  return text.slice(0, from + start.length) + '\n' + table + text.slice(to);
}
let readme = readFileSync(readmePath, 'utf8');
readme = fill(readme, README_MARKERS, issueTableMarkdown());
readme = fill(readme, ERROR_TABLE_MARKERS, errorTableMarkdown());
writeFileSync(readmePath, readme);
writeFileSync(path.join(root, 'schema', 'summary.schema.json'), JSON.stringify(summaryJsonSchema(), null, 2) + '\n');
console.log('README.md issue and error tables and schema/summary.schema.json updated');
