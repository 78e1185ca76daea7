import { csvDocument, type CsvValue } from '../format/csv.js';
import type { Issue } from '../model/issue.js';
import { issueHint, issueMessage, SEVERITY_LABELS } from '../format/issue-messages.js';

/** issues.csv: one located issue per line, UTF-8 with BOM so Excel shows Vietnamese correctly. */
export function issuesCsv(issues: Issue[], unitNames: Map<string, string>): string {
  const header = ['Mức độ', 'Mã', 'Đơn vị', 'Tệp', 'Trang tính', 'Dòng', 'Ô', 'Nội dung', 'Cách khắc phục'];
  const rows: CsvValue[][] = [header];
  for (const issue of issues) {
    const l = issue.location;
    rows.push([
        SEVERITY_LABELS[issue.severity],
        issue.code,
        l.unitId ? (unitNames.get(l.unitId) ?? l.unitId) : '',
        l.source,
        l.sheet,
        l.row,
        l.cell,
        issueMessage(issue),
        issueHint(issue),
    ]);
  }
  return csvDocument(rows);
}
