/**
 * The marked copy of an .xlsx made on its package, not through a workbook model: only the marked
 * sheets' cells get a style, each such sheet gets a notes part, and the "Kiểm tra" sheet is added as
 * a new part. Every other byte of the user's workbook stays as it was, and a 5,000-row list costs
 * milliseconds instead of the seconds exceljs needs to load and save it. A package it does not
 * expect (prefixed XML, cells without addresses, notes already there) throws MarkUnsupported and
 * the caller falls back to exceljs.
 */
import { writeZip } from '../../intake/xlsx/zip-package.js';
import { readZipDirectory, inflateEntry } from '../../intake/xlsx/zip-package.js';
import type { ReadLimits } from '../../intake/read-limits.js';
import { parseAddress } from '../../model/a1.js';
import type { FeedbackEntry } from './entries.js';
import { CHECK_COLUMNS, CHECK_TAB_COLOR, checkRow, entriesByCell, FILLS, freeSheetName, noteText, worstSeverity, LEGEND, LEGEND_TEXT } from './annotate.js';

export class MarkUnsupported extends Error {
  override readonly name = 'MarkUnsupported';
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = `${REL_NS}/`;
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DEFAULT_STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const unescapeXml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!,
  );

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
}

function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, ` ${name}="${value}"`);
  return tag.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
}

/** Relationships of a part: id → { type, target resolved against the part's folder }. */
function relationships(xml: string | undefined, partDir: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  for (const m of (xml ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (!id || target === undefined || attr(m[0], 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : normalizePath(`${partDir}/${target}`);
    out.set(id, { type: attr(m[0], 'Type') ?? '', target: resolved });
  }
  return out;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const piece of p.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece && piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

const dirOf = (part: string): string => part.split('/').slice(0, -1).join('/');
const relsOf = (part: string): string => `${dirOf(part) ? `${dirOf(part)}/` : ''}_rels/${part.split('/').pop()}.rels`;
const relative = (fromDir: string, to: string): string => {
  const from = fromDir ? fromDir.split('/') : [];
  const target = to.split('/');
  let common = 0;
  while (common < from.length && from[common] === target[common]) common++;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
};

/** The root element's prefix for the relationships namespace, declaring it when absent. */
function relPrefix(xml: string, rootName: string): { xml: string; prefix: string } {
  const root = new RegExp(`<${rootName}\\b[^>]*>`).exec(xml);
  if (!root) throw new MarkUnsupported(`no <${rootName}> root (prefixed XML)`);
  const declared = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g;
  for (const m of root[0].matchAll(declared)) if (m[2] === REL_NS) return { xml, prefix: m[1]! };
  if (/\sxmlns:r\s*=/.test(root[0])) throw new MarkUnsupported('prefix r bound to another namespace');
  return { xml: xml.replace(root[0], root[0].replace(/\s*(\/?>)$/, ` xmlns:r="${REL_NS}"$1`)), prefix: 'r' };
}

type Package = { files: Map<string, Buffer>; order: string[] };

function readPackage(bytes: Buffer, limits: ReadLimits): Package {
  const files = new Map<string, Buffer>();
  const order: string[] = [];
  for (const entry of readZipDirectory(bytes, limits)) {
    if (entry.name.endsWith('/')) continue;
    const cap = /^xl\/worksheets\//.test(entry.name) ? limits.maxSheetXmlBytes : Math.max(limits.maxOtherPartBytes, limits.maxSharedStringsBytes);
    files.set(entry.name, inflateEntry(bytes, entry, cap, entry.name));
    order.push(entry.name);
  }
  return { files, order };
}

/** Adds cell styles to styles.xml: one per (original style, fill) and the check sheet's own. */
class Styles {
  readonly #xfs: string[];
  readonly #added: string[] = [];
  readonly #fillIds: Record<'error' | 'warning', number>;
  readonly #boldFont: number;
  readonly #cache = new Map<string, number>();
  #xml: string;

  constructor(xml: string) {
    this.#xml = xml;
    const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
    const fills = /<fills\b[^>]*>([\s\S]*?)<\/fills>/.exec(xml);
    const fonts = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(xml);
    if (!cellXfs || !fills || !fonts) throw new MarkUnsupported('styles without cellXfs, fills or fonts');
    this.#xfs = [...cellXfs[1]!.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
    const fillCount = [...fills[1]!.matchAll(/<fill\b/g)].length;
    const fontCount = [...fonts[1]!.matchAll(/<font\b/g)].length;
    this.#fillIds = { error: fillCount, warning: fillCount + 1 };
    this.#boldFont = fontCount;
    const solid = (argb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`;
    this.#xml = this.#xml
      .replace(fills[0], fills[0].replace(/<\/fills>$/, `${solid(FILLS.error)}${solid(FILLS.warning)}</fills>`).replace(/(<fills\b[^>]*?\scount=")\d+/, `$1${fillCount + 2}`))
      .replace(fonts[0], fonts[0].replace(/<\/fonts>$/, '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>').replace(/(<fonts\b[^>]*?\scount=")\d+/, `$1${fontCount + 1}`));
  }

  /** The style of a marked cell: its own style with the severity's fill. */
  marked(style: number, severity: 'error' | 'warning'): number {
    const base = this.#xfs[style] ?? this.#xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    const head = /^<xf\b[^>]*?\/?>/.exec(base)![0];
    const withFill = setAttr(setAttr(head, 'fillId', String(this.#fillIds[severity])), 'applyFill', '1');
    return this.#add(`m${style}|${severity}`, base.replace(head, withFill));
  }

  /** Styles of the check sheet: header (bold), body (wrapped, top), and body with a severity fill. */
  check(kind: 'header' | 'body' | 'error' | 'warning'): number {
    const fill = kind === 'error' || kind === 'warning' ? this.#fillIds[kind] : 0;
    const font = kind === 'header' ? this.#boldFont : 0;
    const align = kind === 'header' ? '' : '<alignment vertical="top" wrapText="1"/>';
    return this.#add(
      `c${kind}`,
      `<xf numFmtId="0" fontId="${font}" fillId="${fill}" borderId="0" xfId="0" applyFont="1" applyFill="1"${align ? ' applyAlignment="1">' + align + '</xf>' : '/>'}`,
    );
  }

  #add(key: string, xf: string): number {
    const known = this.#cache.get(key);
    if (known !== undefined) return known;
    const index = this.#xfs.length + this.#added.length;
    this.#added.push(xf);
    this.#cache.set(key, index);
    return index;
  }

  xml(): string {
    const total = this.#xfs.length + this.#added.length;
    return this.#xml.replace(/<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/, (block) =>
      block.replace(/<\/cellXfs>$/, `${this.#added.join('')}</cellXfs>`).replace(/(<cellXfs\b[^>]*?\scount=")\d+/, `$1${total}`),
    );
  }
}

/** Sets the style of the marked cells in one sheet's XML, adding cells and rows that are absent. */
type Restyle = (style: number) => number;

function styleCells(xml: string, marks: ReadonlyMap<string, Restyle>): string {
  const byRow = new Map<number, Map<number, { ref: string; style: Restyle }>>();
  for (const [ref, style] of marks) {
    const at = parseAddress(ref)!;
    const row = byRow.get(at.row + 1) ?? new Map();
    row.set(at.col, { ref, style });
    byRow.set(at.row + 1, row);
  }
  const quick = styleRowsInPlace(xml, byRow);
  if (quick !== undefined) return quick;
  const data = /<sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/sheetData>)/.exec(xml);
  if (!data) throw new MarkUnsupported('no <sheetData> (prefixed XML)');
  const inner = data[1] ?? '';
  const pieces: string[] = [];
  let last = 0;
  const pendingRows = [...byRow.keys()].sort((a, b) => a - b);
  const newRow = (r: number): string => {
    const cells = [...byRow.get(r)!.entries()].sort((a, b) => a[0] - b[0]);
    return `<row r="${r}">${cells.map(([, c]) => `<c r="${c.ref}" s="${c.style(0)}"/>`).join('')}</row>`;
  };
  for (const m of inner.matchAll(/<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g)) {
    const r = Number(attr(/^<row\b[^>]*>/.exec(m[0])![0], 'r'));
    if (!Number.isInteger(r) || r < 1) throw new MarkUnsupported('row without a number');
    while (pendingRows.length && pendingRows[0]! < r) {
      pieces.push(inner.slice(last, m.index), newRow(pendingRows.shift()!));
      last = m.index;
    }
    if (pendingRows[0] !== r) continue;
    pendingRows.shift();
    pieces.push(inner.slice(last, m.index), markRow(m[0], byRow.get(r)!));
    last = m.index + m[0].length;
  }
  pieces.push(inner.slice(last), ...pendingRows.map(newRow));
  return xml.slice(0, data.index) + `<sheetData>${pieces.join('')}</sheetData>` + xml.slice(data.index + data[0].length);
}

/**
 * The common case without a scan of every row: each marked row is found by its `<row r="N"` and
 * rewritten alone. Undefined when a row is not written that way (then every row is looked at).
 */
function styleRowsInPlace(xml: string, byRow: ReadonlyMap<number, ReadonlyMap<number, { ref: string; style: Restyle }>>): string | undefined {
  const pieces: string[] = [];
  let cursor = 0;
  for (const r of [...byRow.keys()].sort((a, b) => a - b)) {
    const at = xml.indexOf(`<row r="${r}"`, cursor);
    if (at < 0) return undefined;
    const close = xml.indexOf('>', at);
    const end = xml[close - 1] === '/' ? close + 1 : xml.indexOf('</row>', close) + '</row>'.length;
    if (close < 0 || end < close) return undefined;
    pieces.push(xml.slice(cursor, at), markRow(xml.slice(at, end), byRow.get(r)!));
    cursor = end;
  }
  pieces.push(xml.slice(cursor));
  return pieces.join('');
}

function markRow(row: string, cells: ReadonlyMap<number, { ref: string; style: Restyle }>): string {
  const open = /^<row\b[^>]*?(\/?)>/.exec(row)!;
  let body = open[1] ? '' : row.slice(open[0].length, row.length - '</row>'.length);
  const left = new Map(cells);
  body = body.replace(/<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g, (cell) => {
    const head = /^<c\b[^>]*?\/?>/.exec(cell)![0];
    const ref = attr(head, 'r');
    const at = ref ? parseAddress(ref) : undefined;
    if (!at) throw new MarkUnsupported('cell without an address');
    const mark = left.get(at.col);
    if (!mark) return cell;
    left.delete(at.col);
    return cell.replace(head, setAttr(head, 's', String(mark.style(Number(attr(head, 's') ?? 0)))));
  });
  // Cells the sheet does not have (an empty amount) go in column order.
  for (const [col, mark] of [...left.entries()].sort((a, b) => a[0] - b[0])) {
    const added = `<c r="${mark.ref}" s="${mark.style(0)}"/>`;
    let inserted = false;
    body = body.replace(/<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g, (cell) => {
      if (inserted) return cell;
      const at = parseAddress(attr(cell, 'r')!)!;
      if (at.col < col) return cell;
      inserted = true;
      return added + cell;
    });
    if (!inserted) body += added;
  }
  const head = open[0].replace(/\/>$/, '>');
  return `${head}${body}</row>`;
}

/** The notes of one sheet: comments part and the VML drawing Excel shows them with. */
function notesParts(list: readonly { ref: string; text: string }[], sheetIndex: number): { comments: string; vml: string } {
  const comments =
    `${XML_HEAD}<comments xmlns="${MAIN_NS}"><authors><author>tonghop</author></authors><commentList>` +
    list.map((n) => `<comment ref="${n.ref}" authorId="0"><text><r><rPr><sz val="9"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">${escapeXml(n.text)}</t></r></text></comment>`).join('') +
    '</commentList></comments>';
  const shapes = list.map((n, k) => {
    const at = parseAddress(n.ref)!;
    return (
      `<v:shape id="_x0000_s${sheetIndex * 1024 + k + 1}" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:240pt;height:90pt;z-index:${k + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${at.col + 1}, 15, ${at.row}, 2, ${at.col + 5}, 15, ${at.row + 6}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${at.row}</x:Row><x:Column>${at.col}</x:Column></x:ClientData></v:shape>`
    );
  });
  const vml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${sheetIndex}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes.join('') +
    '</xml>';
  return { comments, vml };
}

/** Elements that must come after <legacyDrawing> in a worksheet. */
const AFTER_LEGACY_DRAWING = /<(legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/;

function addRelationships(xml: string | undefined, rels: readonly string[]): string {
  const base = xml ?? `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"></Relationships>`;
  if (!/<\/Relationships>/.test(base)) return base.replace(/<Relationships\b([^>]*?)\/>/, `<Relationships$1>${rels.join('')}</Relationships>`);
  return base.replace(/<\/Relationships>/, `${rels.join('')}</Relationships>`);
}

/** Column H (1-based 8): the colour legend beside the check list. */
const LEGEND_COLUMN = 8;

/** The check sheet's XML: the problems, one a row, with a link to each cell. */
function checkSheetXml(entries: readonly FeedbackEntry[], styles: Styles, sheetNames: ReadonlySet<string>, prefix: string): { xml: string; links: { id: string; target: string }[] } {
  const letters = 'ABCDEF';
  const text = (ref: string, value: string, style: number) => `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  // What the colours mean, in column H beside the list (as the exceljs path writes it).
  const legend = new Map<number, string>([[1, text('H1', 'Chú giải màu', styles.check('header'))]]);
  LEGEND.forEach((item, i) => legend.set(i + 2, text(`H${i + 2}`, item.text, styles.check(item.severity))));
  const header = `<row r="1">${CHECK_COLUMNS.map((c, i) => text(`${letters[i]}1`, c.header, styles.check('header'))).join('')}${legend.get(1)!}</row>`;
  const links: { id: string; target: string }[] = [];
  const hyperlinks: string[] = [];
  const rows = entries.map((e, i) => {
    const r = i + 2;
    const values = checkRow(e, i);
    const body = styles.check('body');
    const cells = CHECK_COLUMNS.map((c, k) => {
      const value = values[c.key];
      const style = c.key === 'severity' && e.severity !== 'info' ? styles.check(e.severity) : body;
      return typeof value === 'number' ? `<c r="${letters[k]}${r}" s="${style}"><v>${value}</v></c>` : text(`${letters[k]}${r}`, value, style);
    });
    if (e.sheet && e.cell && sheetNames.has(e.sheet)) {
      const location = `'${e.sheet.replace(/'/g, "''")}'!${e.cell}`;
      const id = `rIdTonghopLink${i + 1}`;
      links.push({ id, target: `#${location}` });
      hyperlinks.push(`<hyperlink ref="D${r}" ${prefix}:id="${id}" location="${escapeXml(location)}" display="${escapeXml(e.cell)}"/>`);
    }
    return `<row r="${r}">${cells.join('')}${legend.get(r) ?? ''}</row>`;
  });
  // The legend rows the list is too short to have.
  for (let r = entries.length + 2; r <= LEGEND.length + 1; r++) rows.push(`<row r="${r}">${legend.get(r)!}</row>`);
  const cols =
    CHECK_COLUMNS.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('') +
    `<col min="${LEGEND_COLUMN}" max="${LEGEND_COLUMN}" width="30" customWidth="1"/>`;
  const xml =
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:${prefix}="${REL_NS}"><sheetPr><tabColor rgb="${CHECK_TAB_COLOR}"/><pageSetUpPr fitToPage="1"/></sheetPr>` +
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${header}${rows.join('')}</sheetData>` +
    (hyperlinks.length ? `<hyperlinks>${hyperlinks.join('')}</hyperlinks>` : '') +
    // Printed for the submitter: A4 landscape, one page wide, the legend in the page header.
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.5" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    `<headerFooter><oddHeader>${escapeXml(`&L${LEGEND_TEXT}`)}</oddHeader><oddFooter>${escapeXml('&CTrang &P/&N')}</oddFooter></headerFooter></worksheet>`;
  return { xml, links };
}

/** A copy of the .xlsx package `bytes` with the problems marked; throws MarkUnsupported for odd packages. */
export function markXlsxPackage(bytes: Buffer, entries: readonly FeedbackEntry[], limits: ReadLimits): Buffer {
  const pkg = readPackage(bytes, limits);
  const text = (name: string): string | undefined => pkg.files.get(name)?.toString('utf8');
  const put = (name: string, value: string): void => {
    if (!pkg.files.has(name)) pkg.order.push(name);
    pkg.files.set(name, Buffer.from(value, 'utf8'));
  };
  const root = relationships(text('_rels/.rels'), '');
  const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target;
  if (!workbookPart || !pkg.files.has(workbookPart)) throw new MarkUnsupported('no workbook part');
  const { xml: workbookXml, prefix: wbPrefix } = relPrefix(text(workbookPart)!, 'workbook');
  const workbookRels = relationships(text(relsOf(workbookPart)), dirOf(workbookPart));
  let stylesPart = [...workbookRels.values()].find((r) => r.type === `${REL_TYPE}styles`)?.target;
  const extraWorkbookRels: string[] = [];
  const overrides: string[] = [];
  if (!stylesPart || !pkg.files.has(stylesPart)) {
    // A package written without styles (generators do that): the default ones, as Excel has them.
    stylesPart = `${dirOf(workbookPart) ? `${dirOf(workbookPart)}/` : ''}tonghop-styles.xml`;
    put(stylesPart, DEFAULT_STYLES);
    extraWorkbookRels.push(`<Relationship Id="rIdTonghopStyles" Type="${REL_TYPE}styles" Target="${relative(dirOf(workbookPart), stylesPart)}"/>`);
    overrides.push(`<Override PartName="/${stylesPart}" ContentType="${CT}.styles+xml"/>`);
  }
  const styles = new Styles(text(stylesPart)!);
  const sheetTags = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]);
  const sheets = sheetTags.map((tag) => ({ name: attr(tag, 'name') ?? '', part: workbookRels.get(attr(tag, `${wbPrefix}:id`) ?? '')?.target }));
  const names = new Set(sheets.map((s) => s.name));

  // Marked cells, notes and their parts, sheet by sheet.
  const marksBySheet = new Map<string, { marks: Map<string, Restyle>; notes: { ref: string; text: string }[] }>();
  for (const list of entriesByCell(entries).values()) {
    const first = list[0]!;
    const ref = first.cell!.replace(/\$/g, '').toUpperCase();
    if (!names.has(first.sheet!) || !parseAddress(ref)) continue;
    const sheet = marksBySheet.get(first.sheet!) ?? { marks: new Map<string, Restyle>(), notes: [] as { ref: string; text: string }[] };
    const worst = worstSeverity(list);
    if (worst !== 'info') sheet.marks.set(ref, (style) => styles.marked(style, worst));
    sheet.notes.push({ ref, text: noteText(list) });
    marksBySheet.set(first.sheet!, sheet);
  }
  let contentTypes = text('[Content_Types].xml') ?? '';
  if (!contentTypes.includes('</Types>')) throw new MarkUnsupported('no content types');
  sheets.forEach((sheet, index) => {
    if (!sheet.part || !pkg.files.has(sheet.part)) return;
    let xml = text(sheet.part)!;
    // The check sheet opens selected; a second selected tab would group the sheets.
    const dataAt = xml.search(/<sheetData\b/);
    if (dataAt > 0) xml = xml.slice(0, dataAt).replace(/\stabSelected\s*=\s*["'](1|true)["']/g, '') + xml.slice(dataAt);
    const marked = marksBySheet.get(sheet.name);
    if (marked) {
      const sheetRels = text(relsOf(sheet.part));
      if (/\/comments"/.test(sheetRels ?? '') || /<legacyDrawing\b/.test(xml)) throw new MarkUnsupported('sheet already has notes');
      if (marked.marks.size) xml = styleCells(xml, marked.marks);
      if (marked.notes.length) {
        const withRel = relPrefix(xml, 'worksheet');
        xml = withRel.xml;
        // exceljs and LibreOffice find notes by the name xl/commentsN.xml.
        let n = index + 1;
        while (pkg.files.has(`xl/comments${n}.xml`) || pkg.files.has(`xl/drawings/vmlDrawing${n}.vml`)) n++;
        const commentsPart = `xl/comments${n}.xml`;
        const vmlPart = `xl/drawings/vmlDrawing${n}.vml`;
        const parts = notesParts(marked.notes, n);
        put(commentsPart, parts.comments);
        put(vmlPart, parts.vml);
        overrides.push(`<Override PartName="/${commentsPart}" ContentType="${CT}.comments+xml"/>`);
        put(
          relsOf(sheet.part),
          addRelationships(sheetRels, [
            `<Relationship Id="rIdTonghopNotes" Type="${REL_TYPE}comments" Target="${relative(dirOf(sheet.part), commentsPart)}"/>`,
            `<Relationship Id="rIdTonghopVml" Type="${REL_TYPE}vmlDrawing" Target="${relative(dirOf(sheet.part), vmlPart)}"/>`,
          ]),
        );
        const after = Math.max(0, xml.lastIndexOf('</sheetData>'));
        const at = after + xml.slice(after).search(AFTER_LEGACY_DRAWING);
        xml = `${xml.slice(0, at)}<legacyDrawing ${withRel.prefix}:id="rIdTonghopVml"/>${xml.slice(at)}`;
      }
    }
    put(sheet.part, xml);
  });

  const checkName = freeSheetName([...names]);
  // Readers such as exceljs find sheets by the name worksheets/sheetN.xml.
  const sheetsDir = `${dirOf(workbookPart) ? `${dirOf(workbookPart)}/` : ''}worksheets`;
  let free = sheets.length + 1;
  while (pkg.files.has(`${sheetsDir}/sheet${free}.xml`)) free++;
  const checkPart = `${sheetsDir}/sheet${free}.xml`;
  const check = checkSheetXml(entries, styles, names, 'r');
  put(checkPart, check.xml);
  put(relsOf(checkPart), addRelationships(undefined, check.links.map((l) => `<Relationship Id="${l.id}" Type="${REL_TYPE}hyperlink" Target="${escapeXml(l.target)}" TargetMode="External"/>`)));
  overrides.push(`<Override PartName="/${checkPart}" ContentType="${CT}.worksheet+xml"/>`);
  if (!/Extension="vml"/i.test(contentTypes)) overrides.push('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
  contentTypes = contentTypes.replace('</Types>', `${overrides.join('')}</Types>`);
  put('[Content_Types].xml', contentTypes);
  put(stylesPart, styles.xml());
  put(relsOf(workbookPart), addRelationships(text(relsOf(workbookPart)), [...extraWorkbookRels, `<Relationship Id="rIdTonghopCheck" Type="${REL_TYPE}worksheet" Target="${relative(dirOf(workbookPart), checkPart)}"/>`]));

  const sheetIds = sheetTags.map((tag) => Number(attr(tag, 'sheetId') ?? 0));
  const checkTag = `<sheet name="${escapeXml(checkName)}" sheetId="${Math.max(0, ...sheetIds) + 1}" ${wbPrefix}:id="rIdTonghopCheck"/>`;
  let wb = workbookXml.replace(/<\/sheets>/, `${checkTag}</sheets>`);
  // The header row repeats on every printed page.
  const printTitles = `<definedName name="_xlnm.Print_Titles" localSheetId="${sheetTags.length}">${escapeXml(`'${checkName.replace(/'/g, "''")}'!$1:$1`)}</definedName>`;
  wb = /<definedNames\b[^>]*>/.test(wb) ? wb.replace(/<definedNames\b[^>]*>/, (open) => `${open}${printTitles}`) : wb.replace(/<\/sheets>/, `</sheets><definedNames>${printTitles}</definedNames>`);
  // Open on the list of problems.
  const activeTab = String(sheetTags.length);
  if (/<workbookView\b/.test(wb)) wb = wb.replace(/<workbookView\b[^>]*?\/?>/, (tag) => setAttr(tag, 'activeTab', activeTab));
  else wb = wb.replace(/<sheets\b/, `<bookViews><workbookView activeTab="${activeTab}"/></bookViews><sheets`);
  put(workbookPart, wb);

  return writeZip(pkg.order.map((name) => ({ name, data: pkg.files.get(name)! })), { deflateLevel: 1 });
}
