import { createRequire } from 'node:module';
import {
  K_DATE,
  K_DELETED,
  K_FALSE,
  K_HAS_IS_DATE,
  K_IS_DATE_TRUE,
  K_NULL,
  K_NUMBER,
  K_STRING,
  K_TRUE,
  PackedGridBuilder,
  type PackedGrid,
} from './grid-transfer.js';
import { columnLetter } from '../../model/a1.js';
import { IntakeFailure } from '../intake-failure.js';
import type { ReadLimits } from '../read-limits.js';
import {
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_ROWS,
  MERGE_REF,
  ROW_NUMBER,
  checkMaxRow,
  checkMergeCount,
  checkPackedGridSize,
  hiddenColumnIndexes,
  hiddenRowIndexes,
  isDateFormat,
  normalizePart,
  parseRange,
  utf16Encoding,
  xmlTrue,
  type ColumnRange,
  type PackagePlan,
  type PlannedSheet,
} from './xlsx-common.js';
import { CLOSE, END, MORE, OPEN, TEXT, XmlTokens, bytesOf, mainPrefixOf, unsupported } from './xml-bytes.js';
import { inflateEntry, type ZipEntry } from './zip-package.js';
import { checkEntryDeclared, inflateEntryChunks } from './zip-stream.js';

/**
 * The fast .xlsx reader. It streams the worksheet and shared-strings parts through a byte-level
 * tokenizer (xml-bytes.ts) and writes each cell straight into a packed grid (grid-transfer.ts):
 * no exceljs Workbook, no per-cell objects at all, no worksheet held whole. The small parts
 * (workbook, styles) are parsed by exceljs's own parsers, so sheet names, states, the date system,
 * fonts and number formats are exactly what exceljs makes of them.
 *
 * The grid is the one the exceljs path (xlsx.ts `workbookToGrid`) gives, quirks included, and the
 * equivalence test checks it file by file. Whatever this reader does not recognise as plain,
 * well-formed SpreadsheetML (a construct exceljs handles oddly or refuses) makes it throw
 * FastPathUnsupported, and xlsx-package.ts reads the workbook with exceljs instead.
 */

const require = createRequire(import.meta.url);

type StyleModel = { numFmt?: unknown; font?: { name?: unknown } };
type StylesXformLike = {
  model?: { styles?: unknown };
  parseStream(input: Iterable<string>): Promise<unknown>;
  getStyleModel(id: number): StyleModel | null;
};
type SheetModel = { name?: unknown; id?: unknown; state?: unknown; rId?: unknown };
type WorkbookModel = { sheets?: SheetModel[]; definedNames?: unknown; properties?: { date1904?: unknown } };
type WorkbookXformLike = {
  parseStream(input: Iterable<string>): Promise<WorkbookModel | undefined | null>;
  reconcile(model: unknown): void;
};

let xforms: { Styles: new () => StylesXformLike; Workbook: new () => WorkbookXformLike } | undefined;
function exceljsXforms(): NonNullable<typeof xforms> {
  xforms ??= {
    Styles: require('exceljs/lib/xlsx/xform/style/styles-xform.js') as new () => StylesXformLike,
    Workbook: require('exceljs/lib/xlsx/xform/book/workbook-xform.js') as new () => WorkbookXformLike,
  };
  return xforms;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n', 1)[0]!.slice(0, 120) : String(error);
}

// ---- cells as exceljs makes them ----------------------------------------------------------------

/** exceljs `utils.isDateFmt`: decides whether exceljs turns a number into a Date. */
function exceljsIsDateFormat(format: unknown): boolean {
  if (!format) return false;
  const stripped = String(format).replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(stripped);
}

/** exceljs `utils.xmlDecode` (applied a second time to `t="str"` results and sheet names). */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (entity) => {
    switch (entity) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return entity;
    }
  });
}

/** exceljs TextXform: `_x000D_`-style escapes in shared-string and rich-text runs. */
function decodeEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** What a cell's style (a `cellXfs` index) means for the grid. */
type XfInfo = { readonly font: number; readonly exceljsDate: boolean; readonly ourDate: boolean };
const NO_STYLE: XfInfo = { font: -1, exceljsDate: false, ourDate: false };

class Styles {
  private readonly cache = new Map<number, XfInfo>();
  /**
   * `xform` is undefined when the package has no styles part. `usable` is false when it has none
   * or one without cell formats: exceljs then throws on a styled row or column (and, with a part,
   * on a styled cell). Fonts go into `grid`'s strings.
   */
  readonly usable: boolean;
  constructor(
    readonly xform: StylesXformLike | undefined,
    private readonly grid: PackedGridBuilder,
  ) {
    this.usable = Boolean(xform?.model && Array.isArray(xform.model.styles));
  }

  /** The cell's style as exceljs resolves `s` (only called when `s` is a non-zero number). */
  info(styleId: number): XfInfo {
    if (!this.xform) return NO_STYLE;
    if (!this.usable) unsupported('a styled cell without cell formats');
    let info = this.cache.get(styleId);
    if (info) return info;
    let model: StyleModel | null;
    try {
      model = this.xform.getStyleModel(styleId);
    } catch (error) {
      unsupported(`styles: ${describe(error)}`);
    }
    if (!model) {
      info = NO_STYLE;
    } else {
      const name = model.font?.name;
      const font = name ? this.grid.intern(String(name)) : -1;
      const numFmt = model.numFmt as string | undefined;
      info = { font, exceljsDate: exceljsIsDateFormat(numFmt), ourDate: isDateFormat(numFmt) };
    }
    this.cache.set(styleId, info);
    return info;
  }
}

// ---- parts, chunk by chunk ------------------------------------------------------------------------

type PartScanner = { readonly tokens: XmlTokens; run(): void };

/** Bytes of the next chunk joined to a carried tail (a token cut by the chunk boundary) to finish it. */
const BRIDGE = 16 * 1024;

/**
 * Streams one part through a scanner. A token cut by a chunk boundary is finished on a small
 * bridge (the carried tail and the next chunk's first bytes) and the scan goes on in the chunk
 * itself, so chunks are not copied; a token longer than that waits for twice as many bytes, so a
 * huge one costs linear time, not quadratic.
 */
async function streamPart(
  bytes: Buffer,
  entry: ZipEntry,
  cap: number,
  label: string,
  create: (mainPrefix: string | undefined) => PartScanner,
): Promise<void> {
  let scanner: PartScanner | undefined;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let waitFor = 0;
  const feed = (buf: Buffer, from: number, final: boolean): number => {
    const tokens = scanner!.tokens;
    tokens.reset(buf, final);
    tokens.pos = from;
    scanner!.run();
    return tokens.pos;
  };
  const round = (final: boolean): void => {
    let buf: Buffer;
    let from = 0;
    const [rest, chunk] = pending;
    if (scanner && pending.length === 2 && rest!.length <= BRIDGE && chunk!.length > BRIDGE) {
      const bridge = Buffer.concat([rest!, chunk!.subarray(0, BRIDGE)]);
      const used = feed(bridge, 0, false);
      if (used >= rest!.length) {
        buf = chunk!;
        from = used - rest!.length;
      } else {
        buf = Buffer.concat([bridge.subarray(used), chunk!.subarray(BRIDGE)]);
      }
    } else {
      buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength);
      if (!scanner) {
        if (utf16Encoding(buf)) unsupported('a UTF-16 part');
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
        scanner = create(mainPrefixOf(buf));
      }
    }
    const used = feed(buf, from, final);
    if (used >= buf.length) {
      pending = [];
      pendingLength = 0;
      waitFor = 0;
    } else {
      const tail = buf.subarray(used);
      pending = [tail];
      pendingLength = tail.length;
      waitFor = used === from ? tail.length * 2 : 0;
    }
  };
  for await (const chunk of inflateEntryChunks(bytes, entry, cap, label)) {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength < waitFor || (!scanner && pendingLength < 4096)) continue;
    round(false);
  }
  round(true);
}

// ---- shared strings -------------------------------------------------------------------------------

const N_SST = bytesOf('sst');
const N_SI = bytesOf('si');
const N_T = bytesOf('t');
const N_R = bytesOf('r');
const N_RPR = bytesOf('rPr');
const N_RPH = bytesOf('rPh');
const N_PHONETIC_PR = bytesOf('phoneticPr');

/**
 * xl/sharedStrings.xml as exceljs's SharedStringsXform reads it: an item's value is its last direct
 * `<t>`, or else its rich-text runs joined; an empty `<si/>` is an empty string.
 */
class SharedStringsScanner implements PartScanner {
  readonly strings: string[] = [];
  /** 0 before the root, 1 in <sst>, 2 in <si>, 3 in <r>, 4 skipping <rPr>/<rPh>/<phoneticPr>. */
  private level = 0;
  /** 0 no, 1 a direct <t>, 2 a run's <t>. */
  private collecting = 0;
  private text = '';
  /** 0 nothing yet, 1 plain text, 2 rich text. */
  private kind = 0;
  private plain = '';
  private runs = '';
  private runText: string | undefined;
  private skipDepth = 0;
  private skipReturn = 0;
  /** What is skipped: phonetic text (<rPh>), whose own <t> and <r> exceljs reads and drops, or other. */
  private skipPhonetic = false;

  constructor(readonly tokens: XmlTokens) {}

  run(): void {
    const t = this.tokens;
    for (;;) {
      const kind = t.next();
      if (kind === MORE || kind === END) return;
      if (kind === TEXT) {
        if (this.collecting !== 0 && this.level !== 4) this.text += t.text(t.textStart, t.textEnd, t.textFlags(t.textStart, t.textEnd));
        else t.checkSkippedText(t.textStart, t.textEnd);
      } else if (kind === OPEN) {
        t.checkSkippedAttributes();
        this.open();
      } else if (kind === CLOSE) {
        this.close();
      }
      // CDATA: exceljs's parser does not listen for it, so its text is dropped.
    }
  }

  private open(): void {
    const t = this.tokens;
    if (this.level === 4) {
      const misread = t.nameIs(N_RPH) || t.nameIs(N_SI) || (!this.skipPhonetic && (t.nameIs(N_T) || t.nameIs(N_R) || t.nameIs(N_RPR)));
      if (misread) unsupported('shared strings: text elements where exceljs would misread them');
      if (!t.selfClosing) this.skipDepth++;
      return;
    }
    if (this.collecting !== 0) unsupported('shared strings: an element inside <t>');
    switch (this.level) {
      case 0:
        if (!t.nameIs(N_SST)) unsupported('shared strings: the root is not <sst>');
        if (!t.selfClosing) this.level = 1;
        return;
      case 1:
        if (!t.nameIs(N_SI)) unsupported('shared strings: an unexpected element in <sst>');
        this.kind = 0;
        this.runs = '';
        if (t.selfClosing) this.push();
        else this.level = 2;
        return;
      case 2:
        if (t.nameIs(N_T)) {
          if (t.selfClosing) this.setPlain('');
          else this.startText(1);
        } else if (t.nameIs(N_R)) {
          this.runText = undefined;
          if (t.selfClosing) this.endRun();
          else this.level = 3;
        } else if (t.nameIs(N_RPH)) {
          this.skip(2, true);
        } else if (t.nameIs(N_PHONETIC_PR)) {
          this.skip(2, false);
        } else {
          unsupported('shared strings: an unexpected element in <si>');
        }
        return;
      case 3:
        if (t.nameIs(N_T)) {
          if (t.selfClosing) this.runText = '';
          else this.startText(2);
        } else if (t.nameIs(N_RPR)) {
          this.skip(3, false);
        } else {
          unsupported('shared strings: an unexpected element in <r>');
        }
        return;
    }
  }

  private skip(returnLevel: number, phonetic: boolean): void {
    if (this.tokens.selfClosing) return;
    this.level = 4;
    this.skipDepth = 0;
    this.skipReturn = returnLevel;
    this.skipPhonetic = phonetic;
  }

  private startText(which: number): void {
    this.collecting = which;
    this.text = '';
  }

  private close(): void {
    if (this.level === 4) {
      if (this.skipDepth > 0) this.skipDepth--;
      else this.level = this.skipReturn;
      return;
    }
    if (this.collecting !== 0) {
      const value = decodeEscapes(this.text);
      if (this.collecting === 1) this.setPlain(value);
      else this.runText = value;
      this.collecting = 0;
      return;
    }
    switch (this.level) {
      case 1:
        this.level = 0;
        return;
      case 2:
        this.push();
        this.level = 1;
        return;
      case 3:
        this.endRun();
        this.level = 2;
        return;
    }
  }

  private setPlain(value: string): void {
    this.kind = 1;
    this.plain = value;
  }

  private endRun(): void {
    // exceljs (strict mode) throws "Cannot create property 'richText' on string".
    if (this.kind === 1) unsupported('shared strings: a rich-text run after plain text');
    this.kind = 2;
    this.runs += this.runText ?? '';
  }

  private push(): void {
    // An empty <si/> is an empty string.
    this.strings.push(this.kind === 0 ? '' : this.kind === 1 ? this.plain : this.runs);
  }
}

// ---- worksheets ---------------------------------------------------------------------------------

const N_WORKSHEET = bytesOf('worksheet');
const N_SHEET_DATA = bytesOf('sheetData');
const N_ROW = bytesOf('row');
const N_C = bytesOf('c');
const N_V = bytesOf('v');
const N_F = bytesOf('f');
const N_IS = bytesOf('is');
const A_R = bytesOf('r');
const A_T = bytesOf('t');
const A_S = bytesOf('s');
const A_SI = bytesOf('si');
const A_REF = bytesOf('ref');
const A_STYLE = bytesOf('style');
const N_COL = bytesOf('col');
const A_HIDDEN = bytesOf('hidden');
const A_MIN = bytesOf('min');
const A_MAX = bytesOf('max');

/** Cell types (`t`), as exceljs's CellXform tells them apart. */
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;

function cellType(value: string): number {
  switch (value) {
    case 's':
      return T_SHARED;
    case 'str':
      return T_STR;
    case 'inlineStr':
      return T_INLINE;
    case 'b':
      return T_BOOL;
    case 'e':
      return T_ERROR;
    default:
      return T_NUMBER;
  }
}

/** What a cell is once read: exceljs keeps a styled empty cell (Null) and an unstyled one (Merge) apart. */
const VALUED = 0;
const NULL_CELL = 1;
const MERGE_CELL = 2;

/** Excel's dates stop at 8.64e15 ms either side of 1970 (ECMAScript TimeClip); past that, Invalid Date. */
const MAX_TIME = 8.64e15;

/** Column number of an address the way exceljs's colCache.decodeAddress reads it; -1 when exceljs would throw. */
function decodeColumn(value: string): number {
  let hasCol = false;
  let hasRow = false;
  let col = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) {
      hasRow = true;
    } else if (hasRow && hasCol && c !== 36) {
      break;
    }
  }
  return hasCol && hasRow && col <= EXCEL_MAX_COLUMNS ? col : -1;
}

/** 1-based column → letters. */
function columnLetters(col: number): string {
  return columnLetter(col - 1);
}

/**
 * One worksheet part as exceljs's WorksheetXform, RowXform, CellXform, Worksheet and Row read it,
 * and as xlsx.ts `toCell` turns each cell into ours. The scan of row numbers and merged ranges is
 * the byte scan of the exceljs path (xlsx-package.ts `scanSheetXml`), made on the same tags.
 */
class SheetScanner implements PartScanner {
  readonly merges: string[] = [];
  maxRow = 0;
  /** Row indexes whose last `<row>` says hidden, and every `<col>` range, for the grid's hidden lists. */
  private readonly hiddenRows = new Set<number>();
  private readonly columnRanges: ColumnRange[] = [];
  /** This sheet's first entry in the grid builder. */
  readonly entryStart: number;
  /** Per row index: the first and last+1 entry of the row stored there, or -1 (none stored). */
  private rowFirst = new Int32Array(256).fill(-1);
  private rowEnd = new Int32Array(256);

  /** 0 before the root, 1 in the root, 2 in <sheetData>, 3 after it. */
  private stage = 0;
  /** In <sheetData>: 0 between rows, 1 in <row>, 2 in <c>, 3 in <is>, 4 in <r>, 5 skipping <rPr>. */
  private level = 0;
  /** 0 no, 1 <v> or a direct <t>, 2 <f>, 3 a run's <t>. */
  private collecting = 0;
  private skipDepth = 0;
  /** A row past Excel's last: from then on only row numbers and merges are scanned. */
  private beyond = false;
  private rowElements = 0;

  /** Per column, the entry of the current row there (valid when its stamp is the row's serial). */
  private colEntry = new Int32Array(64);
  private colStamp = new Int32Array(64);
  private rowSerial = 0;

  // The row being read.
  private rowNumber = 0;
  private rowStartEntry = 0;
  private rowValues = 0;
  private rowLastCol = 0;
  private rowCellElements = 0;
  private previousCol = 0;

  // The cell being read.
  /** Column from `r` (1-based); 0 when there is no `r`; -1 when exceljs could not decode it. */
  private col = 0;
  /** `r` kept as text only when it is not plain letters + digits (needed for shared formulas). */
  private address: string | undefined;
  private addressDigits = 0;
  private addressDigitCount = 0;
  private styleId = 0;
  private type = T_NUMBER;
  /** The value text: 0 none, 1 plain digits (in `digits`), 2 text (in `valueText`). */
  private valueState = 0;
  private digits = 0;
  private digitCount = 0;
  private valueText = '';
  private rich = false;
  private runs = '';
  private runText: string | undefined;
  private runParent = 2;
  private text = '';
  private formula: string | undefined;
  private shareType: string | undefined;
  private shareRef: string | undefined;
  private shareIndex: string | undefined;
  private readonly sharedFormulas = new Map<string, string | undefined>();

  // The cell's value once read (see cellValue).
  private kind = K_NULL;
  private number = 0;
  private font = -1;
  private formulaText: string | undefined;
  private errorText: string | undefined;

  constructor(
    readonly tokens: XmlTokens,
    private readonly grid: PackedGridBuilder,
    private readonly styles: Styles,
    private readonly sharedStrings: SharedStringTable | undefined,
    private readonly date1904: boolean,
  ) {
    this.entryStart = grid.entries;
  }

  run(): void {
    const t = this.tokens;
    for (;;) {
      if (this.level === 1 && this.stage === 2 && !this.beyond) {
        const end = this.fastCell();
        if (end > 0) {
          t.pos = end;
          continue;
        }
      }
      const kind = t.next();
      if (kind === MORE || kind === END) return;
      if (kind === TEXT) {
        if (this.collecting !== 0 && this.level !== 5) this.onText();
        else t.checkSkippedText(t.textStart, t.textEnd);
      } else if (kind === OPEN) {
        t.checkSkippedAttributes();
        if (this.stage === 2 && !this.beyond) this.openInData();
        else this.openElsewhere();
      } else if (kind === CLOSE) {
        if (this.stage === 2 && !this.beyond) this.closeInData();
        else if (this.stage === 2 && t.nameIs(N_SHEET_DATA) && t.depth === this.sheetDataDepth) this.stage = 3;
      }
      // CDATA: exceljs's parser does not listen for it, so its text is dropped.
    }
  }

  private sheetDataDepth = 0;

  /** Tags outside the cell data: the root, <sheetData> itself, and the byte scan's rows and merges. */
  private openElsewhere(): void {
    const t = this.tokens;
    if (this.stage === 0) {
      if (!t.nameIs(N_WORKSHEET)) unsupported('the sheet root is not <worksheet>');
      this.stage = 1;
      return;
    }
    if (t.nameIs(N_ROW)) this.scanRowNumber();
    else this.scanMerge();
    // Without cell formats exceljs throws on a styled column (`<col style="3">`).
    if (!this.styles.usable && t.nameIs(N_COL) && this.styleAttribute(A_STYLE)) unsupported('a styled column without cell formats');
    if (t.nameIs(N_COL)) this.columnRanges.push({ min: this.intAttribute(A_MIN), max: this.intAttribute(A_MAX), hidden: xmlTrue(this.textAttribute(A_HIDDEN)) });
    if (t.nameIs(N_SHEET_DATA)) {
      if (this.stage === 3 || (this.stage === 2 && this.beyond)) unsupported('a second <sheetData>');
      if (t.selfClosing) {
        this.stage = 3;
      } else {
        this.stage = 2;
        this.level = 0;
        this.sheetDataDepth = t.depth - 1;
      }
    }
  }

  /** The byte scan's row number (`<row ` then `r="digits"` within the tag's first 400 bytes). */
  private scanRowNumber(): void {
    const t = this.tokens;
    const buf = t.buf;
    if (buf[t.nameEnd] !== 0x20) return;
    // The tag as the byte scan sees it once the main prefix is dropped: from its `<` (here maybe the prefix's `:`).
    const tagStart = t.nameStart - 1;
    if (t.attrCount > 0 && t.attrNameStart[0] === t.nameEnd + 1 && t.attrNameEnd[0] === t.nameEnd + 2 && buf[t.nameEnd + 1] === 0x72) {
      const n = t.attrDigits(0);
      if (n >= 0 && t.attrValueEnd[0]! < tagStart + 400) {
        if (n > this.maxRow) this.maxRow = n;
        this.checkBeyond();
        return;
      }
    }
    const gt = buf.indexOf(0x3e, tagStart);
    const m = ROW_NUMBER.exec(buf.toString('latin1', tagStart, Math.min(gt < 0 ? t.tagEnd : gt, tagStart + 400)));
    if (m) this.maxRow = Math.max(this.maxRow, Number(m[1]));
    this.checkBeyond();
  }

  private checkBeyond(): void {
    if (this.maxRow > EXCEL_MAX_ROWS) this.beyond = true;
  }

  /** The byte scan's merged range (`mergeCell ` after `<` or `:`, its `ref` within 400 bytes). */
  private scanMerge(): void {
    const t = this.tokens;
    const buf = t.buf;
    const end = t.nameEnd;
    if (end - t.nameStart < 9 || buf[end] !== 0x20) return;
    const at = end - 9;
    if (at > t.nameStart && buf[at - 1] !== 0x3a) return;
    if (buf.toString('latin1', at, end) !== 'mergeCell') return;
    const gt = buf.indexOf(0x3e, at);
    const m = MERGE_REF.exec(buf.toString('latin1', at, Math.min(gt < 0 ? t.tagEnd : gt, at + 400)));
    if (m) this.merges.push(m[1]!.replace(/\$/g, '').toUpperCase());
  }

  private openInData(): void {
    const t = this.tokens;
    if (this.collecting !== 0) unsupported('an element inside a cell value');
    switch (this.level) {
      case 0:
        if (!t.nameIs(N_ROW)) unsupported('an unexpected element in <sheetData>');
        this.scanRowNumber();
        if (this.beyond) return;
        this.openRow();
        if (t.selfClosing) this.closeRow();
        return;
      case 1:
        if (!t.nameIs(N_C)) unsupported('an unexpected element in <row>');
        this.openCell();
        if (t.selfClosing) this.closeCell();
        return;
      case 2:
      case 3:
        if (t.nameIs(N_V) || t.nameIs(N_T)) {
          if (!t.selfClosing) this.collecting = 1;
        } else if (t.nameIs(N_F) && this.level === 2) {
          this.openFormula();
          if (!t.selfClosing) this.collecting = 2;
        } else if (t.nameIs(N_IS) && this.level === 2) {
          if (!t.selfClosing) this.level = 3;
        } else if (t.nameIs(N_R)) {
          this.runText = undefined;
          this.runParent = this.level;
          if (t.selfClosing) this.endRun();
          else this.level = 4;
        } else {
          unsupported('an unexpected element in a cell');
        }
        return;
      case 4:
        if (t.nameIs(N_T)) {
          if (t.selfClosing) {
            this.runText = '';
          } else {
            this.collecting = 3;
            this.text = '';
          }
        } else if (t.nameIs(N_RPR)) {
          if (!t.selfClosing) {
            this.level = 5;
            this.skipDepth = 0;
          }
        } else {
          unsupported('an unexpected element in a rich-text run');
        }
        return;
      case 5:
        if (t.nameIs(N_T) || t.nameIs(N_R) || t.nameIs(N_C) || t.nameIs(N_V) || t.nameIs(N_F) || t.nameIs(N_IS) || t.nameIs(N_RPR)) {
          unsupported('cell elements inside <rPr>');
        }
        if (!t.selfClosing) this.skipDepth++;
        return;
    }
  }

  private closeInData(): void {
    if (this.collecting !== 0) {
      if (this.collecting === 3) this.runText = decodeEscapes(this.text);
      this.collecting = 0;
      return;
    }
    switch (this.level) {
      case 0:
        this.stage = 3;
        return;
      case 1:
        this.closeRow();
        return;
      case 2:
        this.closeCell();
        return;
      case 3:
        this.level = 2;
        return;
      case 4:
        this.endRun();
        this.level = this.runParent;
        return;
      case 5:
        if (this.skipDepth > 0) this.skipDepth--;
        else this.level = 4;
        return;
    }
  }

  private onText(): void {
    const t = this.tokens;
    const start = t.textStart;
    const end = t.textEnd;
    if (this.collecting === 2) {
      const piece = t.text(start, end, t.textFlags(start, end));
      this.formula = this.formula === undefined ? piece : this.formula + piece;
      return;
    }
    if (this.collecting === 3) {
      this.text += t.text(start, end, t.textFlags(start, end));
      return;
    }
    // <v> or a direct <t>: exceljs appends each piece to the value (lost once it is rich text).
    if (this.rich) unsupported('plain text after rich text in a cell');
    if (this.valueState === 0 && end - start <= 15) {
      const buf = t.buf;
      let n = 0;
      let k = start;
      for (; k < end; k++) {
        const d = buf[k]! - 0x30;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (k === end && end > start) {
        this.valueState = 1;
        this.digits = n;
        this.digitCount = end - start;
        return;
      }
    }
    const piece = t.text(start, end, t.textFlags(start, end));
    if (this.valueState === 2) this.valueText += piece;
    else this.valueText = this.valueState === 1 ? this.digitText() + piece : piece;
    this.valueState = 2;
  }

  private digitText(): string {
    return String(this.digits).padStart(this.digitCount, '0');
  }

  /** An attribute's text, or undefined when absent. */
  private textAttribute(name: Uint8Array): string | undefined {
    const a = this.tokens.attr(name);
    return a < 0 ? undefined : this.tokens.attrValue(a);
  }

  /** An integer attribute as exceljs's ColXform reads it: `parseInt(value || '0', 10)`. */
  private intAttribute(name: Uint8Array): number {
    return parseInt(this.textAttribute(name) || '0', 10);
  }

  /** A style attribute exceljs acts on: present, non-empty and a non-zero number. */
  private styleAttribute(name: Uint8Array): boolean {
    const t = this.tokens;
    const a = t.attr(name);
    if (a < 0 || t.attrValueEnd[a] === t.attrValueStart[a]) return false;
    const n = parseInt(t.attrValue(a), 10);
    return n > 0 || n < 0;
  }

  private openRow(): void {
    const t = this.tokens;
    // Without cell formats exceljs throws on a styled row (`<row s="3">`).
    if (!this.styles.usable && this.styleAttribute(A_S)) unsupported('a styled row without cell formats');
    const a = t.attr(A_R);
    let number = a < 0 ? -1 : t.attrDigits(a);
    if (number < 0) {
      // exceljs: parseInt(r); a row without a usable number fails with "Invalid row number in model".
      number = a < 0 ? Number.NaN : parseInt(t.attrValue(a), 10);
      if (!Number.isFinite(number)) unsupported('a row without a row number');
    }
    // A repeated row number replaces the earlier row, hidden or not.
    if (xmlTrue(this.textAttribute(A_HIDDEN))) this.hiddenRows.add(number - 1);
    else if (this.hiddenRows.size > 0) this.hiddenRows.delete(number - 1);
    this.level = 1;
    this.rowNumber = number;
    this.rowStartEntry = this.grid.entries;
    this.rowSerial++;
    this.rowValues = 0;
    this.rowLastCol = 0;
    this.rowCellElements = 0;
    this.previousCol = 0;
  }

  private closeRow(): void {
    this.level = 0;
    if (++this.rowElements > EXCEL_MAX_ROWS) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `Max row count (${EXCEL_MAX_ROWS}) exceeded` });
    }
    const index = this.rowNumber - 1;
    // A row number below 1 lands outside exceljs's row list (its cells were never added).
    if (index < 0) return;
    if (index >= this.rowFirst.length) this.growRows(index + 1);
    // A repeated row number replaces the earlier row, with nothing when the new one has no values.
    const earlier = this.rowFirst[index]!;
    if (earlier >= 0) this.deleteEntries(earlier, this.rowEnd[index]!);
    if (this.rowValues > 0) {
      this.rowFirst[index] = this.rowStartEntry;
      this.rowEnd[index] = this.grid.entries;
    } else {
      this.rowFirst[index] = -1;
    }
  }

  private growRows(need: number): void {
    let n = this.rowFirst.length * 2;
    while (n < need) n *= 2;
    const first = new Int32Array(n).fill(-1);
    first.set(this.rowFirst);
    const end = new Int32Array(n);
    end.set(this.rowEnd);
    this.rowFirst = first;
    this.rowEnd = end;
  }

  private deleteEntries(from: number, to: number): void {
    const kinds = this.grid.kinds;
    for (let e = from; e < to; e++) kinds[e] = K_DELETED;
  }

  /** The live entry of the current row at `col`, or -1. */
  private entryAt(col: number): number {
    if (col >= this.colStamp.length || this.colStamp[col] !== this.rowSerial) return -1;
    const e = this.colEntry[col]!;
    return this.grid.kinds[e] === K_DELETED ? -1 : e;
  }

  private openCell(): void {
    const t = this.tokens;
    this.startCell();
    const r = t.attr(A_R);
    if (r >= 0 && t.attrValueEnd[r]! > t.attrValueStart[r]!) this.readAddress(r);
    const s = t.attr(A_S);
    if (s >= 0 && t.attrValueEnd[s]! > t.attrValueStart[s]!) {
      const n = t.attrDigits(s);
      this.styleId = n >= 0 ? n : parseInt(t.attrValue(s), 10);
    }
    const type = t.attr(A_T);
    if (type >= 0) this.type = t.attrValueEnd[type]! - t.attrValueStart[type]! === 1 && t.buf[t.attrValueStart[type]!] === 0x73 ? T_SHARED : cellType(t.attrValue(type));
  }

  private startCell(): void {
    this.col = 0;
    this.address = undefined;
    this.styleId = 0;
    this.type = T_NUMBER;
    this.valueState = 0;
    this.rich = false;
    this.runs = '';
    this.formula = undefined;
    this.shareType = undefined;
    this.shareRef = undefined;
    this.shareIndex = undefined;
    this.level = 2;
    if (++this.rowCellElements > EXCEL_MAX_COLUMNS) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `Max column count (${EXCEL_MAX_COLUMNS}) exceeded` });
    }
  }

  /**
   * The common cell in one pass: `<c r="B5" s="1" t="s"><v>12</v></c>` or `<c r="B5" s="1"/>`,
   * attributes r, s, t only, a plain number as the value. Returns where the cell ends, or -1 to
   * let the tokenizer read it (anything else, or a cell cut by the end of the buffer); nothing is
   * changed before the whole cell has been matched.
   */
  private fastCell(): number {
    const buf = this.tokens.buf;
    const len = buf.length;
    let i = this.tokens.pos;
    if (i + 3 >= len || buf[i] !== 0x3c || buf[i + 1] !== 0x63) return -1;
    let b = buf[i + 2]!;
    if (b !== 0x20 && b !== 0x3e && b !== 0x2f) return -1;
    i += 2;
    let rStart = -1;
    let rEnd = -1;
    let style = -1;
    let type = -1;
    let selfClosing: boolean;
    for (;;) {
      while (i < len && buf[i] === 0x20) i++;
      if (i + 1 >= len) return -1;
      b = buf[i]!;
      if (b === 0x3e) {
        i++;
        selfClosing = false;
        break;
      }
      if (b === 0x2f) {
        if (buf[i + 1] !== 0x3e) return -1;
        i += 2;
        selfClosing = true;
        break;
      }
      if (buf[i - 1] !== 0x20 || i + 3 >= len || buf[i + 1] !== 0x3d || buf[i + 2] !== 0x22) return -1;
      i += 3;
      const start = i;
      while (i < len && buf[i] !== 0x22) {
        const c = buf[i]!;
        if (c < 0x20 || c === 0x26 || c === 0x3c || c >= 0x80) return -1;
        i++;
      }
      if (i >= len) return -1;
      const end = i++;
      if (b === 0x72 && rStart < 0) {
        rStart = start;
        rEnd = end;
      } else if (b === 0x73 && style < 0) {
        if (end === start || end - start > 9) return -1;
        style = 0;
        for (let k = start; k < end; k++) {
          const d = buf[k]! - 0x30;
          if (d < 0 || d > 9) return -1;
          style = style * 10 + d;
        }
      } else if (b === 0x74 && type < 0) {
        if (end - start !== 1) return -1;
        const c = buf[start]!;
        if (c === 0x73) type = T_SHARED;
        else if (c === 0x6e) type = T_NUMBER;
        else if (c === 0x62) type = T_BOOL;
        else return -1;
      } else {
        return -1;
      }
    }
    // The address: letters then digits.
    let col = 0;
    let digits = 0;
    let digitCount = 0;
    if (rStart >= 0) {
      let k = rStart;
      while (k < rEnd && buf[k]! >= 65 && buf[k]! <= 90) col = col * 26 + buf[k++]! - 64;
      const letters = k;
      while (k < rEnd && buf[k]! >= 48 && buf[k]! <= 57) digits = digits * 10 + buf[k++]! - 48;
      digitCount = rEnd - letters;
      if (k !== rEnd || letters === rStart || letters === rEnd || digitCount > 15 || col > EXCEL_MAX_COLUMNS) return -1;
    }
    // The value: `<v>number</v></c>`, `</c>`, or nothing (self-closing).
    let valueStart = -1;
    let valueEnd = -1;
    if (!selfClosing) {
      if (i + 3 >= len || buf[i] !== 0x3c) return -1;
      if (buf[i + 1] === 0x2f) {
        if (buf[i + 2] !== 0x63 || buf[i + 3] !== 0x3e) return -1;
        i += 4;
      } else {
        if (buf[i + 1] !== 0x76 || buf[i + 2] !== 0x3e) return -1;
        i += 3;
        valueStart = i;
        while (i < len) {
          const c = buf[i]!;
          if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x45 || c === 0x65) i++;
          else break;
        }
        valueEnd = i;
        if (i + 8 > len || buf[i] !== 0x3c || buf[i + 1] !== 0x2f || buf[i + 2] !== 0x76 || buf[i + 3] !== 0x3e) return -1;
        if (buf[i + 4] !== 0x3c || buf[i + 5] !== 0x2f || buf[i + 6] !== 0x63 || buf[i + 7] !== 0x3e) return -1;
        i += 8;
      }
    }
    // Matched: the same steps as through the tokenizer.
    this.startCell();
    if (rStart >= 0 && rEnd > rStart) {
      this.col = col;
      this.addressDigits = digits;
      this.addressDigitCount = digitCount;
    }
    if (style > 0) this.styleId = style;
    if (type >= 0) this.type = type;
    if (valueEnd > valueStart) {
      let n = 0;
      let k = valueStart;
      if (valueEnd - valueStart <= 15) for (; k < valueEnd && buf[k]! <= 0x39 && buf[k]! >= 0x30; k++) n = n * 10 + buf[k]! - 0x30;
      if (k === valueEnd) {
        this.valueState = 1;
        this.digits = n;
        this.digitCount = valueEnd - valueStart;
      } else {
        this.valueState = 2;
        this.valueText = buf.toString('latin1', valueStart, valueEnd);
      }
    }
    this.closeCell();
    return i;
  }

  /** Reads `r`: plain `[A-Z]+[0-9]+` from the bytes, anything else through exceljs's decoder. */
  private readAddress(a: number): void {
    const t = this.tokens;
    const buf = t.buf;
    const start = t.attrValueStart[a]!;
    const end = t.attrValueEnd[a]!;
    let k = start;
    let col = 0;
    while (k < end && buf[k]! >= 65 && buf[k]! <= 90) col = col * 26 + buf[k++]! - 64;
    const lettersEnd = k;
    let digits = 0;
    while (k < end && buf[k]! >= 48 && buf[k]! <= 57) digits = digits * 10 + buf[k++]! - 48;
    if (k === end && lettersEnd > start && lettersEnd < end && end - lettersEnd <= 15 && col <= EXCEL_MAX_COLUMNS) {
      this.col = col;
      this.addressDigits = digits;
      this.addressDigitCount = end - lettersEnd;
      return;
    }
    const text = t.attrValue(a);
    this.address = text;
    this.col = decodeColumn(text);
  }

  /** The cell's `r` as written (shared-formula masters are recorded under it). */
  private addressText(): string | undefined {
    if (this.address !== undefined) return this.address;
    if (this.col <= 0) return undefined;
    return columnLetters(this.col) + String(this.addressDigits).padStart(this.addressDigitCount, '0');
  }

  private openFormula(): void {
    const t = this.tokens;
    const share = t.attr(A_T);
    const ref = t.attr(A_REF);
    const si = t.attr(A_SI);
    this.shareType = share < 0 ? undefined : t.attrValue(share);
    this.shareRef = ref < 0 ? undefined : t.attrValue(ref);
    this.shareIndex = si < 0 ? undefined : t.attrValue(si);
  }

  private endRun(): void {
    // exceljs (strict mode) throws "Cannot create property 'richText' on string".
    if (this.valueState !== 0) unsupported('rich text after plain text in a cell');
    this.rich = true;
    this.runs += this.runText ?? '';
  }

  private valueString(): string {
    return this.valueState === 1 ? this.digitText() : this.valueText;
  }

  private valueInt(): number {
    return this.valueState === 1 ? this.digits : parseInt(this.valueText, 10);
  }

  private valueFloat(): number {
    return this.valueState === 1 ? this.digits : parseFloat(this.valueText);
  }

  private closeCell(): void {
    this.level = 1;
    const placed = this.cellValue();
    if (placed === MERGE_CELL) return;
    let col = this.col;
    if (col === 0) {
      // No `r`: exceljs takes the column after the previous cell, and throws for a row's first.
      if (this.previousCol === 0) unsupported('a row whose first cell has no address');
      col = this.previousCol + 1;
      if (col > EXCEL_MAX_COLUMNS) unsupported('a cell past the last column');
    } else if (col < 0) {
      unsupported('a cell address exceljs cannot decode');
    }
    this.previousCol = col;
    if (this.rowNumber < 1) return;
    // A later cell at the same address replaces the earlier one; a styled empty one, with nothing.
    if (col <= this.rowLastCol) {
      const earlier = this.entryAt(col);
      if (earlier >= 0) {
        this.grid.kinds[earlier] = K_DELETED;
        this.rowValues--;
      }
    } else {
      this.rowLastCol = col;
    }
    if (placed === NULL_CELL) return;
    const e = this.grid.add(this.rowNumber - 1, col - 1, this.kind, this.number, this.font);
    if (col >= this.colStamp.length) {
      const n = Math.min(EXCEL_MAX_COLUMNS + 1, Math.max(col + 1, this.colStamp.length * 2));
      const entry = new Int32Array(n);
      entry.set(this.colEntry);
      const stamp = new Int32Array(n);
      stamp.set(this.colStamp);
      this.colEntry = entry;
      this.colStamp = stamp;
    }
    this.colEntry[col] = e;
    this.colStamp[col] = this.rowSerial;
    if (this.formulaText !== undefined) this.grid.formula(e, this.formulaText);
    if (this.errorText !== undefined) this.grid.error(e, this.errorText);
    this.rowValues++;
  }

  private setString(text: string): void {
    this.kind = K_STRING;
    this.number = this.grid.intern(text);
  }

  /** A date as exceljs makes it (`utils.excelToDate`) and `toCell` keeps it: a time, or "########". */
  private setDate(value: unknown): void {
    const time = Math.round((Number(value) - 25569 + (this.date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
    if (Number.isNaN(time) || Math.abs(time) > MAX_TIME) {
      this.setString('########');
    } else {
      this.kind = K_DATE | K_HAS_IS_DATE | K_IS_DATE_TRUE;
      this.number = time + 0; // TimeClip turns -0 into +0
    }
  }

  /**
   * exceljs's CellXform parseClose + reconcile, then xlsx.ts `toCell`, into kind / number / font /
   * formula / error. Returns whether the cell has a value, or is a Null or Merge cell.
   */
  private cellValue(): number {
    const styled = this.styleId > 0 || this.styleId < 0; // a non-zero number (NaN and 0 are not)
    const hasValue = this.valueState !== 0 || this.rich;
    const isFormula = this.formula !== undefined || Boolean(this.shareType);
    if (!isFormula && !hasValue) return styled ? NULL_CELL : MERGE_CELL;
    const style = styled ? this.styles.info(this.styleId) : NO_STYLE;
    this.font = style.font;
    this.formulaText = undefined;
    this.errorText = undefined;
    if (isFormula) {
      this.formulaCell(style, hasValue);
      return VALUED;
    }
    if (this.rich && this.type !== T_INLINE) unsupported('rich text in a cell that is not an inline string');
    switch (this.type) {
      case T_SHARED: {
        const strings = this.sharedStrings;
        if (!strings) unsupported('a shared-string cell without a shared-strings part');
        const index = strings.index(this.valueInt(), this.grid);
        if (index < 0) unsupported('a shared-string index out of range');
        this.kind = K_STRING;
        this.number = index;
        break;
      }
      case T_STR:
        this.setString(xmlDecode(this.valueString()));
        break;
      case T_INLINE:
        this.setString(this.rich ? this.runs : this.valueString());
        break;
      case T_BOOL:
        this.kind = this.valueInt() !== 0 ? K_TRUE : K_FALSE;
        break;
      case T_ERROR:
        this.kind = K_NULL;
        this.errorText = this.valueString();
        break;
      default: {
        const value = this.valueFloat();
        if (style.exceljsDate) {
          this.setDate(value);
        } else {
          this.kind = style.ourDate ? K_NUMBER | K_HAS_IS_DATE | K_IS_DATE_TRUE : K_NUMBER;
          this.number = value;
        }
      }
    }
    return VALUED;
  }

  private formulaCell(style: XfInfo, hasValue: boolean): void {
    let result: unknown;
    if (hasValue) {
      if (this.rich) unsupported('rich text as a formula result');
      switch (this.type) {
        case T_STR:
          result = xmlDecode(this.valueString());
          break;
        case T_BOOL:
          result = this.valueInt() !== 0;
          break;
        case T_ERROR:
          result = { error: this.valueString() };
          break;
        default:
          result = this.valueFloat();
      }
    }
    let shared: string | undefined;
    if (this.shareType === 'shared') {
      const key = String(this.shareIndex);
      if (!/^\d+$/.test(key)) unsupported('a shared formula without a numeric index');
      if (this.shareRef) this.sharedFormulas.set(key, this.addressText());
      else shared = this.sharedFormulas.get(key);
    }
    const formula = this.formula || shared;
    if (!formula) unsupported('a formula cell exceljs shows as an object');
    this.formulaText = formula;
    this.kind = K_NULL;
    if (result === undefined) return;
    // exceljs turns any result under a date format into a Date (an error or text into an invalid one).
    if (style.exceljsDate) {
      this.setDate(result);
      return;
    }
    // A cached 0, FALSE or "" is a real result (a SUM over empty rows), not a missing one.
    if (result === null) return;
    if (typeof result === 'object') {
      this.errorText = String((result as { error: unknown }).error);
    } else if (typeof result === 'string') {
      this.setString(result);
    } else if (typeof result === 'boolean') {
      this.kind = result ? K_TRUE : K_FALSE;
    } else {
      this.kind = style.ourDate ? K_NUMBER | K_HAS_IS_DATE | K_IS_DATE_TRUE : K_NUMBER;
      this.number = result as number;
    }
  }

  /** Ends the sheet: merged ranges cleared as exceljs applies them, row lengths, the sheet in the grid. */
  finish(name: string, hidden: boolean): void {
    const grid = this.grid;
    let rowCount = this.rowFirst.length;
    while (rowCount > 0 && this.rowFirst[rowCount - 1]! < 0) rowCount--;
    const { rows, cols, kinds } = grid;
    const start = this.entryStart;
    const end = grid.entries;
    if (this.merges.length > 0 && rowCount > 0) clearMergedEntries(this.merges, rowCount, rows, cols, kinds, start, end);
    const lengths = new Int32Array(rowCount);
    for (let e = start; e < end; e++) {
      if (kinds[e] === K_DELETED) continue;
      const row = rows[e]!;
      if (cols[e]! >= lengths[row]!) lengths[row] = cols[e]! + 1;
    }
    const width = lengths.reduce((w, n) => Math.max(w, n), 0);
    grid.endSheet(name, hidden, this.merges, start, lengths, rowCount, {
      rows: hiddenRowIndexes(this.hiddenRows, rowCount),
      columns: hiddenColumnIndexes(this.columnRanges, width),
    });
  }
}

/**
 * xlsx-common.ts `clearMergedCells` on packed entries: every entry inside a merged range but its
 * top-left is deleted (rows then end at their last remaining cell, as `clearMergedCells` trims them).
 */
function clearMergedEntries(merges: readonly string[], rowCount: number, rows: Int32Array, cols: Int32Array, kinds: Uint8Array, start: number, end: number): void {
  const ranges = merges.map((ref) => parseRange(ref)).filter((range) => range !== undefined);
  const covered = new Uint8Array(rowCount);
  for (const range of ranges) for (let r = range.top; r <= Math.min(range.bottom, rowCount - 1); r++) covered[r] = 1;
  const byRow = new Map<number, number[]>();
  for (let e = start; e < end; e++) {
    if (kinds[e] === K_DELETED || !covered[rows[e]!]) continue;
    const list = byRow.get(rows[e]!);
    if (list) list.push(e);
    else byRow.set(rows[e]!, [e]);
  }
  for (const range of ranges) {
    for (let r = range.top; r <= Math.min(range.bottom, rowCount - 1); r++) {
      for (const e of byRow.get(r) ?? []) {
        const c = cols[e]!;
        if (c < range.left || c > range.right || (r === range.top && c === range.left)) continue;
        kinds[e] = K_DELETED;
      }
    }
  }
}

/** The shared strings, each put into the grid's string table the first time a cell uses it. */
class SharedStringTable {
  private readonly table: Int32Array;
  constructor(private readonly strings: readonly string[]) {
    this.table = new Int32Array(strings.length).fill(-1);
  }

  /** The grid's index of shared string `n`, or -1 when there is none (exceljs then throws). */
  index(n: number, grid: PackedGridBuilder): number {
    if (!(n >= 0 && n < this.strings.length)) return -1;
    let at = this.table[n]!;
    if (at < 0) this.table[n] = at = grid.intern(this.strings[n]!);
    return at;
  }
}

// ---- the workbook -------------------------------------------------------------------------------

type BookSheet = { planned: PlannedSheet; name: string; hidden: boolean; order: number };

/**
 * The workbook part through exceljs's WorkbookXform, reconciled against the package as the exceljs
 * path lays it out, then the sheet rules of exceljs's Workbook and Worksheet (name checks, the
 * sheet list indexed by `sheetId`, ordered by position).
 */
async function readWorkbook(plan: PackagePlan): Promise<{ date1904: boolean; sheets: BookSheet[] }> {
  const xform = new (exceljsXforms().Workbook)();
  let model: WorkbookModel | undefined | null;
  try {
    model = await xform.parseStream([plan.workbookXml.toString('utf8')]);
  } catch (error) {
    unsupported(`workbook: ${describe(error)}`);
  }
  if (!model || !Array.isArray(model.sheets)) unsupported('workbook: no sheet list');
  const sheets = model.sheets;
  const rIds = plan.sheets.map((s) => s.rId);
  if (rIds.some((id) => !/^[\w.-]+$/.test(id)) || new Set(rIds).size !== rIds.length) unsupported('workbook: unusual relationship ids');
  const uses = new Map<unknown, number>();
  for (const sheet of sheets) uses.set(sheet.rId, (uses.get(sheet.rId) ?? 0) + 1);
  if (rIds.some((id) => uses.get(id) !== 1)) unsupported('workbook: a sheet the two readers would match differently');
  // exceljs orders worksheets by the position of the first <sheet> with their id.
  const firstWithId = new Map<unknown, number>();
  sheets.forEach((sheet, k) => {
    if (!firstWithId.has(sheet.id)) firstWithId.set(sheet.id, k);
  });
  const found: SheetModel[] = plan.sheets.map(() => ({}));
  try {
    xform.reconcile({
      sheets,
      definedNames: model.definedNames,
      workbookRels: plan.sheets.map((s, k) => ({ Id: s.rId, Target: `worksheets/sheet${k + 1}.xml` })),
      worksheetHash: Object.fromEntries(found.map((f, k) => [`xl/worksheets/sheet${k + 1}.xml`, f])),
      media: [],
    });
  } catch (error) {
    unsupported(`workbook: ${describe(error)}`);
  }
  const names = new Set<string>();
  const ids = new Set<number>();
  const out: BookSheet[] = plan.sheets.map((planned, k) => {
    const { id, name, state } = found[k]!;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id !== planned.sheetId || ids.has(id)) unsupported('workbook: unusual sheet ids');
    ids.add(id);
    if (typeof name !== 'string' || name === '' || name === 'History' || name.length > 31 || /[*?:/\\[\]]/.test(name) || /(^')|('$)/.test(name)) {
      unsupported('workbook: a sheet name exceljs refuses');
    }
    if (names.has(name.toLowerCase())) unsupported('workbook: two sheets with the same name');
    names.add(name.toLowerCase());
    return { planned, name, hidden: (state || 'visible') !== 'visible', order: firstWithId.get(id) ?? -1 };
  });
  out.sort((a, b) => a.order - b.order);
  return { date1904: Boolean(model.properties?.date1904), sheets: out };
}

async function readStyles(bytes: Buffer, entry: ZipEntry | undefined, limits: ReadLimits, grid: PackedGridBuilder): Promise<Styles> {
  if (!entry) return new Styles(undefined, grid);
  const xml = normalizePart(inflateEntry(bytes, entry, limits.maxOtherPartBytes, 'bảng kiểu'));
  const xform = new (exceljsXforms().Styles)();
  try {
    await xform.parseStream([xml.toString('utf8')]);
  } catch (error) {
    unsupported(`styles: ${describe(error)}`);
  }
  return new Styles(xform, grid);
}

async function readSharedStrings(bytes: Buffer, entry: ZipEntry, limits: ReadLimits): Promise<SharedStringTable> {
  let scanner: SharedStringsScanner | undefined;
  await streamPart(bytes, entry, limits.maxSharedStringsBytes, 'bảng chuỗi dùng chung', (prefix) => (scanner = new SharedStringsScanner(new XmlTokens(prefix))));
  return new SharedStringTable(scanner!.strings);
}

/**
 * Reads the workbook the fast way, into a packed grid. Throws IntakeFailure as the exceljs path
 * would, or FastPathUnsupported when the package needs exceljs.
 */
export async function readXlsxFast(bytes: Buffer, plan: PackagePlan, limits: ReadLimits): Promise<PackedGrid> {
  // Declared sizes first, in the order the exceljs path inflates the parts.
  for (const sheet of plan.sheets) checkEntryDeclared(sheet.entry, limits.maxSheetXmlBytes, `trang "${sheet.name}"`);
  if (plan.sharedStrings) checkEntryDeclared(plan.sharedStrings, limits.maxSharedStringsBytes, 'bảng chuỗi dùng chung');
  if (plan.styles) checkEntryDeclared(plan.styles, limits.maxOtherPartBytes, 'bảng kiểu');

  const book = await readWorkbook(plan);
  const grid = new PackedGridBuilder();
  const styles = await readStyles(bytes, plan.styles, limits, grid);
  const sharedStrings = plan.sharedStrings ? await readSharedStrings(bytes, plan.sharedStrings, limits) : undefined;

  // Sheets are read in package order and listed in the workbook's.
  const position = new Map(book.sheets.map((sheet, k) => [sheet.planned, k]));
  const order: number[] = [];
  for (const planned of plan.sheets) {
    let scanner: SheetScanner | undefined;
    await streamPart(bytes, planned.entry, limits.maxSheetXmlBytes, `trang "${planned.name}"`, (prefix) => {
      scanner = new SheetScanner(new XmlTokens(prefix), grid, styles, sharedStrings, book.date1904);
      return scanner;
    });
    checkMaxRow(planned.name, scanner!.maxRow);
    checkMergeCount(planned.name, scanner!.merges.length, limits);
    const sheet = book.sheets[position.get(planned)!]!;
    scanner!.finish(sheet.name, sheet.hidden);
  }
  const scanned = new Map(plan.sheets.map((planned, k) => [planned, k]));
  for (const sheet of book.sheets) order.push(scanned.get(sheet.planned)!);
  const packed = grid.finish('xlsx', book.date1904, order);
  checkPackedGridSize(packed, limits);
  return packed;
}
