import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueTableMarkdown, README_MARKERS } from '../src/format/issue-table.js';
import { summaryJsonSchema } from '../src/model/summary.js';
import { catalogue, ISSUE_CODES } from '../src/model/issue-catalogue.js';

const root = path.resolve(import.meta.dirname, '..');

describe('generated documentation is up to date (run `npm run docs`)', () => {
  it('the README issue table equals the catalogue', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const [start, end] = README_MARKERS;
    const table = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(table).toBe(issueTableMarkdown().trim());
  });

  it('the committed summary JSON Schema equals the zod schema', () => {
    const committed = JSON.parse(readFileSync(path.join(root, 'schema', 'summary.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(summaryJsonSchema())));
  });

  it('every catalogue entry has a Vietnamese title, message and hint', () => {
    for (const code of ISSUE_CODES) {
      const entry = catalogue[code];
      expect(entry.title.length, code).toBeGreaterThan(5);
      expect(entry.message.length, code).toBeGreaterThan(10);
      expect(entry.hint.length, code).toBeGreaterThan(5);
    }
  });
});
