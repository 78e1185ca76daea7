import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE_MARKERS, errorTableMarkdown, issueTableMarkdown, README_MARKERS } from '../src/cli/reference-tables.js';
import { ERROR_CATALOGUE, ERROR_CODES } from '../src/errors/catalogue.js';
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

  it('the README table of operational errors equals the error catalogue', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const [start, end] = ERROR_TABLE_MARKERS;
    expect(readme.indexOf(start)).toBeGreaterThan(0);
    const table = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(table).toBe(errorTableMarkdown().trim());
  });

  it('every operational error has a Vietnamese title and message, and exit code 2', () => {
    for (const code of ERROR_CODES) {
      const entry = ERROR_CATALOGUE[code];
      expect(entry.title.length, code).toBeGreaterThan(5);
      expect(entry.message.length, code).toBeGreaterThan(4);
      expect(entry.exit, code).toBe(2);
    }
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
