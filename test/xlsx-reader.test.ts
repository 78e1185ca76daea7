import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { WorkbookGrid } from '../src/model/grid.js';
import { packGrid, transferList, unpackGrid } from '../src/intake/xlsx/grid-transfer.js';
import { IntakeFailure } from '../src/intake/intake-failure.js';
import { READ_LIMITS, type ReadLimits } from '../src/intake/read-limits.js';
import { readXlsxPackageDetailed, readXlsxPackageExceljs, readXlsxPackagePacked, type XlsxRead } from '../src/intake/xlsx/xlsx-package.js';
import { writeStoredZip, writeZip } from '../src/intake/xlsx/zip-package.js';
import { streamTuning } from '../src/intake/xlsx/zip-stream.js';

/**
 * The fast .xlsx reader (src/intake/xlsx/xlsx-fast.ts) must give the grid the exceljs reader gives,
 * file by file: every fixture workbook, every .xlsx of the shared corpus (when present), and the
 * synthetic workbooks below, which put each construct it reads (and each it hands back to exceljs)
 * in one place. A file exceljs refuses must be refused with the same issue code and reason.
 *
 * Documented differences: none. Both readers keep a formula's cached 0, FALSE or "" (exceljs's
 * cell.value drops them; both read cell.result) and read an empty `<si/>` as "". The fast reader
 * reproduces the remaining exceljs quirks (a shared formula's followers carry the master's address
 * as their formula; a cell in the default style, xf 0, has no font; `t="d"` cells are read as
 * numbers), and reads every file exceljs refuses by handing it to exceljs. If a difference is ever made on purpose, list it here with its reason:
 */
const DOCUMENTED_DIFFERENCES: Record<string, string> = {};

const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(REPO, 'fixtures');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const LIMITS: ReadLimits = READ_LIMITS;

type Outcome = { grid: WorkbookGrid } | { failure: string };

async function outcome<T>(read: () => Promise<T>): Promise<T | { failure: string }> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof IntakeFailure) return { failure: `${error.issueCode} ${JSON.stringify(error.params)}` };
    throw error;
  }
}

async function both(bytes: Buffer, limits: ReadLimits = LIMITS): Promise<{ exceljs: Outcome; fast: XlsxRead | { failure: string } }> {
  const exceljs = await outcome(async () => ({ grid: await readXlsxPackageExceljs(bytes, limits) }));
  const fast = await outcome(() => readXlsxPackageDetailed(bytes, limits));
  return { exceljs, fast };
}

/** The two outcomes, equal (grids deep-equal, holes and key sets included; or the same refusal). */
function expectSame(result: { exceljs: Outcome; fast: XlsxRead | { failure: string } }): void {
  const { exceljs, fast } = result;
  if ('failure' in exceljs || 'failure' in fast) {
    expect('failure' in fast ? fast.failure : 'read').toBe('failure' in exceljs ? exceljs.failure : 'read');
    return;
  }
  expect(isDeepStrictEqual(fast.grid, exceljs.grid)).toBe(true);
  expect(fast.grid).toStrictEqual(exceljs.grid);
}

function workbooks(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...workbooks(full));
    else if (/\.(xlsx|xlsm|xltx|xltm)$/i.test(name)) out.push(full);
  }
  return out.sort();
}

// ---- synthetic workbooks --------------------------------------------------------------------------

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** cellXfs: 0 default; 1 builtin date (14); 2 dd/mm/yyyy in VNI-Times; 3 .VnTime; 4 h:mm; 5 YYYY; 6 0.00 in Arial. */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd\\/mm\\/yyyy"/><numFmt numFmtId="165" formatCode="h:mm"/><numFmt numFmtId="166" formatCode="YYYY"/></numFmts>
<fonts count="4"><font><sz val="11"/><name val="Calibri"/></font><font><sz val="12"/><name val="VNI-Times"/></font><font><name val=".VnTime"/></font><font><b/><name val="Arial"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0"><alignment wrapText="1"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="3" fillId="0" borderId="0" xfId="0"/></cellXfs>
</styleSheet>`;

type Book = {
  sheets: string[];
  names?: string[];
  states?: (string | undefined)[];
  workbookPr?: string;
  sst?: string;
  styles?: string | null;
  /** Replaces the whole workbook part. */
  workbook?: string;
  deflate?: boolean;
};

function columnName(col: number): string {
  let out = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

function sheetXml(body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1"/><sheetData>${body}</sheetData>${extra}</worksheet>`;
}

function makeWorkbookXml(names: string[], states?: (string | undefined)[], workbookPr = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}">${workbookPr}<sheets>${names
    .map((name, k) => `<sheet name="${name}" sheetId="${k + 1}"${states?.[k] ? ` state="${states[k]}"` : ''} r:id="rId${k + 1}"/>`)
    .join('')}</sheets></workbook>`;
}

/** A package from its parts; `encoding` 'latin1' writes damaged parts byte for byte. */
function makeXlsx(book: Book, encoding: BufferEncoding = 'utf8'): Buffer {
  const names = book.names ?? book.sheets.map((_, k) => `Sheet${k + 1}`);
  const workbook = book.workbook ?? makeWorkbookXml(names, book.states, book.workbookPr);
  const rels = book.sheets.map((_, k) => `<Relationship Id="rId${k + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`);
  if (book.sst !== undefined) rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (book.styles !== null) rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`);
  const files = [
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>` },
    ...book.sheets.map((xml, k) => ({ name: `xl/worksheets/sheet${k + 1}.xml`, data: xml })),
    ...(book.sst !== undefined ? [{ name: 'xl/sharedStrings.xml', data: book.sst }] : []),
    ...(book.styles !== null ? [{ name: 'xl/styles.xml', data: book.styles ?? STYLES }] : []),
  ].map((f) => ({ name: f.name, data: Buffer.from(f.data, encoding) }));
  return book.deflate ? writeDeflatedZip(files) : writeStoredZip(files);
}

/** A deflated zip, so the large-part tests go through the streaming inflater. */
function writeDeflatedZip(files: { name: string; data: Buffer }[]): Buffer {
  return writeZip(files, { deflateLevel: 6 });
}

const SST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${MAIN}" count="9" uniqueCount="9">
  <si><t>Họ và tên</t></si>
  <si><t xml:space="preserve"> Nguyễn Văn An </t></si>
  <si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t>Trần </t></r><r><t>Thị Bình</t></r></si>
  <si><t>dòng 1_x000D_
dòng 2</t></si>
  <si/>
  <si><t/></si>
  <si><r><t>bỏ</t></r><t>thay bằng chữ thường</t></si>
  <si><t>Lê &amp; Phạm &lt;3&gt; &#272;&#x1EA1;i</t></si>
  <si><t>a<!-- chú thích -->b<![CDATA[bỏ]]>c</t></si>
</sst>`;

/** Every value kind the readers know, on one sheet. */
const VALUES_SHEET = sheetXml(
  `<row r="1" spans="1:9"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s" s="3"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>-12.5</v></c><c r="C2"><v>1.5E+3</v></c><c r="D2"><v>007</v></c><c r="E2" s="6"><v>200000</v></c><c r="F2"><v>abc</v></c><c r="G2"><v>-0</v></c></row>
<row r="3"><c r="A3" s="1"><v>45536</v></c><c r="B3" s="2"><v>45537.5</v></c><c r="C3" s="4"><v>0.25</v></c><c r="D3" s="5"><v>2024</v></c><c r="E3" s="1"><v>99999999</v></c><c r="F3" t="d"><v>2024-09-01T00:00:00Z</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Thôn Tiên Hội</t></is></c><c r="B4" t="inlineStr"><is><r><rPr><i/></rPr><t>Xóm </t></r><r><t>Bến_x0009_</t></r></is></c><c r="C4" t="inlineStr" s="3"><is><t xml:space="preserve">  hai dòng&#13;&#10;tiếp\r\nvà\rhết  </t></is></c><c r="D4" t="str"><v>A &amp;amp; B</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="b"><v>0</v></c><c r="G4" t="e"><v>#N/A</v></c><c r="H4" t="e" s="3"><v>#REF!</v></c></row>
<row r="5"><c r="A5"><f>SUM(A2:C2)</f><v>1488.5</v></c><c r="B5"><f>A2-A2</f><v>0</v></c><c r="C5" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="D5" t="b"><f>FALSE()</f><v>0</v></c><c r="E5" t="b"><f>TRUE()</f><v>1</v></c><c r="F5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G5" s="1"><f>TODAY()</f><v>45600</v></c><c r="H5" s="1" t="e"><f>NA()</f><v>#N/A</v></c><c r="I5"><f>NOW()</f></c></row>
<row r="6"><c r="A6"><f t="shared" ref="A6:A8" si="0">B6*2</f><v>2</v></c><c r="B6"><v>1</v></c><c r="C6"><f t="array" ref="C6:C7">{1;2}</f><v>1</v></c></row>
<row r="7"><c r="A7"><f t="shared" si="0"/><v>4</v></c><c r="B7"><v>2</v></c><c r="C7"><v>2</v></c></row>
<row r="8"><c r="A8" s="6"><f t="shared" si="0"/><v>0</v></c><c r="B8"><v>0</v></c></row>
<row r="10" spans="2:5"><c r="B10"><v>1</v></c><c><v>2</v></c><c s="3"/><c><v>4</v></c><c r="H10" s="2"/><c r="I10"/></row>
<row r="11"><c r="A11" s="3"/><c r="B11"/></row>
<row r="12"><c r="A12"><v>1</v></c><c r="A12" s="2"/><c r="B12"><v>2</v></c><c r="B12"><v>3</v></c><c r="C12"><v>1</v></c><c r="C12" s="3"/></row>
<row r="13"><c r="$B$13"><v>5</v></c><c r="C13"><v>6<!-- c --></v></c><c r="D13"><v><![CDATA[7]]></v></c></row>
<row r="14"><c r="A14"><v>1</v></c></row><row r="14"><c r="B14"><v>2</v></c></row>
<row r="15"><c r="A15"><v>1</v></c></row><row r="15"/>
<row r="0"><c r="A0"><v>1</v></c></row>`,
  `<mergeCells count="3"><mergeCell ref="A10:B10"/><mergeCell ref="$C$11:D12"/><mergeCell  ref="E1:F1" /></mergeCells><hyperlinks><hyperlink ref="A1" r:id="rId9"/></hyperlinks><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><headerFooter><oddFooter>&amp;P / &amp;N</oddFooter></headerFooter>`,
);

describe('synthetic workbooks: the fast reader gives the exceljs grid', () => {
  it('every value kind, style, formula and cell-placement rule', async () => {
    const bytes = makeXlsx({ sheets: [VALUES_SHEET, sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'), sheetXml('')], names: ['Danh sách', 'Ẩn', 'Rất ẩn'], states: [undefined, 'hidden', 'veryHidden'], sst: SST });
    const result = await both(bytes);
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    const grid = (result.fast as XlsxRead).grid;
    expect(grid.sheets.map((s) => [s.name, s.hidden])).toEqual([['Danh sách', false], ['Ẩn', true], ['Rất ẩn', true]]);
    const rows = grid.sheets[0]!.rows;
    expect(rows[0]![2]).toEqual({ value: 'Trần Thị Bình', font: '.VnTime' });
    expect(rows[2]![0]).toEqual({ value: new Date(Date.UTC(2024, 8, 1)), font: 'Calibri', isDate: true });
    expect(rows[4]![0]).toEqual({ value: 1488.5, formula: 'SUM(A2:C2)' });
  });

  it('the 1904 date system', async () => {
    const sheet = sheetXml('<row r="1"><c r="A1" s="1"><v>43693</v></c><c r="B1" s="1"><f>A1</f><v>43693</v></c></row>');
    const result = await both(makeXlsx({ sheets: [sheet], workbookPr: '<workbookPr date1904="1"/>' }));
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    expect((result.fast as XlsxRead).grid.date1904).toBe(true);
  });

  it('the main namespace under a prefix (OpenXML SDK output)', async () => {
    const x = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${x}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Tên</x:t></x:is></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`;
    const workbook = `<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:x="${x}" xmlns:r="${REL}"><x:sheets><x:sheet name="DS" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`;
    const result = await both(makeXlsx({ sheets: [sheet], workbook }));
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
  });

  it.each([
    ['stored', false],
    ['deflated', true],
  ])('a sheet of several MB, %s, read chunk by chunk', async (_, deflate) => {
    const rows: string[] = [];
    for (let r = 1; r <= 30_000; r++) {
      rows.push(
        `<row r="${r}" spans="1:5"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="s"><v>${r % 9}</v></c><c r="C${r}" t="inlineStr"><is><t>Người thứ ${r} &amp; gia đình</t></is></c><c r="D${r}" s="${r % 7}"><v>${45000 + (r % 400) + r / 1000}</v></c>${r % 1000 === 0 ? `<c r="E${r}" t="inlineStr"><is><t>${'Dài '.repeat(150_000)}</t></is></c>` : ''}</row>`,
      );
    }
    const bytes = makeXlsx({ sheets: [sheetXml(rows.join('\n'))], sst: SST, deflate });
    // Cells of 600,000 characters: above the default per-cell limit, which this test is not about.
    const result = await both(bytes, { ...LIMITS, maxCellChars: 1_000_000 });
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    expect((result.fast as XlsxRead).grid.sheets[0]!.rows).toHaveLength(30_000);
  });

  it.each([
    [7, false],
    [64, true],
    [1000, false],
    [4099, true],
    [17_000, false],
    [20_011, true],
  ])('parts streamed in chunks of %i bytes (deflated: %s) read the same, tokens cut anywhere', async (size, deflate) => {
    const saved = { ...streamTuning };
    Object.assign(streamTuning, { chunk: size, whole: 0 });
    try {
      const rows: string[] = [];
      for (let r = 1; r <= 3000; r++) rows.push(`<row r="${r}"><c r="A${r}" s="${r % 7}"><v>${r * 1.5}</v></c><c r="B${r}" t="s"><v>${r % 9}</v></c><c r="C${r}" t="inlineStr"><is><t>${'Tên &amp; '.repeat(r % 40)}${r}</t></is></c></row>`);
      const bytes = makeXlsx({ sheets: [VALUES_SHEET, sheetXml(rows.join('\n'))], sst: SST, deflate });
      const result = await both(bytes);
      expect((result.fast as XlsxRead).reader).toBe('fast');
      expectSame(result);
    } finally {
      Object.assign(streamTuning, saved);
    }
  });

  it.each<[string, Book]>([
    ['a row without a number (exceljs: Invalid row number in model)', { sheets: [sheetXml('<row><c r="A1"><v>1</v></c></row>')] }],
    ['a row whose first cell has no address', { sheets: [sheetXml('<row r="1"><c><v>1</v></c></row>')] }],
    ['rich text after plain text in an inline string', { sheets: [sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t><r><t>b</t></r></is></c></row>')] }],
    ['rich text after plain text in a shared string', { sheets: [sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], sst: `<sst xmlns="${MAIN}"><si><t>a</t><r><t>b</t></r></si></sst>` }],
    ['a phonetic guide with a text element', { sheets: [sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], sst: `<sst xmlns="${MAIN}"><si><t>東京</t><phoneticPr fontId="1"><t>x</t></phoneticPr></si></sst>` }],
    ['styles without cell formats and a styled cell', { sheets: [sheetXml('<row r="1"><c r="A1" s="1"><v>1</v></c></row>')], styles: `<styleSheet xmlns="${MAIN}"><fonts count="1"><font><name val="Arial"/></font></fonts></styleSheet>` }],
    ['a shared-string index out of range', { sheets: [sheetXml('<row r="1"><c r="A1" t="s"><v>5</v></c></row>')], sst: `<sst xmlns="${MAIN}"><si><t>a</t></si></sst>` }],
    ['a sheet name longer than 31 characters', { sheets: [sheetXml('')], names: ['Danh sách ủng hộ quỹ vì người nghèo 2024'] }],
    ['two sheets with the same name', { sheets: [sheetXml(''), sheetXml('')], names: ['DS', 'ds'] }],
    ['an undefined entity', { sheets: [sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>')] }],
    ['a control character', { sheets: [sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>a\u000bb</t></is></c></row>')] }],
    ['a DOCTYPE', { sheets: [`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "x">]><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`] }],
    ['a repeated attribute', { sheets: [sheetXml('<row r="1"><c r="A1" r="B1"><v>1</v></c></row>')] }],
    ['unbalanced tags', { sheets: [sheetXml('<row r="1"><c r="A1"><v>1</c></row>')] }],
    ['no styles part and a styled row', { sheets: [sheetXml('<row r="1" s="2" customFormat="1"><c r="A1"><v>1</v></c></row>')], styles: null }],
    ['a formula follower without its master', { sheets: [sheetXml('<row r="1"><c r="A1"><f t="shared" si="3"/><v>1</v></c></row>')] }],
  ])('%s: handed to exceljs, same outcome', async (_, book) => {
    const result = await both(makeXlsx(book));
    if (!('failure' in result.fast)) expect(result.fast.reader).toBe('exceljs');
    expectSame(result);
  });

  it('phonetic runs in shared strings are read fast and dropped, as exceljs drops them', async () => {
    const sst = `<sst xmlns="${MAIN}"><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>大</t></r><r><rPr><sz val="9"/></rPr><t>阪</t></r><rPh sb="0" eb="1"><r><t>オオ</t></r></rPh></si></sst>`;
    const result = await both(makeXlsx({ sheets: [sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>')], sst }));
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    expect((result.fast as XlsxRead).grid.sheets[0]!.rows[0]!.map((c) => c?.value)).toEqual(['東京', '大阪']);
  });

  it('a row written backwards, with repeated addresses, reads in linear time', async () => {
    const cells: string[] = [];
    for (let c = 8_000; c >= 1; c--) cells.push(`<c r="${columnName(c)}1"><v>${c}</v></c><c r="${columnName(c)}1" s="${c % 3}"/>`);
    const started = performance.now();
    const bytes = makeXlsx({ sheets: [sheetXml(`<row r="1">${cells.join('')}</row><row r="2"><c r="A2"><v>1</v></c></row>`)] });
    const result = await both(bytes, { ...LIMITS, maxColumnsPerSheet: 16_384 });
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('damaged XML: 300 random edits of the parts, each read the same or refused the same', async () => {
    // Parts as latin1 strings of their UTF-8 bytes, so edits are made (and written) byte by byte.
    const bytesOf = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
    const parts = { sheets: bytesOf(VALUES_SHEET), sst: bytesOf(SST), styles: bytesOf(STYLES), workbook: bytesOf(makeWorkbookXml(['Danh sách'])) };
    let seed = 20_240_901;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = Buffer.from('<>/="\' &;#x0aAZ:!?-[]\r\n\tsrtvcfi1.');
    let fastReads = 0;
    for (let k = 0; k < 300; k++) {
      const part = (['sheets', 'sst', 'styles', 'workbook'] as const)[Math.floor(random() * 4)]!;
      let text = Buffer.from(parts[part], 'latin1');
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * text.length);
        const byte = alphabet[Math.floor(random() * alphabet.length)]!;
        const op = random();
        if (op < 0.33) text = Buffer.concat([text.subarray(0, at), text.subarray(at + 1)]);
        else if (op < 0.66) text = Buffer.concat([text.subarray(0, at), Buffer.from([byte]), text.subarray(at)]);
        else text[at] = byte;
      }
      const damaged = { ...parts, [part]: text.toString('latin1') };
      const variant: Book = { sheets: [damaged.sheets], sst: damaged.sst, styles: damaged.styles, workbook: damaged.workbook };
      const result = await both(makeXlsx(variant, 'latin1'));
      expectSame(result);
      if (!('failure' in result.fast) && result.fast.reader === 'fast') fastReads++;
    }
    // Many edits still leave a file the fast reader takes (79 of these 300): the check is not idle.
    expect(fastReads).toBeGreaterThan(50);
  });

  it('hidden rows and columns: hidden="1"/"true", a repeated row, overlapping <col> ranges, clipped to the grid', async () => {
    // exceljs sorts <col> by min and a column keeps the first range that reached it: B and C stay visible;
    // E:XFD is hidden, but only E lies within the widest row once the merge E1:F1 has emptied F1.
    const cols = '<cols><col min="2" max="2" hidden="true"/><col min="1" max="3"/><col min="5" max="16384" hidden="1"/><col min="3" max="3" hidden="1"/></cols>';
    const body =
      '<row r="1"><c r="A1"><v>1</v></c><c r="E1"><v>5</v></c><c r="F1"><v>6</v></c></row>' +
      '<row r="2" hidden="1"><c r="A2"><v>2</v></c></row><row r="3" hidden="true"><c r="A3"><v>3</v></c></row>' +
      '<row r="4" hidden="0"><c r="A4"><v>4</v></c></row>' +
      '<row r="5" hidden="1"><c r="A5"><v>5</v></c></row><row r="5"><c r="A5"><v>55</v></c></row>' +
      '<row r="6"><c r="A6"><v>6</v></c></row><row r="6" hidden="1"/>' +
      '<row r="7"><c r="D7"><v>7</v></c></row><row r="9" hidden="1"/>';
    const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}">${cols}<sheetData>${body}</sheetData><mergeCells><mergeCell ref="E1:F1"/></mergeCells></worksheet>`;
    const result = await both(makeXlsx({ sheets: [sheet] }));
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
    const read = (result.fast as XlsxRead).grid.sheets[0]!;
    expect(read.hiddenRows).toEqual([1, 2, 5]);
    expect(read.hiddenColumns).toEqual([4]);
    // A sheet with nothing hidden has neither key.
    const plain = await both(makeXlsx({ sheets: [sheetXml('<row r="1" hidden="0"><c r="A1"><v>1</v></c></row>')] }));
    expectSame(plain);
    expect(Object.keys((plain.fast as XlsxRead).grid.sheets[0]!)).toEqual(['name', 'hidden', 'rows', 'merges']);
  });

  it('no styles part: read fast, without fonts or dates', async () => {
    const result = await both(makeXlsx({ sheets: [sheetXml('<row r="1"><c r="A1" s="1"><v>45536</v></c></row>')], styles: null }));
    expect((result.fast as XlsxRead).reader).toBe('fast');
    expectSame(result);
  });

  it('size limits are applied as before', async () => {
    const bytes = makeXlsx({ sheets: [sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>')] });
    for (const limits of [{ maxRowsPerSheet: 2 }, { maxColumnsPerSheet: 1 }, { maxCellsPerSheet: 2 }, { maxSheetXmlBytes: 100 }, { maxMergesPerSheet: 0 }]) {
      const result = await both(bytes, { ...LIMITS, ...limits });
      expectSame(result);
    }
    const merged = makeXlsx({ sheets: [sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>', '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>')] });
    const result = await both(merged, { ...LIMITS, maxMergesPerSheet: 0 });
    expect('failure' in result.fast && result.fast.failure).toMatch(/SOURCE_TOO_LARGE.*vùng gộp ô/);
    expectSame(result);
  });
});

describe('fixture workbooks: the fast reader gives the exceljs grid', () => {
  const files = workbooks(FIXTURES);
  it('finds the fixtures', () => expect(files.length).toBeGreaterThan(30));
  it.each(files.map((f) => [path.relative(FIXTURES, f)]))('%s', async (relative) => {
    const result = await both(readFileSync(path.join(FIXTURES, relative)));
    // Only the two hand-made files without a styles part, and fuzz crashers, fall back; every generated fixture reads fast.
    if (!relative.startsWith('fuzz') && !('failure' in result.fast) && !('failure' in result.exceljs)) expect(result.fast.reader).toBe('fast');
    expectSame(result);
  });
});

describe('corpus workbooks: the fast reader gives the exceljs grid', () => {
  // The shared corpus sits beside the repository on every developer machine and in CI.
  it('the shared corpus is there', () => {
    expect(existsSync(CORPUS)).toBe(true);
  });
  const files = existsSync(CORPUS) ? workbooks(CORPUS) : [];
  it.each(files.map((f) => [path.relative(CORPUS, f)]))('%s', async (relative) => {
    const result = await both(readFileSync(path.join(CORPUS, relative)));
    if (relative in DOCUMENTED_DIFFERENCES) return;
    expectSame(result);
  });
});

describe('grid transfer (parse worker → main thread)', () => {
  const files = workbooks(FIXTURES);
  it.each(files.map((f) => [path.relative(FIXTURES, f)]))('%s survives packing', async (relative) => {
    const read = await outcome(() => readXlsxPackageDetailed(readFileSync(path.join(FIXTURES, relative)), LIMITS));
    if ('failure' in read) return;
    const { grid } = read;
    // As the parse worker sends it: packed by the reader, moved by postMessage, unpacked on arrival.
    const packed = await readXlsxPackagePacked(readFileSync(path.join(FIXTURES, relative)), LIMITS);
    const copy = structuredClone(packed, { transfer: transferList(packed) });
    expect(unpackGrid(copy)).toStrictEqual(grid);
    // A grid of cell objects (the exceljs reader's) packs the same way.
    expect(unpackGrid(packGrid(grid))).toStrictEqual(grid);
  });

  it('keeps holes, explicit nulls, every value kind and optional key', () => {
    const row: WorkbookGrid['sheets'][number]['rows'][number] = [];
    row[1] = { value: 'a', font: 'Arial' };
    row[3] = null;
    row[4] = { value: Number.NaN };
    row[5] = { value: -0, isDate: false };
    row[6] = { value: new Date(0), font: 'VNI-Times', isDate: true };
    row[7] = { value: null, formula: 'A1', error: '#REF!' };
    row[8] = { value: true, formula: 'TRUE()' };
    row[9] = { value: false };
    row.length = 12;
    const grid: WorkbookGrid = { format: 'xlsx', date1904: true, sheets: [{ name: 'S', hidden: true, rows: [row, []], merges: ['A1:B2'], hiddenRows: [1], hiddenColumns: [0, 3] }] };
    const back = unpackGrid(packGrid(grid));
    expect(back).toStrictEqual(grid);
    expect(Object.is(back.sheets[0]!.rows[0]![5]!.value, -0)).toBe(true);
    expect(2 in back.sheets[0]!.rows[0]!).toBe(false);
  });
});
