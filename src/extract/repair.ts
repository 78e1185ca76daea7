import { cellAddress, type WorkbookGrid } from '../model/grid.js';
import { makeIssue, type Issue } from '../model/issue.js';
import { encodingFromFont, repairLegacyText } from './legacy-encoding.js';

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const BEYOND_CP1252 = /[^\x00-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

const legacyFonts = new Map<string, boolean>();
function isLegacyFont(font: string | undefined): boolean {
  if (!font) return false;
  let legacy = legacyFonts.get(font);
  if (legacy === undefined) legacyFonts.set(font, (legacy = encodingFromFont(font) !== undefined));
  return legacy;
}

/**
 * Repairs text typed in legacy Vietnamese encodings (TCVN3/ABC, VNI) to Unicode NFC, in place,
 * before anything matches headers or names. One info issue per sheet and encoding says how many
 * cells were repaired, with an example.
 */
export function repairLegacyGrid(grid: WorkbookGrid, where: { unitId: string; source: string }): Issue[] {
  const issues: Issue[] = [];
  // Text read as Windows-1258 is valid Vietnamese in its own code page: no legacy code is behind it.
  if (grid.textEncoding === 'windows-1258') return issues;
  const memo = new Map<string, ReturnType<typeof repairLegacyText>>();
  for (const sheet of grid.sheets) {
    const seen = new Map<string, { count: number; example: string; before: string; after: string }>();
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r]!;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell || typeof cell.value !== 'string') continue;
        // Legacy text is made of 8-bit characters: plain ASCII, or any letter beyond Windows-1252
        // (ư, ơ, ễ …), means the cell is not legacy — unless its font says it is.
        if (!isLegacyFont(cell.font) && (ASCII_ONLY.test(cell.value) || BEYOND_CP1252.test(cell.value))) continue;
        // Hamlets, categories and statuses repeat on many rows: decide each text and font once.
        const key = `${cell.font ?? ''}\u0000${cell.value}`;
        let repaired = memo.get(key);
        if (!repaired) {
          repaired = repairLegacyText(cell.value, cell.font);
          memo.set(key, repaired);
        }
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
