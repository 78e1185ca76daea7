/**
 * Building blocks of an editable Word copy in the Decree 30/2020 layout, the same parts as the
 * HTML templates: the two-block header (issuer | national title and motto, number | place-date),
 * justified body paragraphs, bordered data tables, the signature block ("Nơi nhận" | signer) and
 * page numbers (top centre). Times New Roman (Tinos in the PDFs has the same metrics), A4, margins 20/15/20/30 mm.
 */
import { docx, type DocxNode } from './docx-lib.js';

const { AlignmentType, BorderStyle, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, convertMillimetersToTwip } = docx;
type Paragraph = DocxNode;
type Table = DocxNode;
type TableCell = DocxNode;
type Header = DocxNode;
type TextRun = DocxNode;
/** One section of the document: page setup, footer, content. */
type ISectionOptions = { properties: Record<string, unknown>; headers: { default: DocxNode; first?: DocxNode }; children: DocxNode[] };

export const FONT = 'Times New Roman';
/** Half-points: 13 pt body, 11 pt tables, 10 pt in the landscape annexes (as report.css). */
const BODY = 26;
const SMALL = 22;
const ANNEX = 20;

export type Run = { text: string; bold?: boolean; italics?: boolean; underline?: boolean };
type TextSize = 'body' | 'small' | 'annex' | 'nation';
export type Block = Paragraph | Table;

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

/**
 * Font and size come from the document defaults and the paragraph's style (STYLES), and only what is
 * set is written: a 20-page report has ~10,000 runs, and every property is objects to build and XML
 * to write (bench/docx.ts).
 */
function runOf(r: Run): TextRun {
  return new TextRun({ text: r.text.normalize('NFC'), ...(r.bold ? { bold: true } : {}), ...(r.italics ? { italics: true } : {}), ...(r.underline ? { underline: {} } : {}) });
}

/** Paragraph styles for the sizes other than the body's: 11 pt tables, 10 pt annex tables, the 12 pt national title. */
const STYLES = [
  { id: 'Small', name: 'Small', basedOn: 'Normal', run: { size: SMALL }, paragraph: { spacing: { after: 0 } } },
  { id: 'Annex', name: 'Annex', basedOn: 'Normal', run: { size: ANNEX }, paragraph: { spacing: { after: 0 } } },
  { id: 'Nation', name: 'Nation', basedOn: 'Normal', run: { size: 24 } },
];
const STYLE_OF = { small: 'Small', annex: 'Annex', nation: 'Nation' } as const;

/** One paragraph; strings are plain runs. */
export function para(
  content: string | readonly (string | Run)[],
  options: { align?: 'left' | 'center' | 'right' | 'justify'; bold?: boolean; italics?: boolean; indent?: boolean; size?: TextSize; after?: number; before?: number; keepNext?: boolean } = {},
): Paragraph {
  // The national title is 12 pt so it fits one line, as in the PDF.
  const style = options.size && options.size !== 'body' ? STYLE_OF[options.size] : undefined;
  const defaultAfter = style === 'Small' || style === 'Annex' ? 0 : 120;
  const after = options.after !== undefined && options.after !== defaultAfter ? { after: options.after } : {};
  const spacing = options.before || 'after' in after ? { ...after, ...(options.before ? { before: options.before } : {}) } : undefined;
  const parts = typeof content === 'string' ? [content] : content;
  const runs = parts.map((p) => runOf(typeof p === 'string' ? { text: p, ...(options.bold ? { bold: true } : {}), ...(options.italics ? { italics: true } : {}) } : p));
  const align = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED }[options.align ?? 'justify'];
  return new Paragraph({
    children: runs,
    ...(style ? { style } : {}),
    alignment: align,
    // Line spacing and the space after (120, or 0 in the table styles) are defaults.
    ...(spacing ? { spacing } : {}),
    ...(options.indent ? { indent: { firstLine: convertMillimetersToTwip(10) } } : {}),
    ...(options.keepNext ? { keepNext: true } : {}),
  });
}

/** Text width of A4 portrait (210 − 30 − 15 mm) and landscape (297 − 15 − 15 mm) pages. */
export const TEXT_WIDTH_MM = { portrait: 165, landscape: 267 } as const;
const twips = (pct: number, totalMm: number): number => Math.round(convertMillimetersToTwip((pct / 100) * totalMm));

function cell(children: Paragraph[], widthPct: number, extra: { borders?: boolean; columnSpan?: number; rowSpan?: number; top?: boolean; totalMm?: number } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: twips(widthPct, extra.totalMm ?? TEXT_WIDTH_MM.portrait), type: WidthType.DXA },
    verticalAlign: extra.top ? VerticalAlign.TOP : VerticalAlign.CENTER,
    ...(extra.borders === false ? { borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER } } : {}),
    ...(extra.columnSpan ? { columnSpan: extra.columnSpan } : {}),
    ...(extra.rowSpan ? { rowSpan: extra.rowSpan } : {}),
  });
}

/** Cell padding, set once per table. */
const CELL_MARGINS = { left: 60, right: 60, top: 20, bottom: 20 };
/** The annexes' many columns get thinner side margins, as report.css pads them less. */
const NARROW_MARGINS = { left: 30, right: 30, top: 20, bottom: 20 };

/** Two columns without borders (header and signature blocks). */
function twoBlocks(rows: [Paragraph[], Paragraph[]][], left: number): Table {
  return new Table({
    width: { size: twips(100, TEXT_WIDTH_MM.portrait), type: WidthType.DXA },
    columnWidths: [twips(left, TEXT_WIDTH_MM.portrait), twips(100 - left, TEXT_WIDTH_MM.portrait)],
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGINS,
    borders: NO_BORDERS,
    rows: rows.map(([l, r]) => new TableRow({ children: [cell(l, left, { borders: false, top: true }), cell(r, 100 - left, { borders: false, top: true })] })),
  });
}

type HeaderParts = { issuerParents: readonly string[]; issuerBody: string; numberLine: string; placeDate: string; subjectLine?: string };

/** Issuer | "CỘNG HÒA …" and motto; number (and "V/v …") | place-date. */
export function documentHeader(h: HeaderParts): Table {
  const c = { align: 'center' as const, after: 0, size: 'body' as const };
  const issuer = [...h.issuerParents.map((p) => para(p, c)), para([{ text: h.issuerBody, bold: true, underline: true }], c)];
  const nation = [para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { ...c, bold: true, size: 'nation' }), para([{ text: 'Độc lập - Tự do - Hạnh phúc', bold: true, underline: true }], c)];
  const number = [para(h.numberLine, { ...c, after: 0 }), ...(h.subjectLine ? [para(h.subjectLine, { ...c, size: 'small' })] : [])];
  return twoBlocks([[issuer, nation], [number, [para(h.placeDate, { ...c, italics: true })]]], 38);
}

type SignatureParts = { copiesTo: readonly string[]; signerOnBehalf?: string | undefined; signerTitle: string; signerName: string };

/** "Nơi nhận:" and its lines | authority, title, space to sign, name. */
export function signatureBlock(s: SignatureParts): Table {
  const left = s.copiesTo.length
    ? [para([{ text: 'Nơi nhận:', bold: true, italics: true }], { align: 'left', after: 0, size: 'small' }), ...s.copiesTo.map((l) => para(l, { align: 'left', after: 0, size: 'small' }))]
    : [para('', { after: 0 })];
  const c = { align: 'center' as const, after: 0, bold: true };
  const right = [
    ...(s.signerOnBehalf ? [para(s.signerOnBehalf, c)] : []),
    para(s.signerTitle, c),
    ...Array.from({ length: 4 }, () => para('', { after: 0 })),
    para(s.signerName, c),
  ];
  return twoBlocks([[left, right]], 50);
}

type TableCellSpec = string | { text: string; columnSpan?: number; rowSpan?: number };
export type DataRow = { cells: readonly string[]; bold?: boolean };

/**
 * A bordered data table: header rows (with spans), body rows; columns listed in `numeric` are
 * right-aligned. `widths` in percent.
 */
export function dataTable(
  header: readonly (readonly TableCellSpec[])[],
  rows: readonly DataRow[],
  widths: readonly number[],
  numeric: ReadonlySet<number>,
  totalMm: number = TEXT_WIDTH_MM.portrait,
  size: 'small' | 'annex' = 'small',
): Table {
  const narrow = size === 'annex';
  const borders = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };
  // Columns still covered by a cell spanning rows from above, so each header cell gets its own width.
  const coveredUntil = widths.map(() => -1);
  const headRows = header.map((cells, r) => {
    let col = 0;
    const children = cells.map((spec) => {
      const s = typeof spec === 'string' ? { text: spec } : spec;
      while (col < widths.length && coveredUntil[col]! >= r) col++;
      const span = s.columnSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0) || 10;
      if (s.rowSpan) for (let k = col; k < col + span; k++) coveredUntil[k] = r + s.rowSpan - 1;
      col += span;
      return cell([para(s.text, { align: 'center', bold: true, after: 0, size })], width, {
        totalMm,
        ...(s.columnSpan ? { columnSpan: s.columnSpan } : {}),
        ...(s.rowSpan ? { rowSpan: s.rowSpan } : {}),
      });
    });
    return new TableRow({ tableHeader: true, children });
  });
  const bodyRows = rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: r.cells.map((text, i) =>
          cell([para(text, { align: numeric.has(i) ? 'right' : i === 0 ? 'center' : 'left', after: 0, size, ...(r.bold ? { bold: true } : {}) })], widths[i] ?? 10, { totalMm }),
        ),
      }),
  );
  return new Table({
    width: { size: twips(100, totalMm), type: WidthType.DXA },
    columnWidths: widths.map((w) => twips(w, totalMm)),
    layout: TableLayoutType.FIXED,
    margins: narrow ? NARROW_MARGINS : CELL_MARGINS,
    borders,
    rows: [...headRows, ...bodyRows],
  });
}

/** Page number centred at the top of every page (as report.css prints it). */
function pageNumberHeader(): Header {
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SMALL })] })] });
}

/**
 * A4 section, portrait or landscape, ND30 margins, page numbers; `first` leaves the number off the
 * document's first page (ND30 numbers pages from the second on, as report.css does).
 */
export function section(children: Block[], landscape = false, first = false): ISectionOptions {
  const mm = convertMillimetersToTwip;
  return {
    properties: {
      ...(first ? { titlePage: true } : {}),
      page: {
        size: { width: mm(210), height: mm(297), orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin: landscape ? { top: mm(20), bottom: mm(15), left: mm(15), right: mm(15) } : { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
      },
    },
    headers: { default: pageNumberHeader(), ...(first ? { first: new Header({ children: [new Paragraph({ children: [] })] }) } : {}) },
    children,
  };
}

/** The .docx bytes of the given sections. */
export async function packDocx(title: string, sections: ISectionOptions[]): Promise<Buffer> {
  const doc = new Document({
    title,
    creator: 'tonghop',
    styles: { default: { document: { run: { font: FONT, size: BODY }, paragraph: { spacing: { after: 120, line: 276 } } } }, paragraphStyles: STYLES },
    sections,
  });
  return Packer.toBuffer(doc);
}
