/**
 * Google Sheets and Drive sources, end to end: the real googleapis and google-auth-library
 * clients talk to a local emulator (fixtures/tools/google-emulator.ts), never to Google.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CampaignConfig } from '../src/model/config.js';
import { issueLine, issueMessage } from '../src/format/issue-messages.js';
import { analyse, type Analysis } from '../src/analyse/analyse.js';
import { readSources } from '../src/intake/read-sources.js';
import { readGoogleSources } from '../src/intake/google/index.js';
import { GoogleEmulator, type EmulatedSheet } from '../fixtures/tools/google-emulator.js';
import { minimalCampaign } from '../fixtures/tools/campaign.js';

const EMAIL = 'tonghop-doc@mttq-an-lao.iam.gserviceaccount.com';

/** A list as communes really send it: title rows, a two-row merged header, serial dates, a total, signatures. */
const AN_THO: EmulatedSheet[] = [
  {
    title: 'Danh sách',
    merges: ['A1:F1', 'A2:F2', 'A4:A5', 'B4:C4', 'D4:D5', 'E4:E5', 'F4:F5'],
    rows: [
      ['DANH SÁCH ỦNG HỘ LÀM NHÀ ĐẠI ĐOÀN KẾT'],
      ['Xã An Thọ, huyện An Lão'],
      [],
      ['STT', 'Thông tin người ủng hộ', null, 'Số tiền (đồng)', 'Ngày nộp', 'Ghi chú'],
      [null, 'Họ và tên', 'Địa chỉ'],
      [1, 'Nguyễn Văn An', 'Thôn 1', 500000, { date: '2023-08-15' }],
      [2, 'Trần Thị Bình', 'Thôn 2', 1200000, { date: '2023-08-20' }],
      [3, 'Công ty TNHH Hòa Phát', 'Thôn 3', 10000000, { date: '2023-09-01' }, 'chuyển khoản'],
      [null, 'Tổng cộng', null, 11700000],
      [],
      [null, 'Người lập biểu', null, 'TM. BAN THƯỜNG TRỰC'],
    ],
  },
  // Last year's list, hidden: must not be added.
  { title: 'Năm 2022', hidden: true, rows: [['STT', 'Họ và tên', 'Số tiền'], [1, 'Lê Văn Cũ', 900000]] },
  { title: 'Biểu đồ', chart: true, rows: [] },
];

/** A plain one-sheet list of donors. */
function simpleList(title: string, donors: [string, number][]): EmulatedSheet[] {
  return [{ title, rows: [['STT', 'Họ và tên', 'Số tiền'], ...donors.map(([name, amount], i) => [i + 1, name, amount])] }];
}

async function xlsxBytes(sheet: string, donors: [string, number][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['STT', 'Họ và tên', 'Số tiền']);
  donors.forEach(([name, amount], i) => ws.addRow([i + 1, name, amount]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const campaign = minimalCampaign;

let em: GoogleEmulator;
let dir: string;
let keyFile: string;

/** Fast settings for tests: short back-off and timeout, a generous quota unless a test narrows it. */
function google(extra: Record<string, unknown> = {}) {
  return {
    credentials: keyFile,
    rootUrl: em.rootUrl,
    timeoutSeconds: 2,
    retry: { attempts: 5, baseDelaySeconds: 0.05, maxDelaySeconds: 0.2 },
    quota: { requests: 100, perSeconds: 1, concurrency: 4 },
    ...extra,
  };
}

async function run(config: CampaignConfig): Promise<Analysis> {
  const { reads, unresolved } = await readSources(config, dir);
  return analyse(config, reads, unresolved);
}

const unitTotals = (a: Analysis) => Object.fromEntries(a.consolidation.units.map((u) => [u.id, [u.status, u.donors, u.amount]]));

beforeEach(async () => {
  em = await GoogleEmulator.start({ email: EMAIL });
  dir = await mkdtemp(path.join(os.tmpdir(), 'tonghop-google-'));
  keyFile = await em.writeKeyFile(dir);
});

afterEach(async () => {
  await em.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a Google Sheets spreadsheet', () => {
  it('title rows, a merged two-row header and serial dates give the same records as Excel would', async () => {
    em.addSpreadsheet({ id: 'an-tho-sheet-0001', name: 'DS ủng hộ An Thọ', sheets: AN_THO });
    const config = campaign(
      [{ id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'https://docs.google.com/spreadsheets/d/an-tho-sheet-0001/edit#gid=0' } }] }],
      { google: google() },
    );
    const a = await run(config);

    expect(unitTotals(a)).toEqual({ 'xa-an-tho': ['reported', 3, 11_700_000] });
    const source = a.outcomes[0]!;
    expect(source.path).toBe('https://docs.google.com/spreadsheets/d/an-tho-sheet-0001');
    expect(source.sheets.map((s) => [s.sheet, s.outcome])).toEqual([['Danh sách', 'read'], ['Năm 2022', 'hidden']]);
    expect(source.sheets[0]).toMatchObject({ headerRows: [4, 5], columns: { name: 'B', address: 'C', amount: 'D', date: 'E' } });
    expect(source.modifiedAt).toMatch(/^2023-09-20T/);
    expect(source.donations.map((d) => [d.name, d.amount, d.date, d.provenance.cells.amount])).toEqual([
      ['Nguyễn Văn An', 500_000, '2023-08-15', 'D6'],
      ['Trần Thị Bình', 1_200_000, '2023-08-20', 'D7'],
      ['Công ty TNHH Hòa Phát', 10_000_000, '2023-09-01', 'D8'],
    ]);
    expect(source.donations[0]!.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The hidden sheet is reported, not added; the stated total matches, so no TOTAL_MISMATCH.
    expect(a.issues.map((i) => i.code)).toEqual(['SHEET_HIDDEN_SKIPPED']);

    // One metadata read, one values read; small `fields`, raw values and serial dates asked for.
    expect(em.calls().map((r) => r.call)).toEqual(['drive.get', 'sheets.get', 'sheets.batchGet']);
    const get = em.calls('sheets.get')[0]!.query;
    expect(get.get('fields')).toContain('merges');
    expect(get.get('fields')).not.toContain('data');
    const batch = em.calls('sheets.batchGet')[0]!.query;
    expect(batch.getAll('ranges')).toEqual(["'Danh sách'", "'Năm 2022'"]);
    expect(batch.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(batch.get('dateTimeRenderOption')).toBe('SERIAL_NUMBER');
  });

  it('a sheet and range from the config narrow what is read', async () => {
    em.addSpreadsheet({ id: 'an-tho-sheet-0001', name: 'DS', sheets: AN_THO });
    const config = campaign(
      [{ id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'an-tho-sheet-0001', sheet: 'Danh sách', range: 'A4:F7' } }] }],
      { google: google() },
    );
    expect(unitTotals(await run(config))).toEqual({ 'xa-an-tho': ['reported', 2, 1_700_000] });
  });
});

describe('a Drive folder', () => {
  it('maps Google Sheets and uploaded .xlsx/.csv to units by name or map, beside local files', async () => {
    em.addFolder({ id: 'shared-folder-0001', name: 'Báo cáo các đơn vị' });
    em.addSpreadsheet({ id: 'sheet-an-tho-0002', name: 'DS ung ho Xa An Tho', parents: ['shared-folder-0001'], sheets: simpleList('DS', [['Phạm Văn Cường', 300_000], ['Vũ Thị Dung', 700_000]]) });
    em.addUpload({ id: 'xlsx-tt-an-lao-0003', name: 'tt-an-lao.xlsx', parents: ['shared-folder-0001'], bytes: await xlsxBytes('Danh sách', [['Đỗ Văn Em', 2_000_000]]) });
    em.addUpload({ id: 'xlsx-hnd-00000004', name: 'Báo cáo đợt 1.xlsx', parents: ['shared-folder-0001'], bytes: await xlsxBytes('Sheet1', [['Hội viên A', 150_000], ['Hội viên B', 250_000]]) });
    em.addUpload({ id: 'xlsx-ghichu-00005', name: 'ghi-chu.xlsx', parents: ['shared-folder-0001'], bytes: await xlsxBytes('Sheet1', [['Ai đó', 1]]) });
    em.addUpload({ id: 'pdf-scan-00000006', name: 'Biên bản.pdf', mimeType: 'application/pdf', parents: ['shared-folder-0001'], bytes: Buffer.from('%PDF-1.4') });
    // A unit's own folder: everything in it is that unit's, whatever the names.
    em.addFolder({ id: 'ccb-folder-000007', name: 'Hội CCB' });
    em.addUpload({ id: 'csv-ccb-000000008', name: 'danh sach.csv', mimeType: 'text/csv', parents: ['ccb-folder-000007'], bytes: Buffer.from('\uFEFFSTT,Họ và tên,Số tiền\n1,Lương Văn Giang,400000\n') });
    await writeFile(path.join(dir, 'xa-my-duc.csv'), 'STT,Họ và tên,Số tiền\n1,Lê Thị Hạnh,100000\n');

    const config = campaign(
      [
        { id: 'tt-an-lao', name: 'Thị trấn An Lão', kind: 'town' },
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune' },
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: ['xa-my-duc.csv'] },
        { id: 'hoi-nong-dan', name: 'Hội Nông dân huyện', kind: 'organisation' },
        { id: 'hoi-ccb', name: 'Hội Cựu chiến binh huyện', kind: 'organisation', sources: [{ drive: { folder: 'https://drive.google.com/drive/folders/ccb-folder-000007?usp=sharing' } }] },
      ],
      {
        google: google(),
        drive: [{ folder: 'https://drive.google.com/drive/u/0/folders/shared-folder-0001', map: { 'Báo cáo đợt*': 'hoi-nong-dan' } }],
      },
    );
    const a = await run(config);

    expect(unitTotals(a)).toEqual({
      'tt-an-lao': ['reported', 1, 2_000_000],
      'xa-an-tho': ['reported', 2, 1_000_000],
      'xa-my-duc': ['reported', 1, 100_000],
      'hoi-nong-dan': ['reported', 2, 400_000],
      'hoi-ccb': ['reported', 1, 400_000],
    });
    expect(a.consolidation.totals).toMatchObject({ amount: 3_900_000, donors: 7 });
    expect(a.outcomes.map((o) => [o.unitId, o.path, o.status])).toEqual([
      ['xa-my-duc', 'xa-my-duc.csv', 'ok'],
      ['hoi-ccb', 'https://drive.google.com/file/d/csv-ccb-000000008', 'ok'],
      ['hoi-nong-dan', 'https://drive.google.com/file/d/xlsx-hnd-00000004', 'ok'],
      ['xa-an-tho', 'https://docs.google.com/spreadsheets/d/sheet-an-tho-0002', 'ok'],
      ['', 'https://drive.google.com/file/d/xlsx-ghichu-00005', 'failed'],
      ['tt-an-lao', 'https://drive.google.com/file/d/xlsx-tt-an-lao-0003', 'ok'],
    ]);
    // The file nobody claims is reported with its name, and not counted; the PDF is ignored.
    const unmatched = a.issues.find((i) => i.code === 'GOOGLE_FILE_UNMATCHED')!;
    expect(issueMessage(unmatched)).toContain('"ghi-chu.xlsx"');
    expect(unmatched.severity).toBe('warning');
    expect(em.calls('drive.media').map((r) => r.path)).not.toContain('/drive/v3/files/pdf-scan-00000006');
  });

  it('an empty unit folder is "not found"; a missing shared folder fails and names the account', async () => {
    em.addFolder({ id: 'empty-folder-0001', name: 'Trống' });
    const config = campaign(
      [{ id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ drive: { folder: 'empty-folder-0001' } }] }],
      { google: google(), drive: [{ folder: 'gone-folder-00001' }] },
    );
    const a = await run(config);
    expect(a.issues.map((i) => [i.code, i.location.source]).sort()).toEqual([
      ['GOOGLE_NOT_FOUND', 'https://drive.google.com/drive/folders/gone-folder-00001'],
      ['SOURCE_NOT_FOUND', 'https://drive.google.com/drive/folders/empty-folder-0001'],
      ['UNIT_MISSING', undefined],
    ]);
    expect(issueMessage(a.issues.find((i) => i.code === 'GOOGLE_NOT_FOUND')!)).toBe(
      `Không tìm thấy thư mục (mã gone-folder-00001) trên Google: đã bị xóa, sai mã, hoặc chưa được chia sẻ cho tài khoản dịch vụ ${EMAIL}.`,
    );
  });
});

describe('faults', () => {
  it('a 429 burst with Retry-After, a 500 and a response past the timeout still give the right totals', async () => {
    em.addSpreadsheet({ id: 'an-tho-sheet-0001', name: 'DS', sheets: AN_THO });
    em.addSpreadsheet({ id: 'my-duc-sheet-0002', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    em.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 }, { call: 'sheets.batchGet', id: 'an-tho-sheet-0001', times: 2 });
    em.injectFault({ kind: 'server-error', status: 500 }, { call: 'sheets.get', times: 1 });
    em.injectFault({ kind: 'slow', delayMs: 3_000 }, { call: 'drive.get', times: 1 });
    const config = campaign(
      [
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'an-tho-sheet-0001' } }] },
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'my-duc-sheet-0002' } }] },
      ],
      { google: google({ timeoutSeconds: 1 }) },
    );
    const started = performance.now();
    const a = await run(config);

    expect(unitTotals(a)).toEqual({ 'xa-an-tho': ['reported', 3, 11_700_000], 'xa-my-duc': ['reported', 1, 100_000] });
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // Every fault cost exactly one extra request: 2 × 429, 1 × 500, 1 × timeout.
    const batches = em.calls('sheets.batchGet').filter((r) => r.path.includes('an-tho-sheet'));
    expect(batches.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(em.calls('sheets.batchGet')).toHaveLength(4);
    expect(em.calls('sheets.get').map((r) => r.status)).toEqual([500, 200, 200]);
    expect(em.calls('drive.get')).toHaveLength(3);
    // Retry-After: 1 is honoured between the 429s and the next try.
    expect(batches[1]!.at - batches[0]!.at).toBeGreaterThanOrEqual(950);
    expect(batches[2]!.at - batches[1]!.at).toBeGreaterThanOrEqual(950);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('a source that keeps failing is marked failed with the reason; the others are read', async () => {
    em.addSpreadsheet({ id: 'my-duc-sheet-0002', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    em.addSpreadsheet({ id: 'busy-sheet-00003', name: 'DS', sheets: simpleList('DS', [['X', 1]]) });
    em.injectFault({ kind: 'server-error', status: 503 }, { call: 'sheets.batchGet', id: 'busy-sheet-00003', times: 100 });
    const config = campaign(
      [
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'my-duc-sheet-0002' } }] },
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'busy-sheet-00003' } }] },
      ],
      { google: google({ retry: { attempts: 3, baseDelaySeconds: 0.01, maxDelaySeconds: 0.02 } }) },
    );
    const a = await run(config);
    expect(unitTotals(a)).toEqual({ 'xa-my-duc': ['reported', 1, 100_000], 'xa-an-tho': ['failed', 0, 0] });
    // Bounded: exactly `attempts` tries, then the source fails with the last reason.
    expect(em.calls('sheets.batchGet').filter((r) => r.path.includes('busy-sheet'))).toHaveLength(3);
    const issue = a.issues.find((i) => i.location.unitId === 'xa-an-tho')!;
    expect(issue.code).toBe('GOOGLE_UNAVAILABLE');
    expect(issueMessage(issue)).toBe('Không đọc được dữ liệu từ Google, đã thử 3 lần: 503 The service is currently unavailable..');
  });

  it('a source that never answers in time fails with the timeout as its reason', async () => {
    em.addSpreadsheet({ id: 'slow-sheet-000001', name: 'DS', sheets: simpleList('DS', [['X', 1]]) });
    em.injectFault({ kind: 'slow', delayMs: 5_000 }, { call: 'drive.get', id: 'slow-sheet-000001', times: 100 });
    const config = campaign(
      [{ id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'slow-sheet-000001' } }] }],
      { google: google({ timeoutSeconds: 0.3, retry: { attempts: 2, baseDelaySeconds: 0.01, maxDelaySeconds: 0.01 } }) },
    );
    const a = await run(config);
    expect(em.calls('drive.get')).toHaveLength(2);
    expect(issueMessage(a.issues.find((i) => i.code === 'GOOGLE_UNAVAILABLE')!)).toBe(
      'Không đọc được dữ liệu từ Google, đã thử 2 lần: Google không trả lời trong 0.3 giây.',
    );
  });

  it('a spreadsheet not shared with the service account fails, naming the e-mail to share with', async () => {
    em.addSpreadsheet({ id: 'private-sheet-001', name: 'DS', sheets: simpleList('DS', [['X', 1]]), shared: false });
    em.addSpreadsheet({ id: 'my-duc-sheet-0002', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    const config = campaign(
      [
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'private-sheet-001' } }] },
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'my-duc-sheet-0002' } }] },
      ],
      { google: google() },
    );
    const a = await run(config);
    expect(unitTotals(a)).toEqual({ 'xa-an-tho': ['failed', 0, 0], 'xa-my-duc': ['reported', 1, 100_000] });
    const issue = a.issues.find((i) => i.code === 'GOOGLE_NOT_SHARED')!;
    expect(issue.location).toEqual({ unitId: 'xa-an-tho', source: 'https://docs.google.com/spreadsheets/d/private-sheet-001' });
    expect(issueMessage(issue)).toBe(
      `Bảng tính (mã private-sheet-001) chưa được chia sẻ cho tài khoản dịch vụ ${EMAIL} nên không đọc được.`,
    );
    // Drive hides unshared files (404); the Sheets API's 403 tells "not shared" from "deleted". No retries.
    expect(em.calls().filter((r) => r.path.includes('private-sheet')).map((r) => `${r.call} ${r.status}`)).toEqual(['drive.get 404', 'sheets.get 403']);
  });

  it('a deleted spreadsheet fails as not found', async () => {
    const config = campaign(
      [{ id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'deleted-sheet-001' } }] }],
      { google: google() },
    );
    const a = await run(config);
    expect(a.outcomes).toMatchObject([{ status: 'failed', failure: 'GOOGLE_NOT_FOUND' }]);
    expect(issueMessage(a.issues.find((i) => i.code === 'GOOGLE_NOT_FOUND')!)).toBe(
      `Không tìm thấy bảng tính (mã deleted-sheet-001) trên Google: đã bị xóa, sai mã, hoặc chưa được chia sẻ cho tài khoản dịch vụ ${EMAIL}.`,
    );
  });
});

describe('quota', () => {
  it('never starts more requests in any window than the configured cap', async () => {
    const units = Array.from({ length: 6 }, (_, i) => {
      const id = `sheet-rate-000${i}`;
      em.addSpreadsheet({ id, name: 'DS', sheets: simpleList('DS', [[`Người ${i}`, 100_000 * (i + 1)]]) });
      return { id: `xa-${i}`, name: `Xã Số ${i}`, kind: 'commune', sources: [{ google: { spreadsheet: id } }] };
    });
    const config = campaign(units, { google: google({ quota: { requests: 4, perSeconds: 0.5, concurrency: 4 } }) });
    const started = performance.now();
    const a = await run(config);
    const elapsed = performance.now() - started;

    expect(a.consolidation.totals).toMatchObject({ amount: 2_100_000, donors: 6 });
    expect(em.calls()).toHaveLength(18);
    // Measured where Google would measure it, on arrival, with slack for a busy event loop;
    // without the queue all 18 would arrive within a few milliseconds.
    expect(em.maxInWindow(500 - 100)).toBeLessThanOrEqual(4);
    // 18 requests at 4 per 0.5 s take at least four full windows.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 500 - 50);
  });
});

describe('incremental runs', () => {
  it('unchanged Drive files are not downloaded again; a changed one is', async () => {
    em.addFolder({ id: 'shared-folder-0001', name: 'Báo cáo' });
    em.addSpreadsheet({ id: 'sheet-an-tho-0002', name: 'xa-an-tho', parents: ['shared-folder-0001'], sheets: simpleList('DS', [['Phạm Văn Cường', 300_000]]) });
    em.addUpload({ id: 'xlsx-tt-an-lao-0003', name: 'tt-an-lao.xlsx', parents: ['shared-folder-0001'], bytes: await xlsxBytes('Danh sách', [['Đỗ Văn Em', 2_000_000]]) });
    em.addSpreadsheet({ id: 'sheet-my-duc-0004', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    const config = campaign(
      [
        { id: 'tt-an-lao', name: 'Thị trấn An Lão', kind: 'town' },
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune' },
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-my-duc-0004' } }] },
      ],
      { google: google(), drive: [{ folder: 'shared-folder-0001' }], output: 'ket-qua' },
    );
    const count = () => Object.fromEntries(['drive.get', 'drive.list', 'drive.media', 'sheets.get', 'sheets.batchGet'].map((c) => [c, em.calls(c as never).length]));

    const first = await run(config);
    expect(first.consolidation.totals).toMatchObject({ amount: 2_400_000, donors: 3 });
    expect(count()).toEqual({ 'drive.get': 2, 'drive.list': 1, 'drive.media': 1, 'sheets.get': 2, 'sheets.batchGet': 2 });
    expect((await readdir(path.join(dir, 'ket-qua', '.cache', 'google'))).sort()).toEqual([
      'sheet-an-tho-0002.json',
      'sheet-my-duc-0004.json',
      'xlsx-tt-an-lao-0003.json',
    ]);

    em.resetRequests();
    const second = await run(config);
    expect(second.consolidation).toEqual(first.consolidation);
    // Only metadata: the folder, its listing and the direct spreadsheet's Drive entry.
    expect(count()).toEqual({ 'drive.get': 2, 'drive.list': 1, 'drive.media': 0, 'sheets.get': 0, 'sheets.batchGet': 0 });

    em.resetRequests();
    em.touch('sheet-an-tho-0002', (f) => {
      if (f.kind === 'spreadsheet') f.sheets = simpleList('DS', [['Phạm Văn Cường', 300_000], ['Vũ Thị Dung', 700_000]]);
    });
    const third = await run(config);
    expect(unitTotals(third)['xa-an-tho']).toEqual(['reported', 2, 1_000_000]);
    expect(count()).toEqual({ 'drive.get': 2, 'drive.list': 1, 'drive.media': 0, 'sheets.get': 1, 'sheets.batchGet': 1 });
  });

  it('cache entries are whole JSON files (written beside, then renamed)', async () => {
    em.addSpreadsheet({ id: 'sheet-my-duc-0004', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    const config = campaign([{ id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-my-duc-0004' } }] }], { google: google() });
    await run(config);
    const cacheDir = path.join(dir, 'output', '.cache', 'google');
    expect(await readdir(cacheDir)).toEqual(['sheet-my-duc-0004.json']);
    const entry = JSON.parse(await readFile(path.join(cacheDir, 'sheet-my-duc-0004.json'), 'utf8'));
    expect(entry).toMatchObject({ format: 1, fileId: 'sheet-my-duc-0004', version: '1', grid: { format: 'google' } });
    // A corrupt entry is a miss, not a failure.
    await writeFile(path.join(cacheDir, 'sheet-my-duc-0004.json'), '{"format":1,', 'utf8');
    em.resetRequests();
    expect(unitTotals(await run(config))).toEqual({ 'xa-my-duc': ['reported', 1, 100_000] });
    expect(em.calls('sheets.batchGet')).toHaveLength(1);
  });

  it('the cache follows the output folder of the run (run --output)', async () => {
    em.addSpreadsheet({ id: 'sheet-an-thai-0009', name: 'DS', sheets: simpleList('DS', [['Vũ Văn Lộc', 50_000]]) });
    const config = campaign([{ id: 'xa-an-thai', name: 'Xã An Thái', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-an-thai-0009' } }] }], { google: google() });
    const elsewhere = path.join(dir, 'ket-qua-khac');
    await readSources(config, dir, { outputRoot: elsewhere });
    expect(await readdir(path.join(elsewhere, '.cache', 'google'))).toEqual(['sheet-an-thai-0009.json']);
  });
});

describe('credentials', () => {
  const oneSheet = (extra: Record<string, unknown>) =>
    campaign(
      [
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-my-duc-0004' } }] },
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: ['an-tho.csv'] },
      ],
      { google: google(extra) },
    );

  beforeEach(async () => {
    em.addSpreadsheet({ id: 'sheet-my-duc-0004', name: 'DS', sheets: simpleList('DS', [['Lê Thị Hạnh', 100_000]]) });
    await writeFile(path.join(dir, 'an-tho.csv'), 'STT,Họ và tên,Số tiền\n1,Nguyễn Văn An,500000\n');
  });

  it('a missing key file fails the Google sources with a clear reason; local files are still read', async () => {
    const a = await run(oneSheet({ credentials: 'khoa/khong-co.json' }));
    expect(unitTotals(a)).toEqual({ 'xa-my-duc': ['failed', 0, 0], 'xa-an-tho': ['reported', 1, 500_000] });
    const issue = a.issues.find((i) => i.code === 'GOOGLE_AUTH')!;
    expect(issueMessage(issue)).toBe(
      `Không đăng nhập được Google bằng tài khoản dịch vụ: không tìm thấy tệp khóa tài khoản dịch vụ "${path.join(dir, 'khoa', 'khong-co.json')}" (khai báo ở mục google.credentials của cấu hình).`,
    );
    expect(em.requests).toHaveLength(0);
  });

  it.each([
    ['not JSON', 'not json at all', 'không phải JSON'],
    ['a user login, not a service account', JSON.stringify({ type: 'authorized_user', client_id: 'x', refresh_token: 'secret-refresh' }), 'type phải là "service_account"'],
    ['no private key', JSON.stringify({ type: 'service_account', client_email: EMAIL }), 'thiếu trường private_key'],
    ['a broken private key', JSON.stringify({ type: 'service_account', client_email: EMAIL, private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }), 'private_key'],
  ])('a malformed key (%s) is named without showing its content', async (_label, content, expected) => {
    await writeFile(path.join(dir, 'bad-key.json'), content, 'utf8');
    const a = await run(oneSheet({ credentials: 'bad-key.json' }));
    const message = issueMessage(a.issues.find((i) => i.code === 'GOOGLE_AUTH')!);
    expect(message).toContain('bad-key.json');
    expect(message).toContain(expected);
    expect(message).not.toContain('secret-refresh');
    expect(message).not.toContain('AAAA');
    expect(em.requests).toHaveLength(0);
  });

  it('a key Google rejects (wrong signature) is an auth failure naming the account', async () => {
    const other = await GoogleEmulator.start({ email: EMAIL });
    try {
      // Another emulator's key: same e-mail, different RSA key, token_uri pointing at ours.
      const key = { ...other.keyJson(), token_uri: em.tokenUrl };
      await writeFile(path.join(dir, 'stale-key.json'), JSON.stringify(key), 'utf8');
      const a = await run(oneSheet({ credentials: 'stale-key.json' }));
      const message = issueMessage(a.issues.find((i) => i.code === 'GOOGLE_AUTH')!);
      expect(message).toContain(EMAIL);
      expect(message).toContain('Invalid JWT Signature');
      expect(message).toContain('khóa có thể đã bị xóa');
      expect(em.calls()).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('the key path may come from GOOGLE_APPLICATION_CREDENTIALS and the root URL from TONGHOP_GOOGLE_ROOT_URL', async () => {
    const config = campaign([{ id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-my-duc-0004' } }] }]);
    const { reads } = await readGoogleSources(config, dir, { env: { GOOGLE_APPLICATION_CREDENTIALS: keyFile, TONGHOP_GOOGLE_ROOT_URL: em.rootUrl } });
    expect(reads.map((r) => r.ok)).toEqual([true]);
  });

  it('tokens are never sent to an untrusted root URL', async () => {
    const a = await run(oneSheet({ rootUrl: 'http://example.org/' }));
    expect(issueMessage(a.issues.find((i) => i.code === 'GOOGLE_AUTH')!)).toContain('chỉ được trỏ tới máy chủ Google hoặc máy này');
  });

  it('no key, token or signed assertion appears in any output', async () => {
    em.addSpreadsheet({ id: 'private-sheet-001', name: 'DS', sheets: simpleList('DS', [['X', 1]]), shared: false });
    em.injectFault({ kind: 'server-error' }, { call: 'sheets.batchGet', times: 100 });
    const config = campaign(
      [
        { id: 'xa-my-duc', name: 'Xã Mỹ Đức', kind: 'commune', sources: [{ google: { spreadsheet: 'sheet-my-duc-0004' } }] },
        { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune', sources: [{ google: { spreadsheet: 'private-sheet-001' } }] },
      ],
      { google: google({ retry: { attempts: 2, baseDelaySeconds: 0.01, maxDelaySeconds: 0.01 } }) },
    );
    const { reads, unresolved } = await readSources(config, dir);
    const a = analyse(config, reads, unresolved);
    const errors = reads.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(errors).toHaveLength(2);
    const printed = [
      JSON.stringify(a),
      ...a.issues.map(issueLine),
      ...errors.map((e) => `${e.message} ${String(e.cause)} ${JSON.stringify(e)} ${JSON.stringify(e.cause)}`),
    ].join('\n');
    const secrets = [...em.issuedTokens, em.serviceAccount.privateKeyPem.split('\n')[1]!, 'PRIVATE KEY', 'Bearer '];
    expect(em.issuedTokens.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });
});
