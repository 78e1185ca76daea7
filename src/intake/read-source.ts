import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkbookGrid } from '../model/grid.js';
import type { AcceptedBytes } from '../model/source.js';
import { SourceError } from '../errors/errors.js';
import { convertToXlsx } from './convert.js';
import { readCsvGrid } from './csv.js';
import { IntakeFailure, describeCause } from './intake-failure.js';
import { classifyZipFile, parseXlsxIsolated } from './xlsx/index.js';
import { resolveLimits, type LimitOverrides, type ReadLimits } from './read-limits.js';
import { readStable, SETTLE, type Settle } from './stable-read.js';

export { READ_LIMITS, type ReadLimits } from './read-limits.js';

type FileRead = {
  grid: WorkbookGrid;
  sha256: string;
  bytes: number;
  modifiedAt: string;
  /** What was parsed, for the feedback step to mark. */
  accepted: AcceptedBytes;
};

/** What a file really is, from its first bytes, whatever its extension says. */
type Container = 'empty' | 'zip' | 'ole2' | 'biff' | 'utf16-text' | 'text' | 'pdf' | 'image' | 'unknown';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const IMAGES: readonly [Buffer, string][] = [
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'ảnh PNG'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'ảnh JPEG'],
  [Buffer.from('GIF8', 'latin1'), 'ảnh GIF'],
];

/** Names a file's real container from its first bytes, whatever its extension says. */
export function sniffContainer(bytes: Buffer): Container {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 4).equals(ZIP) || bytes.subarray(0, 4).equals(ZIP_EMPTY)) return 'zip';
  if (bytes.subarray(0, 8).equals(OLE2)) return 'ole2';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (IMAGES.some(([magic]) => bytes.subarray(0, magic.length).equals(magic))) return 'image';
  // Excel 2.x-4.x worksheets are bare BIFF records: BOF (0x0009/0x0209/0x0409/0x0809) with a short length.
  if (bytes.length >= 8 && bytes[0] === 0x09 && [0x00, 0x02, 0x04, 0x08].includes(bytes[1]!) && bytes.readUInt16LE(2) <= 20) {
    return 'biff';
  }
  if (utf16Order(bytes)) return 'utf16-text';
  const head = bytes.subarray(0, 4096);
  let binary = 0;
  for (const b of head) if (b === 0 || b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) binary++;
  return binary / head.length < 0.01 ? 'text' : 'unknown';
}

/**
 * UTF-16 text without a byte-order mark (Excel's "Unicode Text" export keeps it; other tools
 * drop it): one byte of nearly every pair is zero. Returns the byte order, if it is that.
 */
function utf16Order(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(2048, Math.floor(bytes.length / 2));
  if (pairs < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZero++;
    if (bytes[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.9 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.9 && oddZero < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/**
 * Reads one local file into a grid, or throws SourceError with an issue code saying why not.
 * `limits` overrides READ_LIMITS (tests and the corpus check use smaller ones).
 */
export async function readSourceFile(absolutePath: string, display: string, limits: LimitOverrides = {}, settle: Settle = SETTLE): Promise<FileRead> {
  const resolved = resolveLimits(limits);
  const accepted: { value?: AcceptedBytes } = {};
  // Parsed inside the stable read: a file that changed while it was read or parsed is read again.
  const { bytes, info, result: grid } = await readStable(absolutePath, display, resolved, (read) => parseSpreadsheet(read, display, resolved, accepted), settle);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { grid, sha256, bytes: bytes.length, modifiedAt: info.mtime.toISOString(), accepted: accepted.value! };
}

/**
 * The bytes of an unchanged source whose earlier read was accepted (nightly runs reuse its
 * snapshot instead of parsing it): read again only when it is still the same content (`sha256`)
 * and needs no conversion; undefined otherwise (its feedback is then a letter only).
 */
export async function acceptedAgain(absolutePath: string, display: string, sha256: string, limits: Partial<ReadLimits> = {}): Promise<AcceptedBytes | undefined> {
  const resolved = resolveLimits(limits);
  try {
    const info = await stat(absolutePath);
    // Only a regular file within the size limit (a FIFO or device put in its place would block).
    if (!info.isFile() || info.size > resolved.maxFileBytes) return undefined;
    const bytes = await readFile(absolutePath);
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) return undefined;
    const sheetName = path.basename(display, path.extname(display));
    const container = sniffContainer(bytes);
    if (container === 'text') return { kind: 'text', bytes, sheetName };
    if (container !== 'zip') return undefined;
    return classifyZipFile(bytes, resolved).kind === 'xlsx' ? { kind: 'xlsx', bytes, sheetName } : undefined;
  } catch {
    return undefined;
  }
}

/** Parses spreadsheet bytes by their real container; the extension only breaks ties. */
export async function parseSpreadsheet(
  bytes: Buffer,
  display: string,
  limits: Partial<ReadLimits> = {},
  /** Receives the bytes that were parsed once the parse succeeded. */
  accepted: { value?: AcceptedBytes } = {},
): Promise<WorkbookGrid> {
  try {
    return await dispatch(bytes, display, resolveLimits(limits), accepted);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof IntakeFailure) throw new SourceError(error.issueCode, display, { ...error.params }, { cause: error });
    throw new SourceError('SOURCE_CORRUPT', display, { reason: describeCause(error) }, { cause: error });
  }
}

const XLSX_EXTENSIONS = new Set(['xlsx', 'xlsm', 'xltx', 'xltm']);
const TEXT_TABLE_EXTENSIONS = new Set(['csv', 'tsv', 'txt', '']);

type Accepted = { value?: AcceptedBytes };

async function dispatch(bytes: Buffer, display: string, limits: ReadLimits, accepted: Accepted): Promise<WorkbookGrid> {
  const ext = path.extname(display).toLowerCase().replace('.', '');
  const sheetName = path.basename(display, path.extname(display));
  const container = sniffContainer(bytes);
  switch (container) {
    case 'empty':
      throw new IntakeFailure('SOURCE_CORRUPT', { reason: 'tệp rỗng (0 byte), có thể chép hoặc tải về chưa xong' });
    case 'zip':
      return readZip(bytes, limits, sheetName, accepted);
    case 'ole2':
      return readOle2(bytes, ext, limits, sheetName, accepted);
    case 'biff':
      return convertThenRead(bytes, 'xls', limits, sheetName, accepted);
    case 'pdf':
      throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: 'tệp PDF' });
    case 'image':
      throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: IMAGES.find(([m]) => bytes.subarray(0, m.length).equals(m))![1] });
    case 'utf16-text':
      // Re-encoded as UTF-8 with a BOM, so the text reader knows it is Unicode whatever its letters.
      return readText(Buffer.from(`\uFEFF${decodeUtf16(bytes).replace(/^\uFEFF/, '')}`, 'utf8'), ext, sheetName, limits, accepted);
    case 'text':
      return readText(bytes, ext, sheetName, limits, accepted);
    case 'unknown':
      if (XLSX_EXTENSIONS.has(ext) || ext === 'xls') {
        throw new IntakeFailure('SOURCE_CORRUPT', { reason: `tệp .${ext} không đúng cấu trúc (có thể bị hỏng hoặc đổi đuôi)` });
      }
      throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: `tệp .${ext || '?'}` });
  }
}

async function readZip(bytes: Buffer, limits: ReadLimits, sheetName: string, accepted: Accepted): Promise<WorkbookGrid> {
  // Declared sizes are checked here, before a worker is started or anything is inflated.
  const kind = classifyZipFile(bytes, limits);
  switch (kind.kind) {
    case 'xlsx':
      return acceptXlsx(bytes, limits, sheetName, accepted);
    case 'xlsb':
      return convertThenRead(bytes, 'xlsb', limits, sheetName, accepted);
    case 'ods':
      if (kind.encrypted) throw new IntakeFailure('SOURCE_ENCRYPTED', {});
      return convertThenRead(bytes, 'ods', limits, sheetName, accepted);
    case 'empty':
      throw new IntakeFailure('SOURCE_CORRUPT', { reason: 'tệp nén không chứa gì, không có trang tính nào' });
    case 'other':
      throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: kind.detected });
  }
}

/** Directory-entry names are UTF-16LE in a compound file, so a byte search finds the streams. */
function hasStream(bytes: Buffer, name: string): boolean {
  return bytes.includes(Buffer.from(name, 'utf16le'));
}

async function readOle2(bytes: Buffer, ext: string, limits: ReadLimits, sheetName: string, accepted: Accepted): Promise<WorkbookGrid> {
  if (hasStream(bytes, 'EncryptedPackage')) throw new IntakeFailure('SOURCE_ENCRYPTED', {});
  if (hasStream(bytes, 'Workbook') || hasStream(bytes, 'Book')) {
    if (hasFilePass(bytes)) throw new IntakeFailure('SOURCE_ENCRYPTED', {});
    return convertThenRead(bytes, 'xls', limits, sheetName, accepted);
  }
  if (hasStream(bytes, 'WordDocument')) throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: 'tài liệu Word (.doc)' });
  if (hasStream(bytes, 'PowerPoint Document')) throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: 'bài trình chiếu PowerPoint (.ppt)' });
  // Other compound files (Quattro Pro, Works) may still be spreadsheets LibreOffice opens.
  if (ext === 'xls' || ext === 'qpw' || ext === 'wb3' || ext === 'wks' || ext === 'xlw') return convertThenRead(bytes, ext, limits, sheetName, accepted);
  throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: `tệp .${ext || '?'} (không phải bảng tính)` });
}

/**
 * An encrypted .xls has a FILEPASS record (0x002F) among the first records after the workbook's
 * BOF record (0x0809, type 0x0005), after at most a WRITEPROT record. Streams start on 64-byte
 * boundaries, so only those offsets are tried for the BOF.
 */
function hasFilePass(bytes: Buffer): boolean {
  for (let at = 512; at + 24 <= bytes.length; at += 64) {
    if (bytes[at] !== 0x09 || bytes[at + 1] !== 0x08) continue;
    const length = bytes.readUInt16LE(at + 2);
    if (length < 4 || length > 20 || bytes.readUInt16LE(at + 6) !== 0x0005) continue;
    let next = at + 4 + length;
    for (let record = 0; record < 4 && next + 4 <= bytes.length; record++) {
      const type = bytes.readUInt16LE(next);
      if (type === 0x002f) return true;
      if (type === 0x000a) break;
      next += 4 + bytes.readUInt16LE(next + 2);
    }
  }
  return false;
}

async function convertThenRead(bytes: Buffer, extension: string, limits: ReadLimits, sheetName: string, accepted: Accepted): Promise<WorkbookGrid> {
  const xlsx = await convertToXlsx(bytes, extension, limits.convertTimeoutMs, limits.convertMemoryMb);
  return acceptXlsx(xlsx, limits, sheetName, accepted);
}

async function acceptXlsx(bytes: Buffer, limits: ReadLimits, sheetName: string, accepted: Accepted): Promise<WorkbookGrid> {
  const grid = await parseXlsxIsolated(bytes, limits);
  accepted.value = { kind: 'xlsx', bytes, sheetName };
  return grid;
}

function decodeUtf16(bytes: Buffer): string {
  return new TextDecoder(utf16Order(bytes) ?? 'utf-16le').decode(bytes);
}

async function readText(bytes: Buffer, ext: string, sheetName: string, limits: ReadLimits, accepted: Accepted): Promise<WorkbookGrid> {
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    const lower = head.toLowerCase();
    if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet') || /<(ss:)?workbook\b/.test(lower)) {
      return convertThenRead(bytes, 'xml', limits, sheetName, accepted);
    }
    if (lower.includes('opendocument.spreadsheet') || (lower.includes('<office:document') && lower.includes('spreadsheet'))) {
      return convertThenRead(bytes, 'fods', limits, sheetName, accepted);
    }
    if (/<(!doctype html|html|table)\b/.test(lower) || lower.includes('urn:schemas-microsoft-com:office:excel')) {
      throw new IntakeFailure('SOURCE_UNSUPPORTED_FORMAT', { format: 'trang web HTML' });
    }
    if (ext === 'xml' || ext === 'fods') throw new IntakeFailure('SOURCE_CORRUPT', { reason: `tệp .${ext} không phải bảng tính Excel 2003 XML hay OpenDocument` });
    throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: 'tệp XML' });
  }
  // Text saved with an .xls name (a common "export to Excel" from web systems) is read as a table too.
  if (TEXT_TABLE_EXTENSIONS.has(ext) || ext === 'xls') {
    try {
      const grid = readCsvGrid(bytes, sheetName, limits);
      accepted.value = { kind: 'text', bytes, sheetName };
      return grid;
    } catch (cause) {
      if (cause instanceof IntakeFailure) throw cause;
      throw new IntakeFailure('SOURCE_CORRUPT', { reason: describeCause(cause) }, { cause });
    }
  }
  if (XLSX_EXTENSIONS.has(ext)) {
    throw new IntakeFailure('SOURCE_CORRUPT', { reason: `tệp .${ext} chỉ chứa chữ, không đúng cấu trúc Excel (có thể bị đổi đuôi)` });
  }
  throw new IntakeFailure('SOURCE_NOT_SPREADSHEET', { detected: `tệp .${ext}` });
}
