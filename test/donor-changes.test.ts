/**
 * What changed down to donors: rows of a list added, removed, or changed in amount or name between
 * two nights, with their cells: in `tonghop diff`, the console's change lines, summary.json and the
 * dashboard.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Donation } from '../src/model/record.js';
import { diffDonors } from '../src/nightly/donor-diff.js';

const exec = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const ENV = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'donor-changes-test', TONGHOP_LOG_FORMAT: 'text' };

function donation(name: string, amount: number, row: number, sheet = 'Danh sách'): Donation {
  return {
    unitId: 'thon-1',
    name,
    amount,
    category: 'resident',
    status: 'collected',
    provenance: { source: 'submissions/a.xlsx', sheet, row, cells: { name: `B${row}`, amount: `E${row}` }, sha256: 'x' },
  };
}

describe('diffDonors (one source, two versions)', () => {
  it('matches by name without case or diacritics, then by row for a renamed donor', () => {
    const before = [donation('Nguyễn Văn An', 200_000, 5), donation('Trần Thị Bình', 350_000, 6), donation('Lê Văn Cường', 100_000, 7), donation('Đỗ Thị Dung', 50_000, 8)];
    const after = [
      donation('NGUYỄN VĂN AN', 200_000, 5), // only the case: the printed name changed
      donation('Lê Văn Cường', 150_000, 6), // moved up a row, amount changed
      donation('Trần Thị Hoa', 350_000, 7), // new, where Cường was (Cường is matched by name)
      donation('Phạm Văn Em', 80_000, 9),
    ];
    const changes = diffDonors(before, after).map((d) => [d.change, d.previousName ?? '', d.name, d.amount.before, d.amount.after, d.cell]);
    expect(changes).toEqual([
      ['changed', 'Nguyễn Văn An', 'NGUYỄN VĂN AN', 200_000, 200_000, 'E5'],
      ['changed', '', 'Lê Văn Cường', 100_000, 150_000, 'E6'],
      ['removed', '', 'Trần Thị Bình', 350_000, 0, 'E6'],
      ['added', '', 'Trần Thị Hoa', 0, 350_000, 'E7'],
      ['removed', '', 'Đỗ Thị Dung', 50_000, 0, 'E8'],
      ['added', '', 'Phạm Văn Em', 0, 80_000, 'E9'],
    ]);
  });

  it('a row whose name was retyped in place is one change with the old name', () => {
    const changes = diffDonors([donation('Trần Thị Bình', 350_000, 6)], [donation('Trần Thị Hoa', 300_000, 6)]);
    expect(changes).toEqual([
      { unitId: 'thon-1', change: 'changed', name: 'Trần Thị Hoa', previousName: 'Trần Thị Bình', amount: { before: 350_000, after: 300_000, difference: -50_000 }, source: 'submissions/a.xlsx', sheet: 'Danh sách', row: 6, cell: 'E6' },
    ]);
  });

  it('money stages of one row are one donor', () => {
    const pledged = { ...donation('Nguyễn Văn An', 100_000, 5), status: 'pledged' as const };
    expect(diffDonors([pledged, donation('Nguyễn Văn An', 100_000, 5)], [pledged, donation('Nguyễn Văn An', 150_000, 5)]).map((d) => d.amount)).toEqual([
      { before: 200_000, after: 250_000, difference: 50_000 },
    ]);
  });
});

describe('two nights of a starter campaign', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-donors-'));
  const config = path.join(dir, 'dot', 'campaign.yaml');
  let second: { stdout: string };
  let diff: string;

  async function tonghop(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { env: ENV, cwd: dir, maxBuffer: 16 << 20 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    expect((await tonghop(['init', 'dot'])).code).toBe(0);
    expect((await tonghop(['run', '--config', config])).code).toBe(1);
    // The commune sends its list again: An's amount corrected, Bình gone, the company moved up, Cường added.
    const file = path.join(dir, 'dot', 'submissions', 'mau-danh-sach.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Danh sách')!;
    ws.getCell('E5').value = 250_000;
    ws.getRow(6).values = [2, 'Công ty TNHH Hòa Bình', 'Thôn 1', 'Doanh nghiệp', 5_000_000, '20/8/2025'];
    ws.getRow(7).values = [3, 'Phạm Văn Cường', 'Thôn 1', 'Nhân dân', 100_000, '21/8/2025'];
    ws.getCell('E8').value = { formula: 'SUM(E5:E7)', result: 5_350_000 };
    await wb.xlsx.writeFile(file);
    second = await tonghop(['run', '--config', config]);
    diff = (await tonghop(['diff', '--config', config, 'previous', 'latest'])).stdout;
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tonghop diff lists each donor with its cell', () => {
    expect(diff).toContain('Thay đổi so với lần chạy');
    expect(diff).toContain('số lượt ủng hộ không đổi');
    expect(diff).toContain('  người ủng hộ sửa: Nguyễn Văn An 200.000 → 250.000 đồng (+50.000) (submissions/mau-danh-sach.xlsx, trang "Danh sách", ô E5)');
    expect(diff).toContain('  người ủng hộ không còn: Trần Thị Bình 350.000 đồng (submissions/mau-danh-sach.xlsx, trang "Danh sách", ô E6)');
    expect(diff).toContain('  người ủng hộ mới: Phạm Văn Cường 100.000 đồng (submissions/mau-danh-sach.xlsx, trang "Danh sách", ô E7)');
    expect(diff).not.toContain('Công ty TNHH Hòa Bình');
  });

  it('the run says it in one line, and the dashboard lists them', () => {
    expect(second.stdout).toContain('Người ủng hộ: 1 mới, 1 không còn, 1 sửa số tiền hoặc tên.');
    const page = readFileSync(path.join(dir, 'dot', 'output', 'latest', 'index.html'), 'utf8');
    const rows = [...page.matchAll(/<tr data-donor-change="([^"]+)">(.*?)<\/tr>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')]);
    expect(rows).toEqual([
      ['Sửa', '|Sửa|Thôn 1|Nguyễn Văn An|200.000|250.000|+50.000|submissions/mau-danh-sach.xlsx · Danh sách · E5|'],
      ['Không còn', '|Không còn|Thôn 1|Trần Thị Bình|350.000|—|-350.000|submissions/mau-danh-sach.xlsx · Danh sách · E6|'],
      ['Mới', '|Mới|Thôn 1|Phạm Văn Cường|—|100.000|+100.000|submissions/mau-danh-sach.xlsx · Danh sách · E7|'],
    ]);
  });
});
