/**
 * Intake benchmark: our whole intake (readSourceFile + analyse) beside a bare exceljs read of the
 * same files, on a district of 50 files × 2,000 rows and on one 100,000-row file. Each measurement
 * runs in its own process, so its peak RSS (`process.resourceUsage().maxRSS`, parse worker included)
 * is its own. Files are generated once into bench/.work/ (git-ignored).
 *
 *   node --import tsx bench/intake.ts            # everything
 *   node --import tsx bench/intake.ts --quick    # 10 files × 2,000 rows and 20,000 rows
 *   node --import tsx bench/intake.ts --generate-only
 *
 * Targets: intake within 1.5× of the bare read; under 512 MiB peak for the 100,000-row file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { minimalCampaign } from '../fixtures/tools/campaign.js';
import { analyse } from '../src/analyse/analyse.js';
import { readSources } from '../src/intake/read-sources.js';
import { closeParseWorker } from '../src/intake/xlsx/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORK = path.join(HERE, '.work');
const QUICK = process.argv.includes('--quick');
const DISTRICT_FILES = QUICK ? 10 : 50;
const DISTRICT_ROWS = 2_000;
const BIG_ROWS = QUICK ? 20_000 : 100_000;

type Dataset = { name: string; dir: string; files: number; rowsPerFile: number };
const DATASETS: Dataset[] = [
  { name: `district ${DISTRICT_FILES} × ${DISTRICT_ROWS.toLocaleString('en')} rows`, dir: `district-${DISTRICT_FILES}x${DISTRICT_ROWS}`, files: DISTRICT_FILES, rowsPerFile: DISTRICT_ROWS },
  { name: `one file × ${BIG_ROWS.toLocaleString('en')} rows`, dir: `big-${BIG_ROWS}`, files: 1, rowsPerFile: BIG_ROWS },
];

type Approach = 'intake' | 'exceljs-load' | 'exceljs-stream';
type Measurement = {
  seconds: number;
  rows: number;
  maxRssMb: number;
  donors?: number;
  /** Intake only: readSources (read → grid) and analyse, apart, with the peak RSS after reading. */
  readSeconds?: number;
  analyseSeconds?: number;
  maxRssAfterReadMb?: number;
};

// ---- data ------------------------------------------------------------------------------------

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Quang', 'Thu', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Em', 'Giang', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Oanh', 'Phúc', 'Quý', 'Sơn', 'Tâm'];
const SECOND = ['Anh', 'Bảo', 'Chi', 'Duy', 'Hải', 'Hạnh', 'Khánh', 'Linh', 'Long', 'My', 'Nhật', 'Phương', 'Thanh', 'Trung', 'Tú', 'Yến'];
const HAMLETS = ['Thôn Tiên Hội', 'Thôn Đồng Xuân', 'Thôn Hạ Câu', 'Thôn Kim Sơn', 'Xóm Bến'];
const CATEGORIES = ['Nhân dân', 'CBCCVC', 'Doanh nghiệp', 'Nhà hảo tâm'];

/** One commune's list as an officer would make it: title rows, a header, donors, a total. */
export async function writeList(file: string, rows: number, seed: number, options: { problems?: boolean } = {}): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = workbook.addWorksheet('Danh sách');
  ws.addRow(['ỦY BAN MTTQ VIỆT NAM XÃ AN THẮNG']).commit();
  ws.addRow(['DANH SÁCH ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO NĂM 2024']).commit();
  ws.addRow([]).commit();
  ws.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Đối tượng', 'Số tiền (đồng)', 'Ngày nộp', 'Ghi chú']).commit();
  let total = 0;
  for (let i = 0; i < rows; i++) {
    // Plain arithmetic (no bit shifts): k passes 2^31 in a 100,000-row list.
    const k = seed * 7919 + i * 104_729;
    const pick = <T>(list: readonly T[], divisor: number): T => list[Math.floor(k / divisor) % list.length]!;
    const amount = (1 + (Math.floor(k / 8192) % 97)) * 5_000;
    total += amount;
    const row = ws.addRow([
      i + 1,
      // Few exact repeats, as in a real list (repeats are flagged for review).
      `${pick(SURNAMES, 1)} ${pick(MIDDLE, 8)} ${pick(SECOND, 512)} ${pick(GIVEN, 32)}`,
      pick(HAMLETS, 4),
      pick(CATEGORIES, 16),
      // A province's lists each have a problem or two, so every unit gets feedback.
      options.problems && i === 2 ? 'hai trăm nghìn' : amount,
      new Date(Date.UTC(2024, 8, 1 + (i % 60))),
      i % 17 === 0 ? 'Chuyển khoản' : null,
    ]);
    row.getCell(6).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  ws.addRow([null, 'Tổng cộng', null, null, total]).commit();
  ws.commit();
  await workbook.commit();
}

async function generate(dataset: Dataset): Promise<string> {
  const dir = path.join(WORK, dataset.dir);
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) return dir;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  for (let f = 0; f < dataset.files; f++) {
    await writeList(path.join(dir, `xa-${String(f + 1).padStart(2, '0')}.xlsx`), dataset.rowsPerFile, f + 1);
  }
  writeFileSync(marker, new Date().toISOString());
  console.log(`generated ${dataset.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

// ---- measurements (each in its own process) ---------------------------------------------------

export function listFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort().map((f) => path.join(dir, f));
}

async function measure(approach: Approach, dir: string): Promise<Measurement> {
  const files = listFiles(dir);
  const started = performance.now();
  let rows = 0;
  const extra: Partial<Measurement> = {};
  if (approach === 'intake') {
    const config = minimalCampaign(files.map((file, k) => ({ id: `xa-${k + 1}`, name: `Xã ${k + 1}`, kind: 'commune', sources: [path.basename(file)] })));
    const { reads, unresolved } = await readSources(config, dir);
    const failed = reads.filter((r) => !r.ok);
    if (failed.length) throw new Error(`intake failed: ${failed.map((r) => (r.ok ? '' : r.error.message)).join('; ')}`);
    extra.readSeconds = (performance.now() - started) / 1000;
    extra.maxRssAfterReadMb = process.resourceUsage().maxRSS / 1024;
    const analysed = performance.now();
    const { consolidation } = analyse(config, reads, unresolved);
    extra.analyseSeconds = (performance.now() - analysed) / 1000;
    for (const read of reads) if ('grid' in read) rows += read.grid.sheets.reduce((m, s) => m + s.rows.length, 0);
    extra.donors = consolidation.totals.donors;
    await closeParseWorker();
  } else if (approach === 'exceljs-load') {
    for (const file of files) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      workbook.eachSheet((ws) => (rows += ws.actualRowCount));
    }
  } else {
    for (const file of files) {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore' });
      for await (const ws of reader) for await (const row of ws as AsyncIterable<ExcelJS.Row>) if (row.hasValues) rows++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  return { seconds, rows, maxRssMb, ...extra };
}

export function runMeasurement(approach: Approach, dir: string): Measurement {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', approach, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measurement;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--measure');
  if (at >= 0) {
    const result = await measure(process.argv[at + 1] as Approach, process.argv[at + 2]!);
    console.log(JSON.stringify(result));
    return;
  }
  mkdirSync(WORK, { recursive: true });
  if (process.argv.includes('--generate-only')) {
    for (const dataset of DATASETS) await generate(dataset);
    return;
  }
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(13))).join(''));
  row('dataset / approach', 'seconds', 'rows/s', 'peak RSS MiB');
  let verdict = true;
  for (const dataset of DATASETS) {
    const dir = await generate(dataset);
    const results = new Map<Approach, Measurement>();
    for (const approach of ['exceljs-load', 'exceljs-stream', 'intake'] as const) results.set(approach, runMeasurement(approach, dir));
    lines.push(dataset.name);
    for (const [approach, m] of results) {
      row(`  ${approach}`, m.seconds.toFixed(2), Math.round(m.rows / m.seconds).toLocaleString('en'), m.maxRssMb.toFixed(0));
    }
    const intake = results.get('intake')!;
    const bare = Math.min(results.get('exceljs-load')!.seconds, results.get('exceljs-stream')!.seconds);
    const ratio = intake.seconds / bare;
    lines.push(
      `  of which read ${intake.readSeconds!.toFixed(2)} s (peak ${intake.maxRssAfterReadMb!.toFixed(0)} MiB), analyse ${intake.analyseSeconds!.toFixed(2)} s`,
    );
    lines.push(`  intake / fastest bare read: ${ratio.toFixed(2)}× (target ≤ 1.5×); read alone: ${(intake.readSeconds! / bare).toFixed(2)}×; donors found: ${intake.donors}`);
    if (ratio > 1.5) verdict = false;
    if (dataset.files === 1 && intake.maxRssMb > 512) {
      lines.push(`  intake peak RSS ${intake.maxRssMb.toFixed(0)} MiB is over the 512 MiB target`);
      verdict = false;
    }
  }
  console.log(lines.join('\n'));
  console.log(verdict ? 'bench intake: within targets' : 'bench intake: OVER TARGET (see above)');
}

// Runnable alone, and imported by bench/province.ts for its generator and bare read.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
