/**
 * Edge: finds the configured bank statements and reads each into plain lines. Spreadsheets (.xlsx,
 * .csv, .xls…) go through the same safe reader as donor lists; a PDF goes through poppler's
 * `pdftotext -layout` when it has a text layer. A statement that cannot be read is a failed read
 * with its reason, never a stop.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import { existsSync } from 'node:fs';
import type { CampaignConfig } from '../../model/config.js';
import type { StatementRead } from '../../model/reconciliation.js';
import { SourceError } from '../../errors/errors.js';
import { accountOf, extractStatementLines } from '../../extract/statement.js';
import { extractStatementText } from '../../extract/statement-text.js';
import { parseSpreadsheet, sniffContainer } from '../read-source.js';

const run = promisify(execFile);

/** Text of a PDF with its columns kept, or a reason it has none. */
async function pdfLayoutText(file: string): Promise<string> {
  try {
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'máy chưa cài poppler-utils (pdftotext) để đọc sao kê PDF' : `pdftotext không đọc được tệp (${(cause as Error).message.split('\n')[0]})`, { cause });
  }
}

/** One statement file → its lines. */
export async function readStatementFile(absolutePath: string, display: string, config: Pick<CampaignConfig, 'bank'>): Promise<StatementRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (cause) {
    return { path: display, status: 'failed', failure: 'BANK_STATEMENT_UNREADABLE', reason: `không mở được tệp (${(cause as Error).message})`, lines: [] };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    if (sniffContainer(bytes) === 'pdf') {
      const text = await pdfLayoutText(absolutePath);
      const lines = extractStatementText(text, display);
      if (lines.length === 0) throw new Error('tệp PDF không có lớp chữ hoặc không thấy bảng giao dịch (có thể là ảnh quét)');
      const account = /(?:s[oố]\s*t[aà]i\s*kho[aả]n|account\s*(?:no|number)?)\s*[:.]?\s*([0-9][0-9 .-]{5,}\d)/iu.exec(text)?.[1]?.replace(/[ .-]/g, '');
      return { path: display, status: 'ok', sha256, ...(account ? { account } : {}), lines };
    }
    const grid = await parseSpreadsheet(bytes, display);
    const lines = extractStatementLines(grid, display, config.bank?.columns ?? {});
    if (lines.length === 0) throw new Error('không tìm thấy bảng giao dịch (cần các cột "Ngày giao dịch", "Số tiền ghi có" và "Nội dung")');
    const account = accountOf(grid);
    return { path: display, status: 'ok', sha256, ...(account ? { account } : {}), lines };
  } catch (error) {
    const reason = error instanceof SourceError ? `${error.issueCode}: ${Object.values(error.params).join(', ')}` : (error as Error).message;
    return { path: display, status: 'failed', failure: 'BANK_STATEMENT_UNREADABLE', reason: reason.slice(0, 300), sha256, lines: [] };
  }
}

/** Every configured statement (paths and globs relative to the campaign folder), in order. */
export async function readStatements(config: Pick<CampaignConfig, 'bank'>, baseDir: string): Promise<StatementRead[]> {
  const reads: StatementRead[] = [];
  for (const pattern of config.bank?.statements ?? []) {
    const p = pattern.replace(/\\/g, '/');
    const files = isDynamicPattern(p)
      ? (await glob(p, { cwd: baseDir, absolute: true, onlyFiles: true })).sort()
      : existsSync(path.resolve(baseDir, p)) ? [path.resolve(baseDir, p)] : [];
    if (files.length === 0) reads.push({ path: p, status: 'failed', failure: 'BANK_STATEMENT_UNREADABLE', reason: `không tìm thấy tệp nào khớp với "${p}"`, lines: [] });
    for (const file of files) reads.push(await readStatementFile(file, path.relative(baseDir, file).split(path.sep).join('/'), config));
  }
  return reads;
}
