import { catalogue } from '../model/issue-catalogue.js';
import type { Issue, IssueParams, Location, Severity } from '../model/issue.js';
import { formatMoney } from './number.js';
import { normalizeText } from './text.js';

/** The one place where issue messages are worded (Vietnamese). */

const MONEY_PARAMS = new Set(['amount', 'stated', 'computed', 'difference']);

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) return `{${key}}`;
    if (typeof value === 'number') return MONEY_PARAMS.has(key) ? formatMoney(value) : String(value);
    // Sheet and file names and cell text come from users: no control or bidi character reaches a reader.
    return normalizeText(value);
  });
}

export function issueMessage(issue: Issue): string {
  return fill(catalogue[issue.code].message, issue.params);
}

export function issueHint(issue: Issue): string {
  return catalogue[issue.code].hint;
}

export function issueTitle(issue: Issue): string {
  return catalogue[issue.code].title;
}

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'Lỗi',
  warning: 'Cảnh báo',
  info: 'Thông tin',
};

/** "tệp x.xlsx, trang "Sheet1", ô F12" */
export function locationText(location: Location): string {
  const parts: string[] = [];
  if (location.source) parts.push(`tệp ${location.source}`);
  if (location.sheet) parts.push(`trang "${location.sheet}"`);
  if (location.cell) parts.push(`ô ${location.cell}`);
  else if (location.row) parts.push(`dòng ${location.row}`);
  return parts.join(', ');
}

/** One line for consoles and logs: "Lỗi [AMOUNT_INVALID] tệp x.xlsx, trang "A", ô F12: …". */
export function issueLine(issue: Issue): string {
  const where = locationText(issue.location);
  return `${SEVERITY_LABELS[issue.severity]} [${issue.code}] ${where ? `${where}: ` : ''}${issueMessage(issue)}`;
}
