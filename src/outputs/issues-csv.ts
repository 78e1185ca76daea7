import type { Issue } from '../model/issue.js';
import { issueHint, issueMessage, SEVERITY_LABELS } from '../format/issue-messages.js';

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  // Cells starting with = + - @ would run as formulas in Excel: prefix them (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** issues.csv: one located issue per line, UTF-8 with BOM so Excel shows Vietnamese correctly. */
export function issuesCsv(issues: Issue[], unitNames: Map<string, string>): string {
  const header = ['Mức độ', 'Mã', 'Đơn vị', 'Tệp', 'Trang tính', 'Dòng', 'Ô', 'Nội dung', 'Cách khắc phục'];
  const lines = [header.map(csvField).join(',')];
  for (const issue of issues) {
    const l = issue.location;
    lines.push(
      [
        SEVERITY_LABELS[issue.severity],
        issue.code,
        l.unitId ? (unitNames.get(l.unitId) ?? l.unitId) : '',
        l.source,
        l.sheet,
        l.row,
        l.cell,
        issueMessage(issue),
        issueHint(issue),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
