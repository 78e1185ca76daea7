/**
 * phu-luc-tong-hop.xlsx: live formulas whose cached results are the right totals, print setup, and
 * the recipe of docs/annex.md: a city-level campaign whose submissions are two
 * district annexes adds them up.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { ANNEX_SHEETS, writeAnnexXlsx } from '../src/outputs/annex.js';
import { analyse, type Analysis } from '../src/analyse/analyse.js';
import { readSources } from '../src/intake/read-sources.js';
import { analyseDemo, DEMO_CONFIG } from './helpers/demo.js';

let work: string;
let demo: Awaited<ReturnType<typeof analyseDemo>>;
let annex: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-annex-'));
  demo = await analyseDemo();
  annex = path.join(work, 'an-lao.xlsx');
  await writeAnnexXlsx(annex, demo.config, demo.consolidation, { reportDate: '2023-10-05' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

type Formula = { formula: string; result?: unknown };
const isFormula = (v: unknown): v is Formula => typeof v === 'object' && v !== null && 'formula' in v;

/**
 * A tiny evaluator for the formulas the annex uses (SUM over ranges, A-B, IF(N(x)>0,a/b,"")), so the
 * test checks what the formulas compute, not only the results we cached.
 */
function evaluate(ws: ExcelJS.Worksheet, address: string, depth = 0): number | string {
  if (depth > 20) throw new Error(`formula loop at ${address}`);
  const value = ws.getCell(address).value;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (!isFormula(value)) throw new Error(`unexpected cell ${address}: ${JSON.stringify(value)}`);
  const f = value.formula;
  const num = (a: string): number => Number(evaluate(ws, a, depth + 1)) || 0;
  const sum = /^SUM\((.+)\)$/.exec(f);
  if (sum) {
    let total = 0;
    for (const range of sum[1]!.split(',')) {
      const [from, to = from] = range.split(':') as [string, string?];
      const [c1, c2] = [from, to].map((a) => /^[A-Z]/.exec(a)![0].charCodeAt(0));
      const [r1, r2] = [from, to].map((a) => Number(/\d+$/.exec(a)![0]));
      for (let c = c1!; c <= c2!; c++) for (let r = r1!; r <= r2!; r++) total += num(`${String.fromCharCode(c)}${r}`);
    }
    return total;
  }
  const diff = /^([A-Z]+\d+)-([A-Z]+\d+)$/.exec(f);
  if (diff) return num(diff[1]!) - num(diff[2]!);
  const ratio = /^IF\(N?\(?([A-Z]+\$?\d+)\)?>0,([A-Z]+\d+)\/([A-Z]+\$?\d+),""\)$/.exec(f);
  if (ratio) {
    const den = num(ratio[1]!.replace('$', ''));
    return den > 0 ? num(ratio[2]!) / num(ratio[3]!.replace('$', '')) : '';
  }
  throw new Error(`formula not understood by the test: ${f}`);
}

/** Row number of the first row whose column B reads `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(`B${r}`).value === label) return r;
  throw new Error(`no row "${label}"`);
}

describe('Biểu 01 (by unit)', () => {
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    const wb = await readBook(annex);
    expect(wb.worksheets.map((w) => w.name)).toEqual([ANNEX_SHEETS.units, ANNEX_SHEETS.categories]);
    ws = wb.getWorksheet(ANNEX_SHEETS.units)!;
  });

  it('has the title rows, the two-row header and the column-number row', () => {
    expect(ws.getCell('K1').value).toBe('Biểu 01');
    expect(ws.getCell('A2').value).toBe('TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐƠN VỊ');
    expect(ws.getCell('A3').value).toBe(demo.config.campaign.title);
    expect(ws.getCell('A4').value).toBe('(Kèm theo Báo cáo số 62/BC-MTTQ-BTT ngày 05 tháng 10 năm 2023)');
    expect(ws.getCell('B6').value).toBe('Đơn vị');
    expect(ws.getCell('I7').value).toBe('Tổng cộng');
    expect([...'ABCDEFGHIJKLM'].map((c) => ws.getCell(`${c}8`).value)).toEqual(Array.from({ length: 13 }, (_, i) => `(${i + 1})`));
    expect(ws.getCell('A9').value).toBe('I. Các xã, thị trấn');
  });

  it('totals are live formulas whose cached results and computed values equal the consolidation', () => {
    const { groups, totals } = demo.consolidation;
    const sub1 = rowOf(ws, 'Cộng');
    const sub2 = rowOf(ws, 'Cộng', sub1 + 1);
    const grand = rowOf(ws, 'Tổng cộng');
    const cases: [number, { amount: number; target?: number | undefined }][] = [
      [sub1, groups[0]!],
      [sub2, groups[1]!],
      [grand, totals],
    ];
    for (const [row, expected] of cases) {
      const cell = ws.getCell(`I${row}`).value;
      expect(isFormula(cell) && cell.formula).toMatch(/^SUM\(I\d+:I\d+(,I\d+:I\d+)*\)$/);
      expect(isFormula(cell) && cell.result).toBe(expected.amount);
      expect(evaluate(ws, `I${row}`)).toBe(expected.amount);
      expect(evaluate(ws, `C${row}`)).toBe(expected.target);
    }
    expect((ws.getCell(`I${grand}`).value as Formula).formula).toBe(`SUM(I10:I26,I29:I34)`);
    // % achieved: a formula, cached as a ratio and shown with a percent format.
    const pct = ws.getCell(`J${grand}`);
    expect((pct.value as Formula).formula).toBe(`IF(N(C${grand})>0,I${grand}/C${grand},"")`);
    expect((pct.value as Formula).result).toBeCloseTo(totals.amount / totals.target!, 10);
    expect(pct.numFmt).toBe('0.0%');
    // Paid is paid or transferred; unpaid is only what lists say is owed (pledged or collected),
    // never money whose status no list states (the demo has some: it is neither).
    const paid = totals.byStatus.paid + totals.byStatus.transferred;
    expect(totals.byStatus.unstated).toBeGreaterThan(0);
    expect(evaluate(ws, `K${grand}`)).toBe(paid);
    expect(evaluate(ws, `L${grand}`)).toBe(totals.byStatus.pledged + totals.byStatus.collected);
    // Every unit row's total is SUM of its category cells and agrees with the unit's amount.
    for (const unit of demo.consolidation.units) {
      const r = rowOf(ws, unit.name);
      expect((ws.getCell(`I${r}`).value as Formula).formula).toBe(`SUM(D${r}:H${r})`);
      expect(evaluate(ws, `I${r}`)).toBe(unit.amount);
    }
  });

  it('formats money as #,##0, freezes the header and prints A4 landscape, fitted to width, titles repeated', () => {
    expect(ws.getCell('I10').numFmt).toBe('#,##0');
    expect(ws.getCell('C10').numFmt).toBe('#,##0');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 8, xSplit: 2 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:8' });
    expect(ws.getColumn('B').width).toBeGreaterThanOrEqual(30);
    expect(ws.getColumn('I').width).toBeGreaterThanOrEqual(14);
  });
});

describe('Biểu 02 (by category)', () => {
  it('lists each category with a SUM total and shares as formulas', async () => {
    const ws = (await readBook(annex)).getWorksheet(ANNEX_SHEETS.categories)!;
    const grand = rowOf(ws, 'Tổng cộng');
    const { totals } = demo.consolidation;
    const total = ws.getCell(`D${grand}`).value as Formula;
    expect(total.formula).toBe(`SUM(D8:D${grand - 1})`);
    expect(total.result).toBe(totals.amount);
    expect(evaluate(ws, `D${grand}`)).toBe(totals.amount);
    expect(evaluate(ws, `C${grand}`)).toBe(totals.donors);
    const business = rowOf(ws, 'Doanh nghiệp');
    expect(ws.getCell(`D${business}`).value).toBe(totals.byCategory.business.amount);
    expect(evaluate(ws, `E${business}`)).toBeCloseTo(totals.byCategory.business.amount / totals.amount, 10);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '6:7' });
  });
});

describe('the annex of one level is a submission of the next', () => {
  let city: Analysis;
  let second: Awaited<ReturnType<typeof analyseDemo>>;

  beforeAll(async () => {
    // A second district: the demo with one amount changed (+10.000.000 đồng).
    const other = path.join(work, 'other-district');
    cpSync(path.dirname(DEMO_CONFIG), other, { recursive: true });
    const file = path.join(other, 'submissions', 'tt-an-lao.xlsx');
    const wb = await readBook(file);
    let changed = 0;
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        if (row.getCell(2).value === 'Công ty TNHH Cơ khí Trường Thành') {
          row.eachCell((cell) => {
            if (cell.value === 50_000_000) {
              cell.value = 60_000_000;
              changed++;
            }
          });
        }
      }),
    );
    expect(changed).toBe(1);
    await wb.xlsx.writeFile(file);
    const loaded = await loadConfig(path.join(other, 'campaign.yaml'));
    const read = await readSources(loaded.config, loaded.baseDir);
    second = { ...analyse(loaded.config, read.reads, read.unresolved), config: loaded.config };
    expect(second.consolidation.totals.amount).toBe(demo.consolidation.totals.amount + 10_000_000);

    const cityDir = path.join(work, 'city');
    cpSync(annex, path.join(cityDir, 'nop', 'huyen-an-lao.xlsx'));
    await writeAnnexXlsx(path.join(cityDir, 'nop', 'huyen-khac.xlsx'), second.config, second.consolidation, { reportDate: '2023-10-05' });
    writeFileSync(
      path.join(cityDir, 'campaign.yaml'),
      [
        'campaign:',
        '  title: "Kết quả vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên"',
        '  purpose: "ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên"',
        '  plan: { number: "120/KH-MTTQ-BTT", date: "2023-07-25" }',
        '  period: { from: "2023-08-01", to: "2023-09-30" }',
        '  deadline: "2023-10-15"',
        'issuer:',
        '  parents: ["ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ HẢI PHÒNG"]',
        '  body: "BAN THƯỜNG TRỰC"',
        '  place: "Hải Phòng"',
        '  signer: { title: "CHỦ TỊCH", name: "Nguyễn Văn A" }',
        'report:',
        '  number: "15/BC-MTTQ-BTT"',
        '  recipients: ["Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam"]',
        'groups:',
        '  - label: "Các quận, huyện"',
        '    kinds: [district]',
        '# The recipe (docs/annex.md): a unit row is one "donor".',
        'columns:',
        '  name: ["Đơn vị"]',
        '  amount: ["Tổng cộng"]',
        'units:',
        '  - { id: huyen-an-lao, name: "Huyện An Lão", kind: district, sources: [{ path: nop/huyen-an-lao.xlsx, sheet: "Biểu 01" }] }',
        '  - { id: huyen-khac, name: "Huyện Khác", kind: district, sources: [nop/huyen-khac.xlsx] }',
        '',
      ].join('\n'),
    );
    const cityLoaded = await loadConfig(path.join(cityDir, 'campaign.yaml'));
    const cityRead = await readSources(cityLoaded.config, cityLoaded.baseDir);
    city = analyse(cityLoaded.config, cityRead.reads, cityRead.unresolved);
  });

  it('sums the two district annexes', () => {
    const units = city.consolidation.units;
    expect(units.find((u) => u.id === 'huyen-an-lao')?.amount).toBe(demo.consolidation.totals.amount);
    expect(units.find((u) => u.id === 'huyen-khac')?.amount).toBe(second.consolidation.totals.amount);
    expect(city.consolidation.totals.amount).toBe(demo.consolidation.totals.amount + second.consolidation.totals.amount);
    // One "donor" per commune/organisation row with money (rows of units that sent nothing read as 0).
    const withMoney = demo.consolidation.units.filter((u) => u.amount > 0).length;
    expect(city.consolidation.totals.donors).toBeGreaterThanOrEqual(withMoney * 2);
    expect(city.consolidation.totals.donors).toBeLessThanOrEqual(demo.consolidation.units.length * 2);
  });

  it('reads every row without errors except, until intake reads a cached 0, the rows of units that sent nothing', () => {
    const silentUnits = new Set(demo.consolidation.units.filter((u) => u.amount === 0).map((u) => u.name));
    expect(city.issues.filter((i) => i.code === 'TOTAL_MISMATCH' || i.code === 'COLUMN_MISSING' || i.code === 'AMOUNT_MISSING')).toEqual([]);
    for (const issue of city.issues.filter((i) => i.severity === 'error')) {
      // exceljs drops a formula's cached 0 (cell.value); intake then reports FORMULA_NO_VALUE.
      expect(issue.code).toBe('FORMULA_NO_VALUE');
      expect(issue.location.column).toBe('I');
    }
    expect(city.issues.filter((i) => i.severity === 'error').length).toBeLessThanOrEqual(silentUnits.size * 2);
    // Biểu 02 (no unit names) is recognised as a summary and not added in.
    expect(city.issues.some((i) => i.code === 'SHEET_SUMMARY_SKIPPED' && i.location.sheet === 'Biểu 02')).toBe(true);
  });
});
