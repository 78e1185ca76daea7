import path from 'node:path/posix';
import type ExcelJS from 'exceljs';
import type { WorkbookGrid } from '../../model/grid.js';
import { IntakeFailure, describeCause } from '../intake-failure.js';
import type { ReadLimits } from '../read-limits.js';
import { packGrid, unpackGrid, type PackedGrid } from './grid-transfer.js';
import { FastPathUnsupported } from './xml-bytes.js';
import {
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_ROWS,
  MERGE_REF,
  ROW_NUMBER,
  checkGridSize,
  checkMaxRow,
  checkMergeCount,
  clearMergedCells,
  clipHiddenColumns,
  normalizePart,
  type PackagePlan,
  type PlannedSheet,
} from './xlsx-common.js';
import { readXlsxFast } from './xlsx-fast.js';
import { findEntry, inflateEntry, readZipDirectory, writeStoredZip, type ZipEntry } from './zip-package.js';

/**
 * Safe intake of an OOXML workbook: the package is checked and only the parts a donor list needs
 * (workbook, relationships, shared strings, styles, worksheets) are inflated, under byte caps.
 * The fast reader (xlsx-fast.ts) streams them straight into a grid; a package it does not take is
 * handed to exceljs as a small uncompressed package with the sheets at the names exceljs expects,
 * and both give the same grid. Drawings, media, comments, embedded objects and document
 * properties are never parsed.
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
    const m = ROW_NUMBER.exec(xml.toString('latin1', at, Math.min(end, at + 400)));
    if (m) maxRow = Math.max(maxRow, Number(m[1]));
  }
  const mergeTag = Buffer.from('mergeCell ');
  for (let at = xml.indexOf(mergeTag); at >= 0; at = xml.indexOf(mergeTag, at + 10)) {
    const before = xml[at - 1];
    if (before !== 0x3c /* < */ && before !== 0x3a /* : */) continue;
    const end = xml.indexOf(0x3e, at);
    if (end < 0) break;
    const m = MERGE_REF.exec(xml.toString('latin1', at, Math.min(end, at + 400)));
    if (m) merges.push(m[1]!.replace(/\$/g, '').toUpperCase());
  }
  return { maxRow, merges };
}

/** Which reader produced a grid, and why the fast one was not used (tests and diagnostics). */
export type XlsxRead = { grid: WorkbookGrid; reader: 'fast' | 'exceljs'; fallbackReason?: string };

/**
 * Reads an OOXML workbook (.xlsx, .xlsm, .xltx) into a grid under the given limits.
 * Throws IntakeFailure (SOURCE_CORRUPT, SOURCE_TOO_LARGE, SOURCE_ENCRYPTED, SOURCE_NOT_SPREADSHEET).
 *
 * The fast reader (xlsx-fast.ts) streams the parts into a packed grid; a package it does not
 * recognise as plain, well-formed SpreadsheetML is read by exceljs instead, as before.
 */
export async function readXlsxPackage(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
  return (await readXlsxPackageDetailed(bytes, limits)).grid;
}

/**
 * The same, as a packed grid (grid-transfer.ts) for the parse worker to transfer: the worker then
 * never holds the grid's cells as objects, and the main thread builds them once (`unpackGrid`).
 */
export async function readXlsxPackagePacked(bytes: Buffer, limits: ReadLimits): Promise<PackedGrid> {
  const read = await readPacked(bytes, limits);
  return read.packed ?? packGrid(read.grid!);
}

export async function readXlsxPackageDetailed(bytes: Buffer, limits: ReadLimits): Promise<XlsxRead> {
  const read = await readPacked(bytes, limits);
  if (read.packed) return { grid: unpackGrid(read.packed), reader: 'fast' };
  return { grid: read.grid!, reader: 'exceljs', fallbackReason: read.fallbackReason! };
}

async function readPacked(bytes: Buffer, limits: ReadLimits): Promise<{ packed?: PackedGrid; grid?: WorkbookGrid; fallbackReason?: string }> {
  const plan = planPackage(bytes, limits);
  try {
    return { packed: await readXlsxFast(bytes, plan, limits) };
  } catch (error) {
    if (!(error instanceof FastPathUnsupported)) throw error;
    return { grid: await readWithExceljs(bytes, plan, limits), fallbackReason: error.message };
  }
}

/** The exceljs reader alone (the fallback; the equivalence test compares the two). */
export async function readXlsxPackageExceljs(bytes: Buffer, limits: ReadLimits): Promise<WorkbookGrid> {
  return readWithExceljs(bytes, planPackage(bytes, limits), limits);
}

/** Finds the workbook part and the worksheets, shared strings and styles it names. */
function planPackage(bytes: Buffer, limits: ReadLimits): PackagePlan {
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
  const sheets: PlannedSheet[] = [];
  const planned = new Set<string>();
  for (const m of workbookXml.toString('utf8').matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const attrs = attributes(m[1]!);
    const rId = attrs.get('id');
    const rel = rId ? relById.get(rId) : undefined;
    // Chart sheets and dialog sheets hold no list; exceljs skips a sheet whose relationship is missing.
    if (!rId || !rel || rel.external || !REL_WORKSHEET.test(rel.type)) continue;
    const entry = findEntry(entries, resolveTarget(workbookDir, rel.target));
    // A part named by several <sheet> entries (Excel never writes that) is read once, not 3,000 times.
    if (!entry || planned.has(entry.name)) continue;
    planned.add(entry.name);
    sheets.push({ rId, sheetId: Number(attrs.get('sheetId')), name: unescapeXml(attrs.get('name') ?? ''), entry });
  }
  return {
    workbookXml,
    sheets,
    sharedStrings: findPart(entries, rels, workbookDir, REL_SHARED_STRINGS, 'xl/sharedStrings.xml'),
    styles: findPart(entries, rels, workbookDir, REL_STYLES, 'xl/styles.xml'),
  };
}

/**
 * The exceljs reader: only the parts a donor list needs are inflated, under byte caps, then handed
 * to exceljs as a small uncompressed package with the sheets at the names exceljs expects.
 */
async function readWithExceljs(bytes: Buffer, plan: PackagePlan, limits: ReadLimits): Promise<WorkbookGrid> {
  const files: { name: string; data: Buffer }[] = [{ name: 'xl/workbook.xml', data: plan.workbookXml }];
  const newRels: string[] = [];
  const mergesBySheetId = new Map<number, string[]>();
  let sheetNumber = 0;
  for (const sheet of plan.sheets) {
    const xml = normalizePart(readPart(bytes, sheet.entry, limits.maxSheetXmlBytes, `trang "${sheet.name}"`));
    const scan = scanSheetXml(xml);
    checkMaxRow(sheet.name, scan.maxRow);
    checkMergeCount(sheet.name, scan.merges.length, limits);
    sheetNumber++;
    if (Number.isFinite(sheet.sheetId)) mergesBySheetId.set(sheet.sheetId, scan.merges);
    files.push({ name: `xl/worksheets/sheet${sheetNumber}.xml`, data: xml });
    newRels.push(
      `<Relationship Id="${sheet.rId.replace(/"/g, '&quot;')}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${sheetNumber}.xml"/>`,
    );
  }
  if (plan.sharedStrings) {
    files.push({ name: 'xl/sharedStrings.xml', data: normalizePart(readPart(bytes, plan.sharedStrings, limits.maxSharedStringsBytes, 'bảng chuỗi dùng chung')) });
  }
  if (plan.styles) files.push({ name: 'xl/styles.xml', data: normalizePart(readPart(bytes, plan.styles, limits.maxOtherPartBytes, 'bảng kiểu')) });
  files.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${newRels.join('')}</Relationships>`,
    ),
  });

  // Loaded on first use: the fast reader does not need exceljs, and loading it costs ~0.2 s.
  const { default: Excel } = await import('exceljs');
  const { workbookToGrid } = await import('./xlsx-exceljs.js');
  const workbook = new Excel.Workbook();
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
  for (const sheet of grid.sheets) {
    clearMergedCells(sheet);
    clipHiddenColumns(sheet);
  }
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
