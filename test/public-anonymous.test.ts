/**
 * Donors who asked to stay unnamed in public: by a note, or by a mark in a column ("Ẩn danh",
 * "Không công khai tên"). A list with such a column is read as any other (the column is found by
 * its header), the mark travels with the donation, and the public lists and page show "Ẩn danh"
 * with the amount when `public.hideAnonymous` is on.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousFromText, buildAliasTable } from '../src/extract/columns.js';
import { extractDonations } from '../src/extract/extract.js';
import { readSourceFile } from '../src/intake/read-source.js';
import type { SourceOutcome } from '../src/model/source.js';
import { ANONYMOUS, publicUnits } from '../src/outputs/public/public-lists.js';
import { PUBLIC_PAGE_DIR, writePublicOutputs } from '../src/outputs/public/write-public.js';
import { analyseDemo } from './helpers/demo.js';

let dir: string;
let outcome: SourceOutcome;
const DONORS: [string, string, number, string | number | null][] = [
  ['Nguyễn Văn Ất', 'Thôn Đông', 500_000, 'x'],
  ['Trần Thị Bình', 'Thôn Đông', 300_000, null],
  ['Lê Văn Cường', 'Thôn Tây', 200_000, 'Có'],
  ['Phạm Thị Dung', 'Thôn Tây', 100_000, 'không'],
  ['Hoàng Văn Em', 'Thôn Nam', 1_000_000, '✓'],
  ['Đỗ Thị Gấm', 'Thôn Nam', 150_000, 1],
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-an-danh-'));
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('Ẩn danh');
  a.addRow(['DANH SÁCH ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO']);
  a.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền (đồng)', 'Ẩn danh', 'Ghi chú']);
  DONORS.forEach(([name, address, amount, mark], i) => a.addRow([i + 1, name, address, amount, mark, i === 1 ? 'Tiền mặt' : null]));
  const b = wb.addWorksheet('Không công khai');
  b.addRow(['STT', 'Họ tên người ủng hộ', 'Thôn, xóm', 'Số tiền ủng hộ', 'Không công khai tên']);
  b.addRow([1, 'Vũ Văn Hải', 'Thôn Bắc', 400_000, 'X']);
  b.addRow([2, 'Ngô Thị Lan', 'Thôn Bắc', 250_000, '']);
  const file = path.join(dir, 'xa-an-danh.xlsx');
  await wb.xlsx.writeFile(file);
  const read = await readSourceFile(file, 'xa-an-danh.xlsx');
  const extraction = extractDonations(read.grid, { unitId: 'xa-an-danh', unitKind: 'commune', source: 'xa-an-danh.xlsx', sha256: read.sha256 }, buildAliasTable());
  outcome = { path: 'xa-an-danh.xlsx', unitId: 'xa-an-danh', status: 'ok', sheets: [], donations: extraction.donations };
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('donors who asked to stay unnamed', () => {
  it('the "Ẩn danh" and "Không công khai tên" columns are found by their headers and their marks read', () => {
    const marked = outcome.donations.filter((d) => d.anonymous).map((d) => `${d.name}@${d.provenance.sheet}!${d.provenance.cells['anonymous']}`);
    expect(marked).toEqual(['Nguyễn Văn Ất@Ẩn danh!E3', 'Lê Văn Cường@Ẩn danh!E5', 'Hoàng Văn Em@Ẩn danh!E7', 'Đỗ Thị Gấm@Ẩn danh!E8', 'Vũ Văn Hải@Không công khai!E2']);
    // The other columns are read as before: every donor, amount and note, the mark column taken for none of them.
    expect(outcome.donations.map((d) => [d.name, d.amount])).toEqual([...DONORS.map(([n, , a]) => [n, a]), ['Vũ Văn Hải', 400_000], ['Ngô Thị Lan', 250_000]]);
    expect(outcome.donations[1]!.note).toBe('Tiền mặt');
    expect(outcome.donations.every((d) => d.address?.startsWith('Thôn'))).toBe(true);
  });

  it('marks say yes; blanks, "không" and "0" do not', () => {
    for (const yes of ['x', 'X', 'Có', 'co', 'yes', '1', '✓', 'Ẩn danh', 'xin giấu tên', 'Không công khai']) expect(anonymousFromText(yes), yes).toBe(true);
    for (const no of ['', 'không', 'Không', '0', 'no', '-', 'Công khai']) expect(anonymousFromText(no), no).toBe(false);
  });

  it('public lists show "Ẩn danh" with the amount, so totals still add up; names again when the option is off', () => {
    const config = { units: [{ id: 'xa-an-danh', name: 'Xã An Danh', kind: 'commune' as const, sources: [] }], public: { title: 'DANH SÁCH CÔNG KHAI', hideAnonymous: true, lists: true, page: true } };
    const [unit] = publicUnits(config, [outcome]);
    expect(unit!.donors.map((d) => d.name)).toEqual([ANONYMOUS, 'Trần Thị Bình', ANONYMOUS, 'Phạm Thị Dung', ANONYMOUS, ANONYMOUS, ANONYMOUS, 'Ngô Thị Lan']);
    expect(unit!.donors.filter((d) => d.name === ANONYMOUS).every((d) => d.hamlet === '')).toBe(true);
    expect(unit!.total).toBe(outcome.donations.reduce((s, d) => s + d.amount, 0));
    const [shown] = publicUnits({ ...config, public: { ...config.public, hideAnonymous: false } }, [outcome]);
    expect(shown!.donors.map((d) => d.name)).toEqual(outcome.donations.map((d) => d.name));
  });

  it('the public page names none of them', async () => {
    const demo = await analyseDemo();
    const config = { ...demo.config, units: [{ id: 'xa-an-danh', name: 'Xã An Danh', kind: 'commune' as const, sources: [] }], public: { ...demo.config.public!, lists: false, page: true, hideAnonymous: true } };
    // Without lists nothing is printed, so no browser is started.
    await writePublicOutputs({ config, outcomes: [outcome], reportDate: '2023-10-05', dir, browser: undefined as unknown as Browser });
    const html = readFileSync(path.join(dir, PUBLIC_PAGE_DIR, 'index.html'), 'utf8');
    for (const d of outcome.donations) expect(html.includes(d.name), d.name).toBe(!d.anonymous);
    expect(html).toContain(ANONYMOUS);
  });
});
