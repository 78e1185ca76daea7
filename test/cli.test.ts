import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tonghop, tonghopBuilt } from './helpers/cli.js';
import { DEMO_CONFIG, demoExpected } from './helpers/demo.js';
import { pdfFonts, pdfPageSizes, pdfText } from './helpers/poppler.js';

/** In process through main(argv, io); plain-text log lines (JSON lines are tested in nightly-cli.test.ts). */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => tonghop(args, { TONGHOP_LOG_FORMAT: 'text', ...env });

let out: string;
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'tonghop-cli-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('tonghop run on the demo campaign', () => {
  let result: Awaited<ReturnType<typeof tonghop>>;
  let runDir: string;
  beforeAll(async () => {
    // End to end, as a user runs it: the built bin in its own process.
    result = await tonghopBuilt(['run', '--config', DEMO_CONFIG, '--output', path.join(out, 'demo')], { TONGHOP_LOG_FORMAT: 'text' });
    runDir = path.join(out, 'demo', 'latest');
  }, 900_000); // The demo also prints its public lists (a PDF per unit and per unit's hamlets).

  it('exits 1 (data issues found) and prints located problems and a summary', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Lỗi [AMOUNT_AMBIGUOUS] tệp submissions/xa-quoc-tuan.xlsx, trang "Danh sách", ô D13');
    expect(result.stdout).toContain('Tổng cộng 957.068.000 đồng, 416 lượt ủng hộ; 20/23 đơn vị đã báo cáo');
  });

  it('writes the run folder and points latest at it', () => {
    const link = readlinkSync(path.join(out, 'demo', 'latest'));
    expect(link).toMatch(/^\d{8}-\d{6}$/);
    expect(readdirSync(runDir).sort()).toEqual(['bao-cao-tong-hop.docx', 'bao-cao-tong-hop.pdf', 'cong-khai', 'giay-chung-nhan', 'index.html', 'issues.csv', 'phan-hoi', 'phu-luc-tong-hop.xlsx', 'run.log', 'summary.json']);
    expect(readdirSync(path.join(out, 'demo')).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('summary.json carries totals, units, sources and located issues', () => {
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary.totals.amount).toBe(demoExpected().total.amount);
    expect(summary.units).toHaveLength(23);
    expect(summary.sources.find((s: { path: string }) => s.path === 'submissions/xa-an-thang.xlsx').status).toBe('failed');
    expect(summary.issues).toContainEqual(expect.objectContaining({ code: 'TOTAL_MISMATCH', source: 'submissions/xa-quang-trung.xlsx', sheet: 'DS ủng hộ', row: 33, cell: 'E33' }));
  });

  it('issues.csv has one located issue a line, readable by Excel (BOM)', () => {
    const csv = readFileSync(path.join(runDir, 'issues.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFMức độ,Mã,Đơn vị,Tệp,Trang tính,Dòng,Ô,Nội dung,Cách khắc phục')).toBe(true);
    expect(csv).toContain('Lỗi,AMOUNT_MISSING,Xã Quốc Tuấn,submissions/xa-quoc-tuan.xlsx,Danh sách,19,D19,');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 15); // 11 from the lists (one unmatched path), 4 from the bank statement (3 warnings, 1 info)
  });

  it('the report PDF is A4 with only embedded Tinos and shows every reporting unit, the total and its words', () => {
    const pdf = path.join(runDir, 'bao-cao-tong-hop.pdf');
    const sizes = pdfPageSizes(pdf);
    expect(sizes[0]).toMatchObject({ width: expect.closeTo(595.3, 0) as number, height: expect.closeTo(841.9, 0) as number });
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/Tinos/);
      expect(font.embedded).toBe(true);
    }
    const text = pdfText(pdf);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả vận động ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên');
    expect(text).toContain('957.068.000');
    expect(text).toContain('Chín trăm năm mươi bảy triệu không trăm sáu mươi tám nghìn đồng');
    expect(text).toContain('An Lão, ngày 05 tháng 10 năm 2023');
    for (const name of ['Thị trấn An Lão', 'Xã Bát Trang', 'Xã Quốc Tuấn', 'Thị trấn Trường Sơn', 'Liên đoàn Lao động huyện', 'Hội Chữ thập đỏ huyện']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/Xã Tân Dân.*Chưa báo cáo/);
  });

  it('a failed run (no browser) exits 2 and leaves latest and earlier runs untouched', async () => {
    const before = readlinkSync(path.join(out, 'demo', 'latest'));
    // --full: nothing changed, so without it the earlier run's files would be reused and no browser needed.
    const failed = await cli(['run', '--config', DEMO_CONFIG, '--output', path.join(out, 'demo'), '--full'], {
      PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/Lỗi \[BROWSER_PATH_INVALID\]: PUPPETEER_EXECUTABLE_PATH trỏ tới/);
    expect(failed.stderr).toMatch(/Cách xử lý: /);
    expect(readlinkSync(path.join(out, 'demo', 'latest'))).toBe(before);
    expect(readdirSync(path.join(out, 'demo')).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(out, 'demo', before, 'bao-cao-tong-hop.pdf'))).toBe(true);
  });
});

describe('other commands', () => {
  it('validate checks without writing anything', async () => {
    const r = await cli(['validate', '--config', DEMO_CONFIG]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('20/23 đơn vị đã báo cáo; 3 lỗi, 9 cảnh báo');
  });

  it('--help explains the commands and exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run \[tuỳ chọn\]/);
    expect(r.stdout).toMatch(/^Cách dùng: tonghop/m);
    expect(r.stdout).toMatch(/validate \[tuỳ chọn\]/);
    expect(r.stdout).toMatch(/init .*<dir>/);
    expect(r.stdout).toMatch(/2 = không chạy được/);
  });

  it('a missing config exits 2 and says how to make one', async () => {
    const r = await cli(['validate', '--config', path.join(import.meta.dirname, 'no-such.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Lỗi \[CONFIG_NOT_FOUND\]: Không tìm thấy tệp cấu hình .*no-such\.yaml/);
    expect(r.stderr).toMatch(/tonghop init <thư mục>/);
  });

  it('a config mistake exits 2 naming the file, line and key in Vietnamese', async () => {
    const file = path.join(out, 'broken.yaml');
    await writeFile(file, 'campaign:\n  title: "Đợt 1"\n  tittle: "x"\n');
    const r = await cli(['validate', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Lỗi \[CONFIG_INVALID\]: Tệp cấu hình không hợp lệ:/);
    expect(r.stderr).toMatch(/broken\.yaml:3: campaign: Khóa không được nhận dạng: "tittle"/);
  });

  it('usage mistakes are explained in Vietnamese', async () => {
    const r = await cli(['run', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Lỗi [USAGE]: Không có tuỳ chọn --bogus.');
    expect(r.stderr).not.toMatch(/unknown option/);
  });

  it('init makes a starter campaign that validates', async () => {
    const dir = path.join(out, 'starter');
    const made = await cli(['init', dir]);
    expect(made.code).toBe(0);
    const again = await cli(['init', dir]);
    expect(again.code).toBe(2);
    const r = await cli(['validate', '--config', path.join(dir, 'campaign.yaml')]);
    // The sample reads cleanly; only the organisation that has not sent its list is flagged.
    expect(r.stdout).toContain('Cảnh báo [UNIT_MISSING] Đơn vị "Hội Liên hiệp Phụ nữ" chưa gửi báo cáo.');
    // The organisation with no file: UNIT_MISSING, and its glob that matched nothing, with the closest name.
    expect(r.stdout).toContain('1/2 đơn vị đã báo cáo; 0 lỗi, 2 cảnh báo');
    expect(r.stdout).toContain('[SOURCE_PATH_UNMATCHED]');
    expect(r.code).toBe(1);
  });
});
