/**
 * Regenerates the generated parts of the docs: the README's issue-code table (from the issue
 * catalogue) and schema/summary.schema.json (from the zod schema). `npm run docs`.
 * test/docs.test.ts fails when they are out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueTableMarkdown, README_MARKERS } from '../src/format/issue-table.js';
import { summaryJsonSchema } from '../src/model/summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const [start, end] = README_MARKERS;
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
writeFileSync(readmePath, readme.slice(0, from + start.length) + '\n' + issueTableMarkdown() + readme.slice(to));
writeFileSync(path.join(root, 'schema', 'summary.schema.json'), JSON.stringify(summaryJsonSchema(), null, 2) + '\n');
console.log('README.md issue table and schema/summary.schema.json updated');
