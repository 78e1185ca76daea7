import { cellAddress, type WorkbookGrid } from '../core/grid.js';
import { makeIssue, type Issue } from '../issues/issue.js';
import { repairLegacyText } from './legacy-encoding.js';

/**
 * Repairs text typed in legacy Vietnamese encodings (TCVN3/ABC, VNI) to Unicode NFC, in place,
 * before anything matches headers or names. One info issue per sheet and encoding says how many
 * cells were repaired, with an example.
 */
export function repairLegacyGrid(grid: WorkbookGrid, where: { unitId: string; source: string }): Issue[] {
  const issues: Issue[] = [];
  for (const sheet of grid.sheets) {
    const seen = new Map<string, { count: number; example: string; before: string; after: string }>();
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r]!;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell || typeof cell.value !== 'string') continue;
        const repaired = repairLegacyText(cell.value, cell.font);
        if (!repaired.encoding || repaired.text === cell.value) continue;
        const entry = seen.get(repaired.encoding);
        if (entry) entry.count++;
        else seen.set(repaired.encoding, { count: 1, example: cellAddress(r, c), before: cell.value, after: repaired.text });
        cell.value = repaired.text;
      }
    }
    for (const [encoding, info] of seen) {
      issues.push(
        makeIssue('LEGACY_ENCODING_REPAIRED', { ...where, sheet: sheet.name, cell: info.example }, {
          count: info.count,
          encoding: encoding === 'tcvn3' ? 'TCVN3 (ABC)' : 'VNI-Windows',
          example: info.example,
          before: info.before.slice(0, 60),
          after: info.after.slice(0, 60),
        }),
      );
    }
  }
  return issues;
}
