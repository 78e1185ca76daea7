import { catalogue, ISSUE_CODES } from '../model/issue-catalogue.js';

export const README_MARKERS = ['<!-- issue-table:start -->', '<!-- issue-table:end -->'] as const;

const SEVERITY = { error: 'lỗi (error)', warning: 'cảnh báo (warning)', info: 'thông tin (info)' } as const;

/** The README's table of issue codes, generated from the catalogue so the two never disagree. */
export function issueTableMarkdown(): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const rows = ISSUE_CODES.map((code) => {
    const e = catalogue[code];
    return `| \`${code}\` | ${SEVERITY[e.severity]} | ${escape(e.title)} | ${escape(e.message)} | ${escape(e.hint)} |`;
  });
  return ['| code | severity | title | message | what to do |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}
