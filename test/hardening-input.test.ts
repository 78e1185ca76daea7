/**
 * Hostile workbooks that once took a run down (issue 16): each is read or refused with a catalogued
 * code, quickly, and nothing escapes as an uncaught error for the whole campaign.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalCampaign } from '../fixtures/tools/campaign.js';
import { donorSheet, hostileWorkbook } from '../fixtures/tools/hostile-xlsx.js';
import { analyse, type SourceRead } from '../src/analyse/analyse.js';
import { CampaignConfigSchema } from '../src/model/config.js';
import { issueMessage } from '../src/format/issue-messages.js';
import { normalizeText, foldForMatch } from '../src/format/text.js';
import { summedAmountInWords } from '../src/format/words.js';
import { readSources } from '../src/intake/read-sources.js';
import { closeParseWorker } from '../src/intake/xlsx/parse-isolated.js';
import { readSourceFile } from '../src/intake/read-source.js';
import { SourceError } from '../src/errors/errors.js';
import type { ResolvedSource } from '../src/model/source.js';
import { mergeMasters } from '../src/extract/header.js';

afterAll(closeParseWorker);

const dir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-hostile-'));
function save(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function rejection(file: string, limits = {}): Promise<SourceError> {
  try {
    await readSourceFile(file, path.basename(file), limits);
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error(`${file} was read`);
}

const campaign = (file: string, extra: Record<string, unknown> = {}) =>
  minimalCampaign([{ id: 'xa-an-hoa', name: 'Xã An Hòa', kind: 'commune', sources: [file] }], extra);

describe('text cleaning is linear', () => {
  it('a ten-million-character cell neither overflows the stack nor changes meaning', () => {
    const huge = 'Nguyễn  Văn\tAn '.repeat(700_000);
    expect(huge.length).toBeGreaterThan(10_000_000);
    const clean = normalizeText(huge);
    expect(clean.startsWith('Nguyễn Văn An Nguyễn')).toBe(true);
    expect(clean.endsWith('An')).toBe(true);
    expect(foldForMatch('x'.repeat(10_000_000))).toHaveLength(10_000_000);
    expect(normalizeText(' a\u200b b\u00a0\u00a0c\n')).toBe('a b c');
    expect(normalizeText('ab\u200bcd')).toBe('abcd');
  });
});

describe('reader limits, each with its number in Vietnamese', () => {
  it('a cell past maxCellChars is refused with SOURCE_TOO_LARGE naming both numbers', async () => {
    const file = save('huge-cell.xlsx', hostileWorkbook(donorSheet([['a '.repeat(5_000_000), 100_000]])));
    const error = await rejection(file);
    expect(error.issueCode).toBe('SOURCE_TOO_LARGE');
    const text = issueMessage({ code: 'SOURCE_TOO_LARGE', severity: 'error', params: { ...error.params }, location: { source: 'huge-cell.xlsx' } });
    expect(text).toContain('một ô trên trang "Trang 1" có 10.000.000 ký tự, quá 32.767 ký tự (giới hạn limits.maxCellChars)');
  }, 60_000);

  it('campaign.yaml `limits:` overrides a limit, and rejects unknown or wrong ones', async () => {
    const file = save('long-note.xlsx', hostileWorkbook(donorSheet([['Nguyễn Văn An '.repeat(10), 100_000]])));
    const config = campaign(path.basename(file), { limits: { maxCellChars: 50 } });
    const { reads } = await readSources(config, dir);
    expect(reads[0]).toMatchObject({ ok: false });
    expect((reads[0] as { error: SourceError }).error.params['reason']).toContain('quá 50 ký tự (giới hạn limits.maxCellChars)');
    const unknown = CampaignConfigSchema.safeParse({ ...config, limits: { maxCells: 5 } });
    expect(unknown.success).toBe(false);
    const wrong = CampaignConfigSchema.safeParse({ ...config, limits: { maxCellChars: -1 } });
    expect(wrong.success).toBe(false);
  }, 60_000);

  it('3,000 <sheet> entries naming one part read that part once', async () => {
    const donors = Array.from({ length: 300 }, (_, i): [string, number] => [`Người ủng hộ ${i + 1}`, 100_000]);
    const file = save('same-part.xlsx', hostileWorkbook(donorSheet(donors), 3_000));
    const read = await readSourceFile(file, 'same-part.xlsx');
    expect(read.grid.sheets).toHaveLength(1);
    expect(read.grid.sheets[0]!.rows).toHaveLength(301);
  }, 60_000);

  it('20,000 whole-sheet merged ranges are cut to the sheet and counted once when the header is searched', () => {
    const sheet = { name: 'Trang 1', rows: [[{ value: 'STT' }, { value: 'Họ và tên' }, { value: 'Số tiền' }]], merges: Array(20_000).fill('A1:XFD1048576') } as never;
    const masters = mergeMasters(sheet, 30);
    expect(masters.size).toBe(2); // B1 and C1 point at A1: cut to the sheet's real width and rows
    expect(masters.get('0:2')).toEqual([0, 0]);
  });
});

describe('analysis of one source never fails the campaign', () => {
  const source = (display: string): ResolvedSource => ({ unitId: 'xa-an-hoa', display, absolutePath: path.join(dir, display), spec: { path: display } }) as ResolvedSource;

  it('an unexpected error while analysing a source becomes SOURCE_ANALYSIS_FAILED on that source only', () => {
    const poisoned = { sheets: [{ name: 'Trang 1', get rows(): never { throw new RangeError('Maximum call stack size exceeded'); }, merges: [] }] };
    const reads: SourceRead[] = [{ source: source('hong.xlsx'), ok: true, grid: poisoned as never, sha256: 'x' }];
    const result = analyse(campaign('hong.xlsx'), reads);
    const failure = result.issues.find((i) => i.code === 'SOURCE_ANALYSIS_FAILED')!;
    expect(failure.location).toEqual({ unitId: 'xa-an-hoa', source: 'hong.xlsx' });
    expect(issueMessage(failure)).toContain('RangeError: Maximum call stack size exceeded');
    expect(result.consolidation.units[0]!.status).toBe('failed');
  });

  it('totals above 2^53 đồng are TOTAL_TOO_LARGE, and the words say why instead of crashing', async () => {
    const file = save('qua-lon.xlsx', hostileWorkbook(donorSheet([['Ông A', 9_000_000_000_000_000], ['Bà B', 9_000_000_000_000_000]])));
    const config = campaign(path.basename(file));
    const { reads, unresolved } = await readSources(config, dir);
    const result = analyse(config, reads, unresolved);
    const issue = result.issues.find((i) => i.code === 'TOTAL_TOO_LARGE')!;
    expect(issue.location.unitId).toBe('xa-an-hoa');
    expect(issueMessage(issue)).toContain('vượt quá 9.007.199.254.740.991 đồng');
    expect(summedAmountInWords(result.consolidation.totals.amount)).toMatch(/^\(không ghi được bằng chữ/);
    expect(summedAmountInWords(1_005)).toBe('Một nghìn không trăm linh năm đồng');
  }, 60_000);
});

describe('hostile text stays inert', () => {
  it('NUL, escape and bidi overrides in a donor name: words kept apart, nothing reversed, in records and messages', async () => {
    // NUL cannot be in XML, so it comes by CSV (exported from other systems); enough ordinary rows
    // that the file still sniffs as text.
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 3},Người ủng hộ số ${i + 3},50000`);
    const text = ['STT,Họ và tên,Số tiền', '1,Nguyễn\u0000Văn\u001bAn,100000', '2,\u202Eỏh gnáuQ\u202C Bà,0', ...rows].join('\n');
    const file = save('ten-doc-hai.csv', Buffer.from(text));
    const config = campaign(path.basename(file));
    const { reads, unresolved } = await readSources(config, dir);
    const result = analyse(config, reads, unresolved);
    const names = result.outcomes.flatMap((o) => o.donations.map((d) => d.name));
    expect(names).toContain('Nguyễn Văn An');
    const zero = result.issues.find((i) => i.code === 'AMOUNT_ZERO')!;
    expect(issueMessage(zero)).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    expect(issueMessage(zero)).toContain('ỏh gnáuQ Bà');
  }, 60_000);

  it('issues.csv neutralises formulas in every user-supplied column', async () => {
    const { issuesCsv } = await import('../src/outputs/issues-csv.js');
    const csv = issuesCsv(
      [{ code: 'SOURCE_CORRUPT', severity: 'error', params: { reason: 'x' }, location: { unitId: 'u', source: "=cmd|' /C calc'!A0", sheet: '+HYPERLINK("http://127.0.0.1:9")' } }],
      new Map([['u', '@SUM(1+1)']]),
    );
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`'=cmd|' /C calc'!A0`);
    expect(line).toContain(`"'+HYPERLINK(""http://127.0.0.1:9"")"`);
    expect(line).toContain(`'@SUM(1+1)`);
    expect(line.split(',').some((cell) => /^[=+@-]/.test(cell))).toBe(false);
  });
});
