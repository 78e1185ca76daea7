/**
 * `npm run demo:google`: runs a campaign with some units read from "Google" — a local emulator
 * (fixtures/tools/google-emulator.ts) serving those units' own .xlsx/.csv content as Google Sheets
 * and as uploads in a shared Drive folder — and checks the totals equal the file-based run.
 *
 *   npm run demo:google -- [--config fixtures/an-lao-2023/campaign.yaml]
 *                          [--sheets tt-an-lao,xa-bat-trang] [--drive xa-my-duc,xa-truong-thanh]
 *
 * Nothing reaches Google: the real googleapis client is pointed at 127.0.0.1.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import type { Unit } from '../src/model/config.js';
import type { WorkbookGrid } from '../src/model/grid.js';
import { formatMoney } from '../src/format/number.js';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';
import { parseSpreadsheet } from '../src/intake/read-source.js';
import { GoogleEmulator, type EmulatedSheet, type EmulatedValue } from '../fixtures/tools/google-emulator.js';

/** Units whose files show Google-specific paths well: merged headers, offset tables, one sheet of many, CSV. */
const PREFERRED_SHEETS = ['tt-an-lao', 'xa-bat-trang', 'xa-an-thai', 'ldld-huyen'];
const PREFERRED_DRIVE = ['xa-my-duc', 'xa-truong-thanh'];
const SHARED_FOLDER = 'demo-shared-folder-0001';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string', default: 'fixtures/an-lao-2023/campaign.yaml' },
    sheets: { type: 'string' },
    drive: { type: 'string' },
  },
});

/** A grid cell as the emulator serves it: Sheets keeps values, not fonts or formulas. */
function toEmulated(grid: WorkbookGrid): EmulatedSheet[] {
  return grid.sheets.map((sheet) => ({
    title: sheet.name,
    hidden: sheet.hidden,
    merges: sheet.merges,
    rows: Array.from(sheet.rows, (row) =>
      Array.from(row ?? [], (cell): EmulatedValue => {
        if (!cell) return null;
        if (cell.error) return cell.error;
        if (cell.value instanceof Date) return { date: cell.value.toISOString().slice(0, 10) };
        return cell.value;
      }),
    ),
  }));
}

/** A unit can move to Google when all its sources are local files that parse. */
async function localFiles(unit: Unit, baseDir: string): Promise<{ file: string; grid: WorkbookGrid; bytes: Buffer; sheet?: string | undefined }[] | undefined> {
  if (unit.sources.length === 0) return undefined;
  const out = [];
  for (const spec of unit.sources) {
    if (spec.type !== 'file' || /[*?[]/.test(spec.path)) return undefined;
    const file = path.resolve(baseDir, spec.path);
    try {
      const bytes = await readFile(file);
      out.push({ file, bytes, grid: await parseSpreadsheet(bytes, path.basename(file)), sheet: spec.sheet });
    } catch {
      return undefined;
    }
  }
  return out;
}

function pick(requested: string | undefined, preferred: string[], movable: string[], taken: Set<string>, count: number): string[] {
  const wanted = requested ? requested.split(',').map((s) => s.trim()).filter(Boolean) : preferred.filter((id) => movable.includes(id));
  const chosen = wanted.filter((id) => movable.includes(id) && !taken.has(id));
  for (const id of movable) if (!requested && chosen.length < count && !taken.has(id) && !chosen.includes(id)) chosen.push(id);
  for (const id of chosen) taken.add(id);
  return chosen;
}

function totalsLine(label: string, r: RunResult): string {
  const t = r.summary.totals;
  return `${label.padEnd(14)} ${formatMoney(t.amount).padStart(15)} đồng, ${String(t.donors).padStart(4)} lượt, ${t.units.reported}/${t.units.expected} đơn vị, ${r.summary.issueCounts.error} lỗi, ${r.summary.issueCounts.warning} cảnh báo`;
}

async function main(): Promise<number> {
  const configPath = path.resolve(args.config!);
  const loaded = await loadConfig(configPath);
  const movable: string[] = [];
  const files = new Map<string, NonNullable<Awaited<ReturnType<typeof localFiles>>>>();
  for (const unit of loaded.config.units) {
    const f = await localFiles(unit, loaded.baseDir);
    if (f) {
      movable.push(unit.id);
      files.set(unit.id, f);
    }
  }
  const taken = new Set<string>();
  const sheetUnits = pick(args.sheets, PREFERRED_SHEETS, movable, taken, 3);
  const driveUnits = pick(args.drive, PREFERRED_DRIVE, movable, taken, 2);
  if (sheetUnits.length + driveUnits.length === 0) {
    console.error(`Không có đơn vị nào có tệp cục bộ đọc được trong ${args.config}.`);
    return 2;
  }

  const work = await mkdtemp(path.join(os.tmpdir(), 'tonghop-demo-google-'));
  const emulator = await GoogleEmulator.start();
  try {
    const keyFile = await emulator.writeKeyFile(work);
    emulator.addFolder({ id: SHARED_FOLDER, name: 'Báo cáo các đơn vị' });

    const doc = parseDocument(await readFile(configPath, 'utf8'));
    const units = loaded.config.units;
    units.forEach((unit, index) => {
      const unitFiles = files.get(unit.id);
      if (sheetUnits.includes(unit.id)) {
        const specs = unitFiles!.map(({ grid, sheet }, n) => {
          const id = `demo-${unit.id}-${n + 1}`.padEnd(12, '0');
          emulator.addSpreadsheet({ id, name: `DS ủng hộ ${unit.name}`, sheets: toEmulated(grid) });
          return { google: { spreadsheet: `https://docs.google.com/spreadsheets/d/${id}/edit`, ...(sheet ? { sheet } : {}) } };
        });
        doc.setIn(['units', index, 'sources'], doc.createNode(specs));
      } else if (driveUnits.includes(unit.id)) {
        // Uploaded under their own names ("xa-my-duc.xlsx"); the folder's name matching finds the unit.
        unitFiles!.forEach(({ file, bytes }, n) => {
          emulator.addUpload({ id: `demo-upload-${unit.id}-${n + 1}`, name: path.basename(file), bytes, parents: [SHARED_FOLDER] });
        });
        doc.setIn(['units', index, 'sources'], doc.createNode([]));
      } else {
        // The temporary config lives elsewhere: keep local paths pointing at the fixture files.
        unit.sources.forEach((spec, n) => {
          if (spec.type !== 'file') return;
          const at = typeof doc.getIn(['units', index, 'sources', n]) === 'string' ? ['units', index, 'sources', n] : ['units', index, 'sources', n, 'path'];
          doc.setIn(at, path.resolve(loaded.baseDir, spec.path));
        });
      }
    });
    for (const key of ['direction', 'assessment', 'recommendations'] as const) {
      const file = loaded.config.report.narrative[key];
      if (file) doc.setIn(['report', 'narrative', key], path.resolve(loaded.baseDir, file));
    }
    if (driveUnits.length) doc.set('drive', doc.createNode([{ folder: `https://drive.google.com/drive/folders/${SHARED_FOLDER}` }]));
    doc.set('google', doc.createNode({ credentials: keyFile, rootUrl: emulator.rootUrl }));
    doc.set('output', path.join(work, 'output'));
    const googleConfig = path.join(work, 'campaign-google.yaml');
    await writeFile(googleConfig, doc.toString(), 'utf8');

    console.log(`Trình giả lập Google: ${emulator.rootUrl}`);
    console.log(`Google Sheets: ${sheetUnits.join(', ') || '—'}`);
    console.log(`Thư mục Drive dùng chung: ${driveUnits.join(', ') || '—'}`);
    console.log(`Cấu hình tạm: ${googleConfig}\n`);

    const fromFiles = await runCampaign({ configPath, mode: 'validate' });
    const fromGoogle = await runCampaign({ configPath: googleConfig, mode: 'validate' });
    const firstRequests = emulator.calls().length;
    emulator.resetRequests();
    const again = await runCampaign({ configPath: googleConfig, mode: 'validate' });
    const valueRequests = emulator.calls('sheets.batchGet').length + emulator.calls('drive.media').length;

    console.log(totalsLine('Tệp cục bộ', fromFiles));
    console.log(totalsLine('Qua Google', fromGoogle));
    console.log(totalsLine('Chạy lại', again));
    console.log(`\nYêu cầu tới Google: ${firstRequests} lần đầu; lần chạy lại ${emulator.calls().length}, trong đó ${valueRequests} lần tải dữ liệu (tệp không đổi lấy từ bộ nhớ đệm).`);

    const moved = new Set([...sheetUnits, ...driveUnits]);
    const unitRows = (r: RunResult) => r.summary.units.map((u) => `${u.id}:${u.status}:${u.donors}:${u.amount}`);
    const same =
      fromFiles.summary.totals.amount === fromGoogle.summary.totals.amount &&
      fromFiles.summary.totals.donors === fromGoogle.summary.totals.donors &&
      JSON.stringify(unitRows(fromFiles)) === JSON.stringify(unitRows(fromGoogle)) &&
      JSON.stringify(unitRows(fromGoogle)) === JSON.stringify(unitRows(again));
    for (const u of fromGoogle.summary.units.filter((x) => moved.has(x.id))) {
      const before = fromFiles.summary.units.find((x) => x.id === u.id)!;
      console.log(`  ${u.id.padEnd(22)} ${formatMoney(before.amount).padStart(13)} → ${formatMoney(u.amount).padStart(13)}  ${u.sources.join(', ')}`);
    }
    console.log(same ? '\nKhớp: tổng số qua Google bằng tổng số đọc từ tệp.' : '\nKHÔNG KHỚP: tổng số qua Google khác tổng số đọc từ tệp.');
    return same ? 0 : 1;
  } finally {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
