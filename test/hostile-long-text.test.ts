/**
 * A single huge cell never fails the run (issue 16): a 10,000-character donor name and a
 * 10,000-character word without spaces, both above the certificate threshold, a 2,000-character
 * unit name and note, a unit missing its report (a reminder) and a bad row (a feedback letter). The
 * run finishes (exit < 2), each certificate is one page with the name cut, the rows carry
 * NAME_TOO_LONG with the cell and the length, and the totals count every đồng.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalCampaignFields } from '../fixtures/tools/campaign.js';
import { hostileWorkbook } from '../fixtures/tools/hostile-xlsx.js';
import { clipText } from '../src/format/text.js';
import { tonghop } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-long-text-'));
const longName = 'Nguyễn Văn Trường '.repeat(556).trim().slice(0, 10_000);
const longWord = 'Ư'.repeat(10_000);
const longNote = `Ghi chú ${'rất dài '.repeat(250)}`.trim().slice(0, 2_000);
const unitName = `Xã An Hòa ${'thôn xóm '.repeat(222)}`.trim().slice(0, 2_000);
const missingUnit = `Xã Vắng ${'Mặt'.repeat(700)}`.slice(0, 2_000);
let runDir = '';
let code = -1;
let output = '';

/** Every file under `folder` whose name ends with `extension`. */
function filesUnder(folder: string, extension: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => path.join(e.parentPath, e.name));
}

const pdfPages = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
/** The PDF's text on one line per paragraph-ish run: layout line breaks joined, spaces collapsed. */
const pdfText = (file: string): string => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, ' ');

beforeAll(async () => {
  const rows: (string | number)[][] = [
    ['STT', 'Họ và tên', 'Số tiền', 'Ghi chú'],
    [1, longName, 5_000_000, longNote],
    [2, longWord, 5_000_000, longWord],
    [3, 'Trần Thị Mai', 200_000, ''],
    // A problem to answer, so the unit gets a feedback letter.
    [4, longWord, 'abc', ''],
  ];
  writeFileSync(path.join(dir, 'an-hoa.xlsx'), hostileWorkbook({ rows }));
  const units = [
    { id: 'xa-an-hoa', name: unitName, kind: 'commune', sources: ['an-hoa.xlsx'] },
    { id: 'xa-vang-mat', name: missingUnit, kind: 'commune', sources: ['vang-mat.xlsx'] },
  ];
  writeFileSync(path.join(dir, 'campaign.yaml'), stringify(minimalCampaignFields(units, { certificates: { threshold: 1_000_000 }, public: {} })));
  const result = await tonghop(['run', '--config', path.join(dir, 'campaign.yaml'), '--log-format', 'text']);
  code = result.code;
  output = result.stdout + result.stderr;
  runDir = path.join(dir, 'output', 'latest');
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a 10,000-character name above the certificate threshold', () => {
  it('does not fail the run', () => {
    expect(code, output).toBeLessThan(2);
  });

  it('prints each certificate on one page, with the name cut with "…" and the amount and the signer still on it', () => {
    const certificates = filesUnder(path.join(runDir, 'giay-chung-nhan'), '.pdf').filter((f) => /^\d{4}-/.test(path.basename(f)));
    expect(certificates).toHaveLength(2);
    const texts = certificates.sort().map((f) => {
      expect(pdfPages(f), f).toBe(1);
      return pdfText(f);
    });
    const [spaced, word] = texts as [string, string];
    expect(spaced).toContain(clipText(`Ông/Bà ${longName}`));
    expect(spaced).toContain('Nguyễn Văn Trường…');
    expect(spaced).not.toContain(longName.slice(0, 400));
    // The single word breaks anywhere: joined again, it is the cut word.
    expect(word.replace(/ /g, '')).toContain(`${'Ư'.repeat(100)}…`);
    expect(word.replace(/ /g, '')).not.toContain('Ư'.repeat(200));
    for (const text of texts) {
      expect(text).toContain('5.000.000 đồng');
      expect(text).toContain('Năm triệu đồng');
      expect(text).toContain('Nguyễn Thị Nhung');
    }
  });

  it('marks both donor rows with NAME_TOO_LONG, naming the cell and the length', () => {
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { issues: { code: string; severity: string; cell?: string; message: string }[] };
    const long = summary.issues.filter((i) => i.code === 'NAME_TOO_LONG');
    expect(long.map((i) => [i.cell, i.severity])).toEqual([
      ['B2', 'warning'],
      ['B3', 'warning'],
    ]);
    expect(long[0]!.message).toMatch(/^Ô B2 ghi họ tên dài 10000 ký tự \("Nguyễn Văn Trường .*…"\); .* chỉ in 120 ký tự đầu/);
    expect(long[0]!.message.length).toBeLessThan(300);
    const csv = readFileSync(path.join(runDir, 'issues.csv'), 'utf8');
    expect(csv).toContain('Ô B2 ghi họ tên dài 10000 ký tự');
  });

  it('counts every đồng: the cut is only in print', () => {
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { totals: { amount: number } };
    expect(summary.totals.amount).toBe(10_200_000);
  });

  it('keeps the amounts on the public list: names cut, a word with no space broken, not pushed off the page', () => {
    const text = pdfText(path.join(runDir, 'cong-khai', 'danh-sach', 'xa-an-hoa.pdf'));
    expect(text).toContain('Số tiền (đồng)');
    expect(text.match(/5\.000\.000/g)).toHaveLength(2);
    expect(text).toContain(clipText(longName));
    expect(text).not.toContain(longName.slice(0, 400));
    expect(text).toContain('10.200.000 đồng');
  });

  it('prints the report, the letter and the reminder, a unit name with no space wrapped, not cut at the page edge', () => {
    const report = pdfText(path.join(runDir, 'bao-cao-tong-hop.pdf'));
    expect(report).not.toContain(longName.slice(0, 400));
    const letter = path.join(runDir, 'phan-hoi', 'xa-an-hoa', 'thu-phan-hoi.pdf');
    expect(pdfText(letter)).toContain('Nguyễn Thị Nhung');
    const reminder = pdfText(path.join(runDir, 'phan-hoi', 'xa-vang-mat', 'thu-don-doc.pdf')).replace(/\s/g, '');
    expect(reminder).toContain(missingUnit.replace(/\s/g, ''));
    expect(reminder).toContain('NguyễnThịNhung');
  });
});
