/** README's reference tables, generated from the catalogues so the two never disagree (`npm run docs`). */
import { ERROR_CATALOGUE, ERROR_CODES } from '../errors/catalogue.js';
import { catalogue, ISSUE_CODES } from '../model/issue-catalogue.js';

export const README_MARKERS = ['<!-- issue-table:start -->', '<!-- issue-table:end -->'] as const;
export const ERROR_TABLE_MARKERS = ['<!-- error-table:start -->', '<!-- error-table:end -->'] as const;

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const SEVERITY = { error: 'lỗi (error)', warning: 'cảnh báo (warning)', info: 'thông tin (info)' } as const;

/** The README's table of issue codes, generated from the catalogue so the two never disagree. */
export function issueTableMarkdown(): string {
  const rows = ISSUE_CODES.map((code) => {
    const e = catalogue[code];
    return `| \`${code}\` | ${SEVERITY[e.severity]} | ${escape(e.title)} | ${escape(e.message)} | ${escape(e.hint)} |`;
  });
  return ['| code | severity | title | message | what to do |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** The README's table of operational errors (exit code 2), from src/errors/catalogue.ts. */
export function errorTableMarkdown(): string {
  const rows = ERROR_CODES.map((code) => {
    const e = ERROR_CATALOGUE[code];
    const hint: string | undefined = e.hint;
    return `| \`${code}\` | ${e.exit} | ${escape(e.title)} | ${escape(e.message)} | ${escape(hint ?? '')} |`;
  });
  return ['| code | exit | title | message | what to do |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}
