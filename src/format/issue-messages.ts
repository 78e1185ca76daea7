import { catalogue } from '../model/issue-catalogue.js';
import type { Issue, IssueParams, Location, Severity } from '../model/issue.js';
import { formatMoney } from './number.js';
import { fillTemplate } from './template.js';
import { normalizeText } from './text.js';

/** The one place where issue messages are worded (Vietnamese). */

const MONEY_PARAMS = new Set(['amount', 'stated', 'computed', 'difference', 'reported', 'received']);

function fill(template: string, params: IssueParams): string {
  // Sheet and file names and cell text come from users: no control or bidi character reaches a reader.
  return fillTemplate(template, params, (key, value) =>
    typeof value === 'number' ? (MONEY_PARAMS.has(key) ? formatMoney(value) : String(value)) : normalizeText(value),
  );
}

export function issueMessage(issue: Issue): string {
  return fill(catalogue[issue.code].message, issue.params);
}

/** The message as a letter to the submitting unit words it (see CatalogueEntry.letter). */
export function issueLetterMessage(issue: Issue): string {
  const entry = catalogue[issue.code];
  return fill(entry.letter ?? entry.message, issue.params);
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
function locationText(location: Location): string {
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

/** Problems of one unit with one code, as the console and run.log show them. */
type IssueGroup = { unitId: string | undefined; code: Issue['code']; severity: Severity; issues: Issue[] };

/** Groups by unit and code, in the issues' own order (they come sorted by unit). */
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const issue of issues) {
    const key = `${issue.location.unitId ?? ''}\u0000${issue.code}`;
    const group = groups.get(key);
    if (group) {
      group.issues.push(issue);
      if (issue.severity === 'error') group.severity = 'error';
    } else groups.set(key, { unitId: issue.location.unitId, code: issue.code, severity: issue.severity, issues: [issue] });
  }
  return [...groups.values()];
}

/** "ô D10" or "dòng 12" or "" — the shortest way to point at one problem inside its file. */
function spot(location: Location): string {
  if (location.cell) return location.sheet ? `${location.cell}` : location.cell;
  return location.row ? `dòng ${location.row}` : '';
}

/**
 * Lines for a group: one problem is shown whole; several are counted, with the file, the first
 * `firstCells` cells and the first message as an example. The hint follows, so the reader knows what to do.
 */
export function issueGroupLines(group: IssueGroup, unitName: string | undefined, firstCells = 5): string[] {
  const first = group.issues[0]!;
  const hint = `    Cách xử lý: ${catalogue[group.code].hint}`;
  if (group.issues.length === 1) return [issueLine(first), hint];
  const who = unitName ?? group.unitId ?? 'chung';
  const files = [...new Set(group.issues.map((i) => i.location.source).filter((s): s is string => Boolean(s)))];
  const spots = group.issues.map((i) => spot(i.location)).filter(Boolean);
  const shown = spots.slice(0, firstCells).join(', ');
  const more = spots.length > firstCells ? ` và ${spots.length - firstCells} chỗ khác` : '';
  const where = [files.length === 1 ? `tệp ${files[0]}` : files.length > 1 ? `${files.length} tệp` : '', shown ? `ô/dòng ${shown}${more}` : ''].filter(Boolean).join(', ');
  return [
    `${SEVERITY_LABELS[group.severity]} [${group.code}] ${who}: ${group.issues.length} chỗ — ${catalogue[group.code].title}${where ? ` (${where})` : ''}.`,
    `    Ví dụ: ${issueMessage(first)}`,
    hint,
  ];
}
