/**
 * Thank-you certificates: who gets one and how they are addressed, numbers that never move across
 * nightly runs, replacements that name the number they replace, and the printed PDFs read back
 * with poppler (A4 landscape, only Tinos, one page each, every section's text).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueNumbers } from '../src/store/certificates.js';
import { donorKey, isOrganisation, issuerSentenceName, personRecipient } from '../src/outputs/certificates/select.js';
import type { CertificateCandidate } from '../src/model/certificate.js';
import { buildCertificateView, certificateFileName, formatCertificateNumber } from '../src/outputs/certificates/view.js';
import { loadConfig } from '../src/config/load.js';
import { CertificatesSchema } from '../src/model/config.js';
import { RenderError } from '../src/errors/errors.js';
import { launchBrowser } from '../src/outputs/pdf/browser.js';
import { printCertificates, renderCertificatesHtml } from '../src/outputs/certificates/print.js';
import { defaultTemplatesDir, loadTemplates } from '../src/outputs/pdf/templates.js';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';
import { openStore } from '../src/store/db.js';
import { DEMO_CONFIG } from './helpers/demo.js';
import { pdfFonts, pdfPageSizes, pdfText } from './helpers/poppler.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-cert-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const settings = CertificatesSchema.parse({});

describe('recipients', () => {
  it('addresses people as Ông/Bà and organisations by their name', () => {
    for (const name of ['Công ty TNHH Cơ khí Trường Thành', 'Doanh nghiệp tư nhân Minh Khôi', 'HTX Nông nghiệp Bát Trang', 'Hội LHPN xã An Thái',
      'Chi hội Phụ nữ thôn Đông', 'Trường THPT An Lão', 'Trường Mầm non Trường Thọ', 'Tập thể cán bộ Phòng Nội vụ', 'Kho bạc Nhà nước huyện',
      'Bảo hiểm xã hội huyện', 'Ngân hàng Chính sách xã hội huyện']) {
      expect(isOrganisation(name), name).toBe(true);
    }
    // Surnames that fold like organisation words: Trương (not Trường), Đoàn, Tô, Cù.
    for (const name of ['Nguyễn Văn An', 'Trương Văn Bình', 'Đoàn Thị Hoa', 'Tô Văn Lâm', 'Cù Thị Hạnh', 'Lê Hồng Phong']) {
      expect(isOrganisation(name), name).toBe(false);
    }
    expect(isOrganisation('Nhà hàng Hải Âu')).toBe(true);
    expect(isOrganisation('Nguyễn Văn Hải', 'business')).toBe(true);
    expect(personRecipient('Nguyễn Văn An')).toBe('Ông/Bà Nguyễn Văn An');
    expect(personRecipient('bà Lê Thị Hoa')).toBe('Bà Lê Thị Hoa');
    expect(personRecipient('Gia đình ông Phạm Văn Tư')).toBe('Gia đình ông Phạm Văn Tư');
    expect(personRecipient('Cù Thị Hạnh')).toBe('Ông/Bà Cù Thị Hạnh');
  });

  it('words the issuer for sentences from the header lines', () => {
    expect(issuerSentenceName('BAN THƯỜNG TRỰC', ['ỦY BAN MTTQ VIỆT NAM', 'HUYỆN AN LÃO'])).toBe('Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão');
    expect(issuerSentenceName('BAN THƯỜNG TRỰC', ['ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM', 'THÀNH PHỐ HẢI PHÒNG'])).toBe(
      'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng',
    );
  });

  it('numbers and file names', () => {
    expect(formatCertificateNumber(settings, 7)).toBe('0007/GCN');
    expect(formatCertificateNumber({ ...settings, number: { prefix: 'GCN-', suffix: '/MTTQ', digits: 3 } }, 7)).toBe('GCN-007/MTTQ');
    expect(formatCertificateNumber(CertificatesSchema.parse({ kind: 'thu-cam-on' }), 12)).toBe('0012/TCO');
    expect(certificateFileName(settings, { number: 7, name: 'Nguyễn Văn An' })).toBe('0007-nguyen-van-an.pdf');
    expect(certificateFileName(settings, { number: 12, name: 'Công ty TNHH Đồ gỗ "Mỹ Đức" / chi nhánh 2' })).toBe('0012-cong-ty-tnhh-do-go-my-duc-chi-nhanh-2.pdf');
  });
});

describe('config', () => {
  it('has defaults, and a wrong kind names the field', async () => {
    expect(CertificatesSchema.parse({})).toEqual({ kind: 'giay-chung-nhan', threshold: 1_000_000, organisations: true, number: { prefix: '', digits: 4 } });
    const file = path.join(work, 'bad.yaml');
    const demo = readFileSync(DEMO_CONFIG, 'utf8').replace(/^output: .*$/m, '');
    writeFileSync(file, demo.replace(/kind: giay-chung-nhan/, 'kind: bang-khen'));
    await expect(loadConfig(file)).rejects.toThrow(/certificates\.kind/);
  });
});

function candidate(name: string, amount: number, overrides: Partial<CertificateCandidate> = {}): CertificateCandidate {
  return {
    donorKey: donorKey('xa-a', name, 'submissions/a.xlsx', 'Danh sách', 1),
    name,
    recipient: `Ông/Bà ${name}`,
    person: true,
    origin: 'donor',
    unitId: 'xa-a',
    unitName: 'Xã A',
    amount,
    source: { path: 'submissions/a.xlsx', sheet: 'Danh sách', row: 5 },
    ...overrides,
  };
}

describe('registry', () => {
  it('keeps numbers, replaces changed certificates, adopts a renamed file, reprints an undelivered run', () => {
    const db = openStore(path.join(work, 'registry', 'tonghop.sqlite'));
    const delivered = new Set<string>();
    const issue = (list: CertificateCandidate[], runId: string) => {
      const result = issueNumbers(db, list, { campaign: 'c1', runId, delivered: (id) => delivered.has(id) });
      delivered.add(runId);
      return result;
    };
    const a = candidate('Nguyễn Văn An', 2_000_000);
    const b = candidate('Lê Thị Bình', 3_000_000);
    const first = issue([a, b], 'r1');
    expect(first.certificates.map((c) => [c.number, c.status, c.print])).toEqual([[1, 'new', true], [2, 'new', true]]);

    const second = issue([a, b], 'r2');
    expect(second.certificates.map((c) => [c.number, c.status, c.print])).toEqual([[1, 'unchanged', false], [2, 'unchanged', false]]);

    // A corrected amount: a new number that names the old one; the old row is marked replaced.
    const third = issue([a, { ...b, amount: 3_500_000 }], 'r3');
    expect(third.certificates[1]).toMatchObject({ number: 3, status: 'replacement', replaces: 2, print: true });
    expect(db.prepare("SELECT status FROM certificates WHERE campaign = 'c1' AND number = 2").get()).toEqual({ status: 'replaced' });

    // The file was renamed: same unit, same name, one lost certificate → same number.
    const moved = { ...a, donorKey: donorKey('xa-a', a.name, 'submissions/a-lan-2.xlsx', 'Danh sách', 1) };
    const fourth = issue([moved, { ...b, amount: 3_500_000 }], 'r4');
    expect(fourth.certificates.map((c) => [c.number, c.status])).toEqual([[1, 'unchanged'], [3, 'unchanged']]);

    // A run that numbered certificates but never finished (its folder never appeared): printed again.
    const c = candidate('Trần Văn Cường', 5_000_000);
    issueNumbers(db, [moved, { ...b, amount: 3_500_000 }, c], { campaign: 'c1', runId: 'r5-failed', delivered: (id) => delivered.has(id) });
    const sixth = issue([moved, { ...b, amount: 3_500_000 }, c], 'r6');
    expect(sixth.certificates[2]).toMatchObject({ number: 4, status: 'new', print: true });

    // A donor who left the list is reported, not forgotten; another campaign numbers from 1.
    const seventh = issue([moved], 'r7');
    expect(seventh.dropped.map((d) => d.number).sort()).toEqual([3, 4]);
    expect(issueNumbers(db, [a], { campaign: 'c2', runId: 'x', delivered: () => true }).certificates[0]?.number).toBe(1);
    db.close();
  });
});

describe('templates', () => {
  it('words a letter ("Thư cảm ơn") with salutation and wishes', () => {
    const config = CertificatesSchema.parse({ kind: 'thu-cam-on' });
    const view = buildCertificateView(
      { ...candidate('Nguyễn Văn An', 1_500_000), number: 3, status: 'new', print: true },
      { config: demoConfigStub(), settings: config, date: '2023-10-05' },
    );
    const html = renderCertificatesHtml([view], loadTemplates());
    expect(html).toContain('THƯ CẢM ƠN');
    expect(html).toContain('Kính gửi:');
    expect(html).toContain('Số: 0003/TCO');
    expect(html).toContain('Kính chúc Ông/Bà và gia đình mạnh khỏe');
    expect(html).toContain('Một triệu năm trăm nghìn đồng');
  });

  it('a campaign template error names the file and line', async () => {
    const dir = path.join(work, 'own-templates');
    cpSync(defaultTemplatesDir(), dir, { recursive: true });
    writeFileSync(path.join(dir, 'certificate.hbs'), '<html>\n<body>\n{{#each certificates}}<p>{{recipent}}</p>{{/each}}\n</body>\n</html>\n');
    const view = buildCertificateView({ ...candidate('Nguyễn Văn An', 1_500_000), number: 3, status: 'new', print: true }, { config: demoConfigStub(), settings, date: '2023-10-05' });
    expect(() => renderCertificatesHtml([view], loadTemplates(dir))).toThrow(RenderError);
    expect(() => renderCertificatesHtml([view], loadTemplates(dir))).toThrow(/certificate\.hbs dòng 3/);
  });
});

function demoConfigStub() {
  return {
    campaign: { title: 't', purpose: 'ủng hộ kinh phí hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên', plan: { number: '50/KH-MTTQ-BTT', date: '2023-08-01' } },
    issuer: { parents: ['ỦY BAN MTTQ VIỆT NAM', 'HUYỆN AN LÃO'], body: 'BAN THƯỜNG TRỰC', place: 'An Lão', signer: { onBehalf: 'TM. BAN THƯỜNG TRỰC', title: 'CHỦ TỊCH', name: 'Nguyễn Thị Nhung' } },
  } as unknown as Parameters<typeof buildCertificateView>[1]['config'];
}

/** A4 landscape in points, as pdfinfo prints it (841.92 x 594.96). */
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1.5;

describe('nightly runs of the demo campaign with certificates', () => {
  let campaign: string;
  let out: string;
  let runs: RunResult[] = [];
  const certDir = (r: RunResult): string => path.join(r.runDir!, 'giay-chung-nhan');
  const csvLines = (r: RunResult): string[] => readFileSync(path.join(certDir(r), 'danh-sach.csv'), 'utf8').replace(/\r\n$/, '').split('\r\n');

  beforeAll(async () => {
    campaign = path.join(work, 'an-lao');
    cpSync(path.dirname(DEMO_CONFIG), campaign, { recursive: true });
    const yaml = readFileSync(path.join(campaign, 'campaign.yaml'), 'utf8').replace(/^output: .*$/m, 'output: ket-qua');
    // The demo config asks for certificates from 5.000.000 đồng (and for every organisation).
    expect(yaml).toMatch(/certificates:\n  kind: giay-chung-nhan\s.*\n  threshold: 5000000/);
    writeFileSync(path.join(campaign, 'campaign.yaml'), yaml);
    out = path.join(campaign, 'ket-qua');
    const configPath = path.join(campaign, 'campaign.yaml');
    runs = [];
    runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-05T01:00:00Z') }));
    rowsAfterFirst = registryRows();
    // The next night nothing changed at all (the run may reuse the first run's files).
    runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-06T01:00:00Z') }));
    rowsAfterSecond = registryRows();
    // The night after, only the report's "Nơi nhận" changed: everything is rendered again, and every
    // certificate must be found already issued.
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('"Lưu: VT."', '"Lưu: VT, Ban Phong trào."'));
    runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-07T01:00:00Z') }));
    // Between two nightly runs a commune corrects one amount: 50.000.000 → 60.000.000 đồng.
    const file = path.join(campaign, 'submissions', 'tt-an-lao.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        if (row.getCell(2).value !== 'Công ty TNHH Cơ khí Trường Thành') return;
        row.eachCell((cell) => {
          if (cell.value === 50_000_000) cell.value = 60_000_000;
        });
      }),
    );
    await wb.xlsx.writeFile(file);
    runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-08T01:00:00Z') }));
  }, 900_000);

  let rowsAfterFirst: unknown[] = [];
  let rowsAfterSecond: unknown[] = [];
  function registryRows(): unknown[] {
    const db = openStore(path.join(out, 'tonghop.sqlite'));
    try {
      return db.prepare('SELECT number, donor_key, version, amount, status FROM certificates ORDER BY number').all();
    } finally {
      db.close();
    }
  }

  it('first run: numbers every certificate from 0001 in unit order, prints the pack and one file each', () => {
    const s = runs[0]!.summary.certificates!;
    expect(s).toMatchObject({ kind: 'giay-chung-nhan', campaignId: '50/KH-MTTQ-BTT', threshold: 5_000_000, replacement: 0, unchanged: 0, dropped: 0, split: 'qpdf' });
    expect(s.new).toBe(s.total);
    expect(s.printed).toBe(s.total);
    expect(s.total).toBeGreaterThan(40);
    const files = readdirSync(certDir(runs[0]!)).filter((f) => /^\d{4}-.*\.pdf$/.test(f)).sort();
    expect(files).toHaveLength(s.total);
    expect(files.map((f) => f.slice(0, 4))).toEqual(Array.from({ length: s.total }, (_, i) => String(i + 1).padStart(4, '0')));
    for (const f of files) expect(f).toMatch(/^\d{4}-[a-z0-9-]+\.pdf$/);
    expect(files[0]).toBe('0001-nguyen-thi-hanh.pdf');
    expect(files).toContain('0002-cong-ty-tnhh-co-khi-truong-thanh.pdf');
    const pack = path.join(certDir(runs[0]!), 'in-tat-ca.pdf');
    expect(pdfPageSizes(pack)).toHaveLength(s.total);
    // Everything was printed tonight, in number order: the whole pack is tonight's pack (one font set,
    // not one per certificate), its pages in number order.
    expect(statSync(pack).ino).toBe(statSync(path.join(certDir(runs[0]!), 'in-moi.pdf')).ino);
    for (const k of [1, 2, s.total]) expect(pdfText(pack, { first: k, last: k })).toContain(`Số: ${String(k).padStart(4, '0')}/GCN`);
    const lines = csvLines(runs[0]!);
    expect(lines[0]).toBe('\uFEFFSố,Người nhận,Đơn vị,Số tiền (đồng),Tình trạng,Thay thế số,Tệp,Nguồn,Ghi chú');
    expect(lines[1]).toBe('0001/GCN,Ông/Bà Nguyễn Thị Hạnh,Thị trấn An Lão,5000000,Cấp mới,,0001-nguyen-thi-hanh.pdf,submissions/tt-an-lao.xlsx / Danh sách / dòng 10,');
    // What this run printed (everything, the first time) is also the "new" pack.
    expect(pdfPageSizes(path.join(certDir(runs[0]!), 'in-moi.pdf'))).toHaveLength(s.total);
    expect(lines).toHaveLength(s.total + 1);
  });

  it('prints A4 landscape pages with only embedded Tinos', () => {
    const pack = path.join(certDir(runs[0]!), 'in-tat-ca.pdf');
    for (const { width, height } of pdfPageSizes(pack)) expect(near(width, 842) && near(height, 595)).toBe(true);
    const one = path.join(certDir(runs[0]!), '0002-cong-ty-tnhh-co-khi-truong-thanh.pdf');
    expect(pdfPageSizes(one)).toHaveLength(1);
    for (const file of [pack, one]) {
      const fonts = pdfFonts(file);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font.name).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/);
        expect(font.embedded).toBe(true);
      }
    }
  });

  it('each certificate carries every section: issuer, title, number, recipient, reference, amount in figures and words, thanks, commitment, place-date, signer', () => {
    const person = pdfText(path.join(certDir(runs[0]!), '0001-nguyen-thi-hanh.pdf'));
    for (const text of [
      'ỦY BAN MTTQ VIỆT NAM',
      'HUYỆN AN LÃO',
      'BAN THƯỜNG TRỰC',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 0001/GCN',
      'GIẤY CHỨNG NHẬN',
      'Thực hiện Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão',
      'CHỨNG NHẬN',
      'Ông/Bà Nguyễn Thị Hạnh',
      'Thị trấn An Lão',
      'Đã ủng hộ số tiền: 5.000.000 đồng',
      '(Bằng chữ: Năm triệu đồng)',
      'trân trọng ghi nhận và cảm ơn tấm lòng tương thân tương ái',
      'sử dụng đúng mục đích, công khai, minh bạch',
      'An Lão, ngày 05 tháng 10 năm 2023',
      'TM. BAN THƯỜNG TRỰC',
      'CHỦ TỊCH',
      'Nguyễn Thị Nhung',
    ]) {
      expect(person).toContain(text);
    }
    const company = pdfText(path.join(certDir(runs[0]!), '0002-cong-ty-tnhh-co-khi-truong-thanh.pdf'));
    expect(company).toContain('Công ty TNHH Cơ khí Trường Thành');
    expect(company).not.toContain('Ông/Bà Công ty');
    expect(company).toContain('50.000.000 đồng');
    expect(company).toContain('(Bằng chữ: Năm mươi triệu đồng)');
    // Every organisation unit gets one for everything it mobilised.
    const ldld = readdirSync(certDir(runs[0]!)).find((f) => f.endsWith('-lien-doan-lao-dong-huyen.pdf'));
    expect(ldld).toBeDefined();
    expect(pdfText(path.join(certDir(runs[0]!), ldld!))).toContain('Đã vận động ủng hộ số tiền: 250.725.000 đồng');
    // The pack holds them in number order.
    const pack = path.join(certDir(runs[0]!), 'in-tat-ca.pdf');
    expect(pdfText(pack, { first: 2, last: 2 })).toContain('Số: 0002/GCN');
  });

  const numbered = (r: RunResult): string[] => readdirSync(certDir(r)).filter((f) => /^\d{4}-.*\.pdf$/.test(f)).sort();

  it('a second run with the same data keeps every number and issues nothing', () => {
    expect(rowsAfterSecond).toEqual(rowsAfterFirst);
    expect(csvLines(runs[1]!).slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(
      csvLines(runs[0]!).slice(1).map((l) => l.split(',').slice(0, 4).join(',')),
    );
  });

  it('every certificate stays reachable from latest: earlier files hard-linked, the whole pack, no "new" pack', () => {
    const total = runs[0]!.summary.certificates!.total;
    for (const r of [runs[1]!, runs[2]!]) {
      expect(numbered(r)).toEqual(numbered(runs[0]!));
      for (const f of numbered(r)) expect(statSync(path.join(certDir(r), f)).nlink).toBeGreaterThan(1);
      expect(existsSync(path.join(certDir(r), 'in-moi.pdf'))).toBe(false);
      expect(pdfPageSizes(path.join(certDir(r), 'in-tat-ca.pdf'))).toHaveLength(total);
    }
    const latest = path.join(out, 'latest', 'giay-chung-nhan');
    expect(realpathSync(latest)).toBe(realpathSync(certDir(runs[3]!)));
    expect(readdirSync(latest)).toContain('0001-nguyen-thi-hanh.pdf');
  });

  it('a run that renders again finds every certificate issued: nothing new, nothing printed, the file column filled', async () => {
    const s = runs[2]!.summary.certificates!;
    const total = runs[0]!.summary.certificates!.total;
    expect(s).toMatchObject({ total, new: 0, replacement: 0, unchanged: total, printed: 0, split: 'none', held: 0, all: 'giay-chung-nhan/in-tat-ca.pdf' });
    expect(s.pack).toBeUndefined();
    const lines = csvLines(runs[2]!);
    expect(lines[1]).toBe('0001/GCN,Ông/Bà Nguyễn Thị Hạnh,Thị trấn An Lão,5000000,"Đã cấp, không đổi",,0001-nguyen-thi-hanh.pdf,submissions/tt-an-lao.xlsx / Danh sách / dòng 10,');
    for (const line of lines.slice(1)) expect(line).toMatch(/,\d{4}-[a-z0-9-]+\.pdf,/);
    expect(lines.slice(1).map((l) => l.slice(0, 8))).toEqual(csvLines(runs[0]!).slice(1).map((l) => l.slice(0, 8)));
    // The workbook holds the same rows, amounts as numbers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(certDir(runs[2]!), 'danh-sach.xlsx'));
    const sheet = wb.getWorksheet('Danh sách')!;
    expect(sheet.rowCount).toBe(lines.length);
    expect(sheet.getRow(2).getCell(1).value).toBe('0001/GCN');
    expect(sheet.getRow(2).getCell(4).value).toBe(5_000_000);
    expect(sheet.getRow(2).getCell(7).value).toBe('0001-nguyen-thi-hanh.pdf');
  });

  it('a corrected amount issues a replacement with a new number that names the one it replaces', () => {
    const total = runs[0]!.summary.certificates!.total;
    const s = runs[3]!.summary.certificates!;
    expect(s).toMatchObject({ total, new: 0, replacement: 1, unchanged: total - 1, printed: 1 });
    const next = String(total + 1).padStart(4, '0');
    const files = numbered(runs[3]!);
    // The replaced certificate is gone from the folder; its replacement is there, with everything else.
    expect(files).toEqual([...numbered(runs[0]!).filter((f) => !f.startsWith('0002-')), `${next}-cong-ty-tnhh-co-khi-truong-thanh.pdf`]);
    const all = path.join(certDir(runs[3]!), 'in-tat-ca.pdf');
    expect(pdfPageSizes(all)).toHaveLength(total);
    // Made of pages of the last run's whole pack and tonight's pack, in number order: 0001, 0003 …,
    // the replacement last; two sets of fonts, not one per certificate.
    expect(pdfText(all, { first: 1, last: 1 })).toContain('Số: 0001/GCN');
    expect(pdfText(all, { first: 2, last: 2 })).toContain('Số: 0003/GCN');
    expect(pdfText(all, { first: total - 1, last: total - 1 })).toContain(`Số: ${String(total).padStart(4, '0')}/GCN`);
    expect(pdfText(all, { first: total, last: total })).toContain(`Số: ${next}/GCN`);
    expect(pdfFonts(all).length).toBeLessThanOrEqual(8);
    expect(pdfPageSizes(path.join(certDir(runs[3]!), 'in-moi.pdf'))).toHaveLength(1);
    const text = pdfText(path.join(certDir(runs[3]!), 'in-moi.pdf'));
    expect(text).toContain(`Số: ${next}/GCN`);
    expect(text).toContain('(Thay thế Giấy chứng nhận số 0002/GCN)');
    expect(text).toContain('60.000.000 đồng');
    expect(text).toContain('Sáu mươi triệu đồng');
    expect(csvLines(runs[3]!)).toContain(
      `${next}/GCN,Công ty TNHH Cơ khí Trường Thành,Thị trấn An Lão,60000000,Cấp thay thế,0002/GCN,${next}-cong-ty-tnhh-co-khi-truong-thanh.pdf,submissions/tt-an-lao.xlsx / Danh sách / dòng 11,`,
    );
    const db = openStore(path.join(out, 'tonghop.sqlite'));
    expect(db.prepare("SELECT status, replaces_number FROM certificates WHERE number IN (2, ?) ORDER BY number").all(total + 1)).toEqual([
      { status: 'replaced', replaces_number: null },
      { status: 'issued', replaces_number: 2 },
    ]);
    db.close();
  });

  it('summary.json records the counts', () => {
    const summary = JSON.parse(readFileSync(path.join(runs[3]!.runDir!, 'summary.json'), 'utf8'));
    expect(summary.certificates).toMatchObject({ replacement: 1, new: 0, list: 'giay-chung-nhan/danh-sach.csv', pack: 'giay-chung-nhan/in-moi.pdf', all: 'giay-chung-nhan/in-tat-ca.pdf', table: 'giay-chung-nhan/danh-sach.xlsx' });
    expect(existsSync(path.join(runs[3]!.runDir!, 'phu-luc-tong-hop.xlsx'))).toBe(true);
  });
});

describe('printCertificates on its own', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('without qpdf still prints the pack and one file per certificate (each printed on its own)', async () => {
    const views = ['Nguyễn Văn An', 'Lê Thị Bình', 'Trần Văn Cường'].map((name, i) =>
      buildCertificateView({ ...candidate(name, 2_000_000 + i), number: i + 1, status: 'new', print: true }, { config: demoConfigStub(), settings, date: '2023-10-05' }),
    );
    const dir = path.join(work, 'no-qpdf');
    const files = views.map((_, i) => path.join(dir, `${i + 1}.pdf`));
    const result = await printCertificates(browser, views, path.join(dir, 'pack.pdf'), files, { qpdf: false });
    expect(result).toEqual({ pages: 3, split: 'separate', documents: 4 });
    expect(pdfPageSizes(path.join(dir, 'pack.pdf'))).toHaveLength(3);
    expect(pdfText(files[2]!)).toContain('Ông/Bà Trần Văn Cường');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a certificate template that runs over a page fails with CERTIFICATE_OVERFLOW, with and without one file per certificate, and leaves no certificate file', async () => {
    // A campaign's own templates whose certificate is taller than the page.
    const templates = path.join(work, 'tall-templates');
    cpSync(defaultTemplatesDir(), templates, { recursive: true });
    const css = path.join(templates, 'styles', 'certificate.css');
    writeFileSync(css, `${readFileSync(css, 'utf8')}\nsection.cert { height: 300mm; contain: none; }\n`);
    const views = ['Nguyễn Văn An', 'Lê Thị Bình', 'Trần Văn Cường'].map((name, i) =>
      buildCertificateView({ ...candidate(name, 2_000_000 + i), number: i + 1, status: 'new', print: true }, { config: demoConfigStub(), settings, date: '2023-10-05' }),
    );
    const dir = path.join(work, 'tall');
    const files = views.map((_, i) => path.join(dir, `${i + 1}.pdf`));
    for (const targets of [files, undefined]) {
      const failure = printCertificates(browser, views, path.join(dir, 'pack.pdf'), targets, { templatesDir: templates });
      await expect(failure).rejects.toBeInstanceOf(RenderError);
      await expect(failure).rejects.toMatchObject({ code: 'CERTIFICATE_OVERFLOW' });
    }
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  }, 120_000);
});
