/**
 * Writes fixtures/broken/: small bad (and a few good) files that test/reader-limits.test.ts feeds to
 * the reader. Run with `node --import tsx scripts/make-broken-fixtures.ts`; the output is committed.
 *
 * - good-list.xlsx / .xls / .ods: the same three donors (the .xls and .ods are made by LibreOffice
 *   when it is installed, else left as they are)
 * - semicolon-bom.csv: Excel's "CSV (semicolon)" export with a UTF-8 BOM
 * - zip-bomb.xlsx: ~300 KB that declares (and really holds) a 300 MiB worksheet
 * - lying-sizes.xlsx: a worksheet that declares 2 KB and inflates to 20 MB
 * - truncated.xlsx: good-list.xlsx cut short, as by a failed download
 * - renamed-pdf.xlsx, renamed-png.xlsx, word-renamed.xlsx: not spreadsheets, with an .xlsx name
 * - empty.xlsx: 0 bytes
 * - row-beyond-excel.xlsx: a row numbered 999,999,999
 * - many-merges.xlsx: 20,000 merged ranges (exceljs alone needs minutes for it)
 * - validation-whole-sheet.xlsx: a data validation over A1:XFD1048576 (exceljs alone hangs)
 * - password.xlsx, password.xls: copied from the Apache POI and SheetJS test files (Apache-2.0,
 *   see NOTICE.md and LICENSE-Apache-2.0.txt) when ../shared/corpus is present
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { findSoffice } from '../src/intake/convert.js';
import { writeZip as writeZipPackage, type ZipWriteEntry } from '../src/intake/xlsx/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'fixtures', 'broken');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');

type ZipFile = ZipWriteEntry;

/** A deflating zip writer that can lie about sizes (the reader under test must not believe it). */
function writeZip(files: readonly ZipFile[]): Buffer {
  return writeZipPackage(files, { deflateLevel: 9 });
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The smallest package Excel and exceljs open: one sheet, inline strings, no styles. */
function workbookParts(sheetXml: Buffer, declaredSheetSize?: number): ZipFile[] {
  const sheet: ZipFile = { name: 'xl/worksheets/sheet1.xml', data: sheetXml };
  if (declaredSheetSize !== undefined) sheet.declaredSize = declaredSheetSize;
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    sheet,
  ];
}

function inline(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

const HEADER_ROW = `<row r="1">${inline('A1', 'STT')}${inline('B1', 'Họ và tên')}${inline('C1', 'Số tiền')}</row>`;
const DONOR_ROW = `<row r="2"><c r="A2"><v>1</v></c>${inline('B2', 'Nguyễn Văn An')}<c r="C2"><v>200000</v></c></row>`;

function sheetXml(inner: string, afterSheetData = ''): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${inner}</sheetData>${afterSheetData}</worksheet>`);
}

/** A worksheet of `bytes` bytes: the donor rows, then an XML comment of padding. */
function paddedSheet(bytes: number): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${HEADER_ROW}${DONOR_ROW}</sheetData><!--`);
  const tail = Buffer.from('--></worksheet>');
  const padding = Buffer.alloc(bytes - head.length - tail.length, 0x20);
  return Buffer.concat([head, padding, tail]);
}

async function goodList(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Danh sách');
  ws.addRow(['DANH SÁCH ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO']);
  ws.mergeCells('A1:D1');
  ws.addRow([]);
  ws.addRow(['STT', 'Họ và tên', 'Địa chỉ', 'Số tiền (đồng)']);
  ws.addRow([1, 'Nguyễn Văn An', 'Thôn Tiên Hội', 200_000]);
  ws.addRow([2, 'Trần Thị Bình', 'Thôn Tiên Hội', 500_000]);
  ws.addRow([3, 'Công ty TNHH Minh Phát', 'Thôn Đồng Xuân', 1_000_000]);
  ws.addRow(['', 'Tổng cộng', '', { formula: 'SUM(D4:D6)', result: 1_700_000 }]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A 1×1 PNG, built rather than stored so the script has no binary input. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateRawSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const TINY_PDF =
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
  '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n';

/** Converts with LibreOffice into OUT; leaves an existing file when LibreOffice is missing. */
function convertWithLibreOffice(source: string, format: 'xls' | 'ods', target: string): void {
  const soffice = findSoffice();
  if (!soffice) {
    console.log(`  (no LibreOffice: ${target} left as it is)`);
    return;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'tonghop-fixture-'));
  try {
    const filter = format === 'xls' ? 'xls:MS Excel 97' : 'ods:calc8';
    const result = spawnSync(
      soffice,
      [`-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', work, source],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const produced = path.join(work, `${path.basename(source, path.extname(source))}.${format}`);
    if (!existsSync(produced)) throw new Error(`LibreOffice did not write ${format}: ${result.stderr || result.stdout}`);
    copyFileSync(produced, path.join(OUT, target));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function copyFromCorpus(relative: string, target: string): void {
  const source = path.join(CORPUS, relative);
  if (!existsSync(source)) {
    console.log(`  (no ${relative} in ../shared/corpus: ${target} left as it is)`);
    return;
  }
  // Written, not copied, so the corpus's read-only mode does not come along.
  writeFileSync(path.join(OUT, target), readFileSync(source));
  console.log(`  ${target} (copied from ${relative})`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const write = (name: string, data: Buffer | string) => {
    writeFileSync(path.join(OUT, name), data);
    console.log(`  ${name} (${Buffer.byteLength(data)} bytes)`);
  };

  const good = await goodList();
  write('good-list.xlsx', good);
  convertWithLibreOffice(path.join(OUT, 'good-list.xlsx'), 'xls', 'good-list.xls');
  convertWithLibreOffice(path.join(OUT, 'good-list.xlsx'), 'ods', 'good-list.ods');
  // Hidden rows and columns must survive the conversion (from intake/hidden-rows.xlsx, written by make-intake-fixtures.ts).
  convertWithLibreOffice(path.join(OUT, '..', 'intake', 'hidden-rows.xlsx'), 'ods', 'hidden-rows.ods');
  write(
    'semicolon-bom.csv',
    '\uFEFFSTT;Họ và tên;Địa chỉ;Số tiền\r\n1;Nguyễn Văn An;"Thôn Tiên Hội; xã An Lão";200.000\r\n2;Trần Thị Bình;Thôn Đồng Xuân;500.000\r\n',
  );
  write('truncated.xlsx', good.subarray(0, Math.floor(good.length * 0.6)));
  write('empty.xlsx', Buffer.alloc(0));
  write('renamed-pdf.xlsx', TINY_PDF);
  write('renamed-png.xlsx', tinyPng());
  write(
    'word-renamed.xlsx',
    writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      {
        name: '_rels/.rels',
        data: Buffer.from(
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
        ),
      },
      { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>') },
    ]),
  );
  write('zip-bomb.xlsx', writeZip(workbookParts(paddedSheet(300 * 1024 * 1024))));
  write('lying-sizes.xlsx', writeZip(workbookParts(paddedSheet(20 * 1024 * 1024), 2048)));
  write('row-beyond-excel.xlsx', writeZip(workbookParts(sheetXml(`${HEADER_ROW}<row r="999999999">${inline('B999999999', 'x')}</row>`))));
  const merges = Array.from({ length: 20_000 }, (_, i) => `<mergeCell ref="A${i + 3}:C${i + 3}"/>`).join('');
  write('many-merges.xlsx', writeZip(workbookParts(sheetXml(`${HEADER_ROW}${DONOR_ROW}`, `<mergeCells count="20000">${merges}</mergeCells>`))));
  write(
    'validation-whole-sheet.xlsx',
    writeZip(
      workbookParts(
        sheetXml(
          `${HEADER_ROW}${DONOR_ROW}`,
          '<dataValidations count="1"><dataValidation type="whole" allowBlank="1" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations>',
        ),
      ),
    ),
  );
  copyFromCorpus('apache-poi/protected_passtika.xlsx', 'password.xlsx');
  copyFromCorpus('sheetjs/password_2002_40_xor.xls', 'password.xls');
  copyFromCorpus('_licenses/apache-poi.LICENSE.txt', 'LICENSE-Apache-2.0.txt');
  console.log(`fixtures written to ${path.relative(REPO, OUT)}`);
}

await main();
