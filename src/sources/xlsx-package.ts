import path from 'node:path/posix';
import ExcelJS from 'exceljs';
import { parseRange, type SheetGrid, type WorkbookGrid } from '../core/grid.js';
import { IntakeFailure, describeCause } from './intake-failure.js';
import { formatBytes, type ReadLimits } from './read-limits.js';
import { workbookToGrid } from './xlsx.js';
import { findEntry, inflateEntry, readZipDirectory, writeStoredZip, type ZipEntry } from './zip-package.js';

/**
 * Safe intake of an OOXML workbook: the package is checked and only the parts a donor list needs
 * (workbook, relationships, shared strings, styles, worksheets) are inflated, under byte caps,
 * then handed to exceljs as a small uncompressed package with the sheets at the names exceljs
 * expects. Drawings, media, comments, embedded objects and document properties are never parsed.
 */

/** What a zip package holds, judged from its entry names (and the ODF `mimetype` entry). */
export type ZipKind =
  | { kind: 'xlsx' }
  | { kind: 'xlsb' }
  | { kind: 'ods'; encrypted: boolean }
  | { kind: 'other'; detected: string }
  | { kind: 'empty' };

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

/**
 * Worksheet XML nodes exceljs need not parse for a donor list. `dataValidations` over A1:XFD1048576
 * hangs exceljs; `mergeCells` is read here instead (exceljs checks each merge against all others);
 * `autoFilter` and `extLst` hold nodes exceljs does not know and throws on.
 */
const IGNORED_SHEET_NODES = [
  'mergeCells',
  'dataValidations',
  'conditionalFormatting',
  'extLst',
  'autoFilter',
  'hyperlinks',
  'drawing',
  'picture',
  'tableParts',
  'rowBreaks',
  'headerFooter',
  'pageSetup',
  'printOptions',
  'pageMargins',
  'sheetProtection',
];

/** Excel's own grid size: a row or column past it is damage, not data. */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384;

/** Tells what a zip package is, reading only tiny parts (`mimetype`, `_rels/.rels`, the ODF manifest). */
export function classifyZip(bytes: Buffer, entries: readonly ZipEntry[], limits: ReadLimits): ZipKind {
  const files = entries.filter((e) => !e.name.endsWith('/'));
  if (files.length === 0) return { kind: 'empty' };
  const mimetypeEntry = findEntry(entries, 'mimetype');
  if (mimetypeEntry) {
    const mimetype = inflateEntry(bytes, mimetypeEntry, 1024).toString('latin1').trim();
    if (mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
      const manifest = findEntry(entries, 'META-INF/manifest.xml');
      const encrypted = manifest
        ? /encryption-data/.test(inflateEntry(bytes, manifest, limits.maxOtherPartBytes).toString('utf8'))
        : false;
      return { kind: 'ods', encrypted };
    }
    if (mimetype.startsWith('application/vnd.oasis.opendocument.text')) return { kind: 'other', detected: 'văn bản OpenDocument (.odt)' };
    if (mimetype.startsWith('application/vnd.oasis.opendocument.presentation')) return { kind: 'other', detected: 'bài trình chiếu OpenDocument (.odp)' };
    if (mimetype.startsWith('application/vnd.oasis.opendocument')) return { kind: 'other', detected: 'tài liệu OpenDocument' };
  }
  const manifest = findEntry(entries, 'META-INF/manifest.xml');
  if (!mimetypeEntry && manifest && findEntry(entries, 'content.xml')) {
    // An ODF package whose `mimetype` entry was lost: its manifest still names the type.
    const text = inflateEntry(bytes, manifest, limits.maxOtherPartBytes).toString('utf8');
    if (/opendocument\.spreadsheet/.test(text)) return { kind: 'ods', encrypted: /encryption-data/.test(text) };
  }
  const workbookPath = officeDocumentPath(bytes, entries, limits);
  if (workbookPath && /\.bin$/i.test(workbookPath)) return { kind: 'xlsb' };
  if (workbookPath && findEntry(entries, workbookPath)) {
    if (/^word\//i.test(workbookPath)) return { kind: 'other', detected: 'tài liệu Word (.docx)' };
    if (/^ppt\//i.test(workbookPath)) return { kind: 'other', detected: 'bài trình chiếu PowerPoint (.pptx)' };
    return { kind: 'xlsx' };
  }
  if (findEntry(entries, 'xl/workbook.xml')) return { kind: 'xlsx' };
  if (findEntry(entries, 'xl/workbook.bin')) return { kind: 'xlsb' };
  if (files.some((e) => /^word\//i.test(e.name))) return { kind: 'other', detected: 'tài liệu Word (.docx)' };
  if (files.some((e) => /^ppt\//i.test(e.name))) return { kind: 'other', detected: 'bài trình chiếu PowerPoint (.pptx)' };
  if (files.some((e) => /^xl\//i.test(e.name))) return { kind: 'xlsx' };
  return { kind: 'other', detected: 'tệp nén .zip' };
}

type Relationship = { id: string; type: string; target: string; external: boolean };

/** Attributes of one XML start tag, keyed by local name (prefixes dropped, entities kept raw). */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const local = m[1]!.includes(':') ? m[1]!.slice(m[1]!.indexOf(':') + 1) : m[1]!;
    if (!out.has(local) || !m[1]!.includes(':')) out.set(local, m[2] ?? m[3] ?? '');
  }
  return out;
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/gi, (all, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

function parseRelationships(xml: string): Relationship[] {
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attrs = attributes(m[1]!);
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (!id || target === undefined) continue;
    out.push({ id, type: attrs.get('Type') ?? '', target: unescapeXml(target), external: attrs.get('TargetMode') === 'External' });
  }
  return out;
}

/** Resolves a relationship target against the folder of the part that owns the relationships. */
function resolveTarget(ownerDir: string, target: string): string {
  const clean = target.replace(/\\/g, '/');
  const joined = clean.startsWith('/') ? clean : path.join(ownerDir, clean);
  return path.normalize(joined).replace(/^\/+/, '');
}

function relsPathOf(part: string): string {
  return path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`).replace(/^\.\//, '');
}

function readPart(bytes: Buffer, entry: ZipEntry, cap: number, label?: string): Buffer {
  return inflateEntry(bytes, entry, cap, label);
}

/** A part saved as UTF-16 (allowed by XML, refused by exceljs, which reads UTF-8 only). */
function utf16Encoding(xml: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if ((xml[0] === 0xfe && xml[1] === 0xff) || (xml[0] === 0x00 && xml[1] === 0x3c)) return 'utf-16be';
  if ((xml[0] === 0xff && xml[1] === 0xfe) || (xml[0] === 0x3c && xml[1] === 0x00)) return 'utf-16le';
  return undefined;
}

const MAIN_NAMESPACE_PREFIX = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main["']/;

/**
 * Makes a SpreadsheetML part look as Excel writes it: no byte-order mark, and no prefix on the
 * main namespace (`<x:row>` → `<row>`). Generators built on the OpenXML SDK write the prefix,
 * and exceljs matches element names literally, so it would find no sheet at all.
 */
function normalizePart(xml: Buffer): Buffer {
  const utf16 = utf16Encoding(xml);
  const decoded = utf16
    ? Buffer.from(new TextDecoder(utf16).decode(xml).replace(/^(<\?xml[^>]*?encoding\s*=\s*["'])utf-16(?:be|le)?(["'])/i, '$1UTF-8$2'), 'utf8')
    : xml;
  const body = decoded[0] === 0xef && decoded[1] === 0xbb && decoded[2] === 0xbf ? decoded.subarray(3) : decoded;
  const prefix = MAIN_NAMESPACE_PREFIX.exec(body.subarray(0, 4096).toString('latin1'))?.[1];
  if (!prefix) return body;
  const tag = new RegExp(`<(/?)${prefix.replace(/[.]/g, '\\.')}:`, 'g');
  return Buffer.from(body.toString('utf8').replace(tag, '<$1'), 'utf8');
}

/** The workbook part named by the package's root relationships (usually xl/workbook.xml). */
function officeDocumentPath(bytes: Buffer, entries: readonly ZipEntry[], limits: ReadLimits): string | undefined {
  const rootRels = findEntry(entries, '_rels/.rels');
  if (!rootRels) return undefined;
  let xml: string;
  try {
    xml = readPart(bytes, rootRels, limits.maxOtherPartBytes).toString('utf8');
  } catch (error) {
    if (error instanceof IntakeFailure && error.issueCode === 'SOURCE_TOO_LARGE') throw error;
    return undefined;
  }
  const rel = parseRelationships(xml).find((r) => REL_OFFICE_DOCUMENT.test(r.type) && !r.external);
  return rel ? resolveTarget('', rel.target) : undefined;
}

type SheetScan = { maxRow: number; merges: string[] };

/**
 * Finds the highest row number and the merged ranges of a worksheet without parsing it: a
 * byte search, so a sheet claiming row 999,999,999 is refused before exceljs allocates for it.
 */
function scanSheetXml(xml: Buffer): SheetScan {
  let maxRow = 0;
  const merges: string[] = [];
  const rowTag = Buffer.from('<row ');
  for (let at = xml.indexOf(rowTag); at >= 0; at = xml.indexOf(rowTag, at + 5)) {
    const end = xml.indexOf(0x3e /* > */, at);
    if (end < 0) break;
    const m = /\br\s*=\s*["'](\d+)["']/.exec(xml.toString('latin1', at, Math.min(end, at + 400)));
    if (m) maxRow = Math.max(maxRow, Number(m[1]));
  }
  const mergeTag = Buffer.from('mergeCell ');
  for (let at = xml.indexOf(mergeTag); at >= 0; at = xml.indexOf(mergeTag, at + 10)) {
    const before = xml[at - 1];
    if (before !== 0x3c /* < */ && before !== 0x3a /* : */) continue;
    const end = xml.indexOf(0x3e, at);
    if (end < 0) break;
    const m = /\bref\s*=\s*["']([A-Za-z$]{1,4}\$?\d+(?::\$?[A-Za-z]{1,4}\$?\d+)?)["']/.exec(xml.toString('latin1', at, Math.min(end, at + 400)));
    if (m) merges.push(m[1]!.replace(/\$/g, '').toUpperCase());
  }
  return { maxRow, merges };
}

/** Empties the covered cells of each merged range, as exceljs does when it applies merges itself. */
function clearMergedCells(sheet: SheetGrid): void {
  for (const ref of sheet.merges) {
    const range = parseRange(ref);
    if (!range) continue;
    const lastRow = Math.min(range.bottom, sheet.rows.length - 1);
    for (let r = range.top; r <= lastRow; r++) {
      const row = sheet.rows[r];
      if (!row || row.length <= range.left) continue;
      const lastCol = Math.min(range.right, row.length - 1);
      for (let c = range.left; c <= lastCol; c++) {
        if (r === range.top && c === range.left) continue;
        // A hole, as for any empty cell; a trailing one shortens the row.
        if (row[c] !== undefined) delete row[c];
      }
      while (row.length > 0 && row[row.length - 1] === undefined) row.length--;
    }
  }
}

/** Refuses a parsed workbook whose size is past the limits (a stray value in row 900,000 included). */
function checkGridSize(grid: WorkbookGrid, limits: ReadLimits): void {
  let workbookCells = 0;
  let textChars = 0;
  for (const sheet of grid.sheets) {
    if (sheet.rows.length > limits.maxRowsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới dòng ${sheet.rows.length}, quá ${limits.maxRowsPerSheet} dòng`,
      });
    }
    let cells = 0;
    let maxCol = 0;
    for (const row of sheet.rows) {
      if (row.length > maxCol) maxCol = row.length;
      for (const cell of row) {
        if (!cell) continue;
        cells++;
        if (typeof cell.value === 'string') textChars += cell.value.length;
      }
    }
    if (maxCol > limits.maxColumnsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheet.name}" có dữ liệu tới cột thứ ${maxCol}, quá ${limits.maxColumnsPerSheet} cột`,
      });
    }
    if (cells > limits.maxCellsPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `trang "${sheet.name}" có ${cells} ô dữ liệu, quá ${limits.maxCellsPerSheet} ô` });
    }
    workbookCells += cells;
    if (workbookCells > limits.maxCellsPerWorkbook) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `sổ làm việc có hơn ${limits.maxCellsPerWorkbook} ô dữ liệu` });
    }
    if (textChars > limits.maxTextChars) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `các ô chứa hơn ${limits.maxTextChars} ký tự chữ` });
    }
  }
}

/**
 * Reads an OOXML workbook (.xlsx, .xlsm, .xltx) into a grid under the given limits.
 * Throws IntakeFailure (SOURCE_CORRUPT, SOURCE_TOO_LARGE, SOURCE_ENCRYPTED, SOURCE_NOT_SPREADSHEET).
 */
export async function readXlsxPackage(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
  const entries = readZipDirectory(bytes, limits);
  const workbookPath = officeDocumentPath(bytes, entries, limits) ?? 'xl/workbook.xml';
  const workbookEntry = findEntry(entries, workbookPath) ?? findEntry(entries, 'xl/workbook.xml');
  if (!workbookEntry) {
    throw new IntakeFailure('SOURCE_CORRUPT', { reason: 'tệp không có phần sổ làm việc (xl/workbook.xml)' });
  }
  const workbookXml = normalizePart(readPart(bytes, workbookEntry, limits.maxOtherPartBytes));
  const workbookDir = path.dirname(workbookEntry.name) === '.' ? '' : path.dirname(workbookEntry.name);
  const relsEntry = findEntry(entries, relsPathOf(workbookEntry.name));
  const rels = relsEntry ? parseRelationships(readPart(bytes, relsEntry, limits.maxOtherPartBytes).toString('utf8')) : [];
  const relById = new Map(rels.map((r) => [r.id, r]));

  const files: { name: string; data: Buffer }[] = [{ name: 'xl/workbook.xml', data: workbookXml }];
  const newRels: string[] = [];
  const mergesBySheetId = new Map<number, string[]>();
  let sheetNumber = 0;
  for (const m of workbookXml.toString('utf8').matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const attrs = attributes(m[1]!);
    const rId = attrs.get('id');
    const sheetId = Number(attrs.get('sheetId'));
    const rel = rId ? relById.get(rId) : undefined;
    // Chart sheets and dialog sheets hold no list; exceljs skips a sheet whose relationship is missing.
    if (!rId || !rel || rel.external || !REL_WORKSHEET.test(rel.type)) continue;
    const entry = findEntry(entries, resolveTarget(workbookDir, rel.target));
    if (!entry) continue;
    const sheetName = unescapeXml(attrs.get('name') ?? '');
    const xml = normalizePart(readPart(bytes, entry, limits.maxSheetXmlBytes, `trang "${sheetName}"`));
    const scan = scanSheetXml(xml);
    if (scan.maxRow > EXCEL_MAX_ROWS) {
      throw new IntakeFailure('SOURCE_CORRUPT', {
        reason: `trang "${sheetName}" ghi dòng số ${scan.maxRow}, vượt quá số dòng tối đa của Excel (${EXCEL_MAX_ROWS})`,
      });
    }
    if (scan.merges.length > limits.maxMergesPerSheet) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `trang "${sheetName}" có ${scan.merges.length} vùng gộp ô, quá ${limits.maxMergesPerSheet}`,
      });
    }
    sheetNumber++;
    if (Number.isFinite(sheetId)) mergesBySheetId.set(sheetId, scan.merges);
    files.push({ name: `xl/worksheets/sheet${sheetNumber}.xml`, data: xml });
    newRels.push(
      `<Relationship Id="${rId.replace(/"/g, '&quot;')}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${sheetNumber}.xml"/>`,
    );
  }
  const sharedStrings = findPart(entries, rels, workbookDir, REL_SHARED_STRINGS, 'xl/sharedStrings.xml');
  if (sharedStrings) {
    files.push({ name: 'xl/sharedStrings.xml', data: normalizePart(readPart(bytes, sharedStrings, limits.maxSharedStringsBytes, 'bảng chuỗi dùng chung')) });
  }
  const styles = findPart(entries, rels, workbookDir, REL_STYLES, 'xl/styles.xml');
  if (styles) files.push({ name: 'xl/styles.xml', data: normalizePart(readPart(bytes, styles, limits.maxOtherPartBytes, 'bảng kiểu')) });
  files.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${newRels.join('')}</Relationships>`,
    ),
  });

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(writeStoredZip(files) as unknown as ArrayBuffer, {
      ignoreNodes: IGNORED_SHEET_NODES,
      maxRows: EXCEL_MAX_ROWS,
      maxCols: EXCEL_MAX_COLUMNS,
    } as unknown as ExcelJS.XlsxReadOptions);
  } catch (cause) {
    const reason = describeCause(cause);
    if (/Max (row|column) count/i.test(reason)) throw new IntakeFailure('SOURCE_TOO_LARGE', { reason }, { cause });
    throw new IntakeFailure('SOURCE_CORRUPT', { reason: `nội dung không đúng cấu trúc Excel (${reason})` }, { cause });
  }
  files.length = 0;
  const grid = workbookToGrid(workbook, (ws) => mergesBySheetId.get(ws.id));
  for (const sheet of grid.sheets) clearMergedCells(sheet);
  checkGridSize(grid, limits);
  return grid;
}

function findPart(
  entries: readonly ZipEntry[],
  rels: readonly Relationship[],
  workbookDir: string,
  type: RegExp,
  fallback: string,
): ZipEntry | undefined {
  const rel = rels.find((r) => type.test(r.type) && !r.external);
  return (rel ? findEntry(entries, resolveTarget(workbookDir, rel.target)) : undefined) ?? findEntry(entries, fallback);
}
