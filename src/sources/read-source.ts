import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkbookGrid } from '../core/grid.js';
import { SourceError } from '../errors.js';
import { readCsvGrid } from './csv.js';
import { readXlsxGrid } from './xlsx.js';

/** Limits that keep one bad file from taking the run down. */
export const READ_LIMITS = {
  /** Largest file read at all. */
  maxFileBytes: 50 * 1024 * 1024,
} as const;

export type FileRead = {
  grid: WorkbookGrid;
  sha256: string;
  bytes: number;
  modifiedAt: string;
};

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Names a file's real container from its first bytes, whatever its extension says. */
export function sniffContainer(bytes: Buffer): 'zip' | 'ole2' | 'text' | 'pdf' | 'unknown' {
  if (bytes.subarray(0, 4).equals(ZIP)) return 'zip';
  if (bytes.subarray(0, 8).equals(OLE2)) return 'ole2';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const head = bytes.subarray(0, 4096);
  if (head.length === 0) return 'text';
  let binary = 0;
  for (const b of head) if (b === 0 || (b < 0x09) || (b > 0x0d && b < 0x20 && b !== 0x1b)) binary++;
  return binary / head.length < 0.01 ? 'text' : 'unknown';
}

/** Reads one local file into a grid, or throws SourceError with an issue code saying why not. */
export async function readSourceFile(absolutePath: string, display: string): Promise<FileRead> {
  let info;
  try {
    info = await stat(absolutePath);
  } catch (cause) {
    throw new SourceError('SOURCE_UNREADABLE', display, { reason: 'không mở được tệp' }, { cause });
  }
  if (info.size > READ_LIMITS.maxFileBytes) {
    throw new SourceError('SOURCE_TOO_LARGE', display, { reason: `tệp nặng ${Math.round(info.size / 1048576)} MB, quá ${READ_LIMITS.maxFileBytes / 1048576} MB` });
  }
  const bytes = await readFile(absolutePath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const grid = await parseSpreadsheet(bytes, display);
  return { grid, sha256, bytes: bytes.length, modifiedAt: info.mtime.toISOString() };
}

/** Parses spreadsheet bytes by their real container; the extension only breaks ties for text. */
export async function parseSpreadsheet(bytes: Buffer, display: string): Promise<WorkbookGrid> {
  const container = sniffContainer(bytes);
  const ext = path.extname(display).toLowerCase().replace('.', '');
  const sheetName = path.basename(display, path.extname(display));
  if (container === 'zip') {
    try {
      return await readXlsxGrid(bytes);
    } catch (cause) {
      throw new SourceError('SOURCE_CORRUPT', display, { reason: describeCause(cause) }, { cause });
    }
  }
  if (container === 'ole2') {
    if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new SourceError('SOURCE_ENCRYPTED', display, {});
    }
    throw new SourceError('SOURCE_UNSUPPORTED_FORMAT', display, { format: 'Excel 97-2003 (.xls)' });
  }
  if (container === 'text' && (ext === 'csv' || ext === 'txt' || ext === 'tsv')) {
    try {
      return readCsvGrid(bytes, sheetName);
    } catch (cause) {
      throw new SourceError('SOURCE_CORRUPT', display, { reason: describeCause(cause) }, { cause });
    }
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new SourceError('SOURCE_CORRUPT', display, { reason: 'tệp .xlsx không đúng cấu trúc (có thể bị cắt cụt hoặc đổi đuôi)' });
  }
  throw new SourceError('SOURCE_NOT_SPREADSHEET', display, { detected: container === 'pdf' ? 'tệp PDF' : `tệp .${ext || '?'}` });
}

function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split('\n', 1)[0]!.slice(0, 200);
}
