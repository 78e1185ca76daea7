import type { Cell, CellValue, SheetGrid, WorkbookGrid } from '../../model/grid.js';

/**
 * A grid as typed arrays, for the parse worker. Cloning a grid object by object costs more than
 * reading the file (V8 writes and re-creates every cell with its keys: ~0.6 s for 700,000 cells)
 * and the worker would hold a second copy of it meanwhile. Packed, the cells are a few typed arrays
 * that postMessage transfers without copying, plus one table of distinct strings; the fast reader
 * writes them directly (PackedGridBuilder), and `unpackGrid` builds the cells once, on the side
 * that uses them.
 *
 * `unpackGrid(packGrid(grid).packed)` is deep-equal to `grid`: holes, explicit nulls, key sets and
 * key order (value, font, formula, error, isDate) included.
 */
export type PackedGrid = {
  readonly format: WorkbookGrid['format'];
  readonly date1904: boolean;
  readonly sheets: readonly PackedSheet[];
  /** Distinct strings: cell text, fonts, formulas, error values. */
  readonly strings: string[];
  /** Per row of every sheet in turn: its length, or -1 for a missing row. */
  readonly rowLengths: Int32Array;
  /** Per entry (a cell, or an explicit null in a row): its row within its sheet. */
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  /** Value kind (low 3 bits) and isDate (see the constants below). */
  readonly kinds: Uint8Array;
  /** The number, the date's time, or the string's index in `strings`. */
  readonly values: Float64Array;
  /** The font's index in `strings`, or -1 for none. */
  readonly fonts: Int32Array;
  /** Pairs (entry, string index), in entry order. */
  readonly formulas: Int32Array;
  readonly errors: Int32Array;
};

type PackedSheet = {
  readonly name: string;
  readonly hidden: boolean;
  readonly merges: string[];
  /** The grid's hiddenRows and hiddenColumns (short lists, cloned as they are). */
  readonly hiddenRows?: number[] | undefined;
  readonly hiddenColumns?: number[] | undefined;
  readonly rowCount: number;
  /** This sheet's rows in `rowLengths` start here. */
  readonly rowStart: number;
  /** This sheet's entries are `entryStart` up to `entryEnd`. */
  readonly entryStart: number;
  readonly entryEnd: number;
};

export const K_DELETED = 0;
const K_ENTRY_NULL = 1;
export const K_NULL = 2;
export const K_STRING = 3;
export const K_NUMBER = 4;
export const K_TRUE = 5;
export const K_FALSE = 6;
export const K_DATE = 7;
export const K_HAS_IS_DATE = 8;
export const K_IS_DATE_TRUE = 16;

/** The buffers to list as transferable with postMessage. */
export function transferList(packed: PackedGrid): ArrayBuffer[] {
  const arrays = [packed.rowLengths, packed.rows, packed.cols, packed.kinds, packed.values, packed.fonts, packed.formulas, packed.errors];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T, need: number): T {
  if (need <= array.length) return array;
  let n = array.length * 2;
  while (n < need) n *= 2;
  const bigger = make(n);
  bigger.set(array);
  return bigger;
}

/**
 * Builds a PackedGrid: strings are interned, entries appended with their row and column, rows
 * counted sheet by sheet. Entries may be marked deleted afterwards (a cell replaced or merged
 * away); they stay in the arrays and `unpackGrid` skips them.
 */
export class PackedGridBuilder {
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  rows = new Int32Array(1024);
  cols = new Int32Array(1024);
  kinds = new Uint8Array(1024);
  values = new Float64Array(1024);
  fonts = new Int32Array(1024);
  entries = 0;
  private formulas = new Int32Array(64);
  private formulaCount = 0;
  private errors = new Int32Array(64);
  private errorCount = 0;
  private rowLengths = new Int32Array(1024);
  private rowTotal = 0;
  private readonly sheets: PackedSheet[] = [];

  /** Index of a string in the table, adding it the first time. */
  intern(text: string): number {
    let at = this.stringIndex.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, at);
    }
    return at;
  }

  /** Appends an entry; returns its index. `value` is the number, the time, or the string index. */
  add(row: number, col: number, kind: number, value: number, font: number): number {
    const e = this.entries;
    if (e === this.cols.length) this.growEntries(e + 1);
    this.rows[e] = row;
    this.cols[e] = col;
    this.kinds[e] = kind;
    this.values[e] = value;
    this.fonts[e] = font;
    this.entries = e + 1;
    return e;
  }

  private growEntries(need: number): void {
    this.rows = grow(this.rows, (n) => new Int32Array(n), need);
    this.cols = grow(this.cols, (n) => new Int32Array(n), need);
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n), need);
    this.values = grow(this.values, (n) => new Float64Array(n), need);
    this.fonts = grow(this.fonts, (n) => new Int32Array(n), need);
  }

  /** Gives the last entry added a formula (call before any later `add`). */
  formula(entry: number, text: string): void {
    this.formulas = grow(this.formulas, (n) => new Int32Array(n), this.formulaCount + 2);
    this.formulas[this.formulaCount++] = entry;
    this.formulas[this.formulaCount++] = this.intern(text);
  }

  /** Gives the last entry added an error value (call before any later `add`). */
  error(entry: number, text: string): void {
    this.errors = grow(this.errors, (n) => new Int32Array(n), this.errorCount + 2);
    this.errors[this.errorCount++] = entry;
    this.errors[this.errorCount++] = this.intern(text);
  }

  /** Ends a sheet whose entries are `entryStart` up to now, with these row lengths (and hidden rows and columns). */
  endSheet(
    name: string,
    hidden: boolean,
    merges: string[],
    entryStart: number,
    rowLengths: ArrayLike<number>,
    rowCount: number,
    hiddenLines: { rows?: number[] | undefined; columns?: number[] | undefined } = {},
  ): void {
    const rowStart = this.rowTotal;
    this.rowLengths = grow(this.rowLengths, (n) => new Int32Array(n), rowStart + rowCount);
    for (let r = 0; r < rowCount; r++) this.rowLengths[rowStart + r] = rowLengths[r]!;
    this.rowTotal += rowCount;
    this.sheets.push({ name, hidden, merges, hiddenRows: hiddenLines.rows, hiddenColumns: hiddenLines.columns, rowCount, rowStart, entryStart, entryEnd: this.entries });
  }

  /**
   * The packed grid. Its arrays are views on the builder's buffers (no copy): transferred, the
   * buffers leave the worker, spare capacity included, and are freed once the grid is unpacked.
   */
  finish(format: WorkbookGrid['format'], date1904: boolean, order?: readonly number[]): PackedGrid {
    const n = this.entries;
    return {
      format,
      date1904,
      sheets: order ? order.map((k) => this.sheets[k]!) : this.sheets,
      strings: this.strings,
      rowLengths: this.rowLengths.subarray(0, this.rowTotal),
      rows: this.rows.subarray(0, n),
      cols: this.cols.subarray(0, n),
      kinds: this.kinds.subarray(0, n),
      values: this.values.subarray(0, n),
      fonts: this.fonts.subarray(0, n),
      formulas: this.formulas.subarray(0, this.formulaCount),
      errors: this.errors.subarray(0, this.errorCount),
    };
  }
}

/** Packs a grid of cell objects (the exceljs reader's) the same way. */
export function packGrid(grid: WorkbookGrid): PackedGrid {
  const builder = new PackedGridBuilder();
  for (const sheet of grid.sheets) {
    const entryStart = builder.entries;
    const lengths = new Int32Array(sheet.rows.length);
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row) {
        lengths[r] = -1;
        continue;
      }
      lengths[r] = row.length;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell === undefined && !(c in row)) continue;
        if (!cell) {
          builder.add(r, c, K_ENTRY_NULL, 0, -1);
          continue;
        }
        const value = cell.value;
        let kind: number;
        let number = 0;
        if (value === null) kind = K_NULL;
        else if (typeof value === 'string') {
          kind = K_STRING;
          number = builder.intern(value);
        } else if (typeof value === 'number') {
          kind = K_NUMBER;
          number = value;
        } else if (typeof value === 'boolean') kind = value ? K_TRUE : K_FALSE;
        else {
          kind = K_DATE;
          number = value.getTime();
        }
        if (cell.isDate !== undefined) kind |= K_HAS_IS_DATE | (cell.isDate ? K_IS_DATE_TRUE : 0);
        const e = builder.add(r, c, kind, number, cell.font === undefined ? -1 : builder.intern(cell.font));
        if (cell.formula !== undefined) builder.formula(e, cell.formula);
        if (cell.error !== undefined) builder.error(e, cell.error);
      }
    }
    builder.endSheet(sheet.name, sheet.hidden, sheet.merges, entryStart, lengths, sheet.rows.length, { rows: sheet.hiddenRows, columns: sheet.hiddenColumns });
  }
  return builder.finish(grid.format, grid.date1904);
}

/** Builds the grid a packed grid describes. */
export function unpackGrid(packed: PackedGrid): WorkbookGrid {
  const { strings, rowLengths, rows: entryRows, cols, kinds, values, fonts, formulas, errors } = packed;
  let f = 0;
  let x = 0;
  const sheets = packed.sheets.map((sheet) => {
    const rows: (Cell | null)[][] = new Array(sheet.rowCount);
    // Each row at its final length, so its backing store is exactly that big.
    for (let r = 0; r < sheet.rowCount; r++) {
      const length = rowLengths[sheet.rowStart + r]!;
      if (length >= 0) rows[r] = new Array<Cell | null>(length);
    }
    // Formulas and errors are listed in entry order; sheets may come in another order.
    f = firstPair(formulas, sheet.entryStart);
    x = firstPair(errors, sheet.entryStart);
    for (let e = sheet.entryStart; e < sheet.entryEnd; e++) {
      const kind = kinds[e]!;
      const type = kind & 7;
      if (type === K_DELETED) continue;
      const row = rows[entryRows[e]!]!;
      if (type === K_ENTRY_NULL) {
        row[cols[e]!] = null;
        continue;
      }
      let value: CellValue;
      switch (type) {
        case K_STRING:
          value = strings[values[e]!]!;
          break;
        case K_NUMBER:
          value = values[e]!;
          break;
        case K_TRUE:
          value = true;
          break;
        case K_FALSE:
          value = false;
          break;
        case K_DATE:
          value = new Date(values[e]!);
          break;
        default:
          value = null;
      }
      const font = fonts[e]!;
      while (f < formulas.length && formulas[f]! < e) f += 2;
      while (x < errors.length && errors[x]! < e) x += 2;
      const hasFormula = f < formulas.length && formulas[f] === e;
      const hasError = x < errors.length && errors[x] === e;
      let cell: Cell;
      if (!hasFormula && !hasError) {
        // The common shapes as literals, so cells share hidden classes.
        if (font < 0) cell = kind & K_HAS_IS_DATE ? { value, isDate: (kind & K_IS_DATE_TRUE) !== 0 } : { value };
        else cell = kind & K_HAS_IS_DATE ? { value, font: strings[font]!, isDate: (kind & K_IS_DATE_TRUE) !== 0 } : { value, font: strings[font]! };
      } else {
        cell = { value };
        if (font >= 0) cell.font = strings[font]!;
        if (hasFormula) cell.formula = strings[formulas[f + 1]!]!;
        if (hasError) cell.error = strings[errors[x + 1]!]!;
        if (kind & K_HAS_IS_DATE) cell.isDate = (kind & K_IS_DATE_TRUE) !== 0;
      }
      row[cols[e]!] = cell;
    }
    const out: SheetGrid = { name: sheet.name, hidden: sheet.hidden, rows, merges: sheet.merges };
    if (sheet.hiddenRows) out.hiddenRows = sheet.hiddenRows;
    if (sheet.hiddenColumns) out.hiddenColumns = sheet.hiddenColumns;
    return out;
  });
  return { format: packed.format, date1904: packed.date1904, sheets };
}

/** First pair (entry, string) at or after `entry`, by binary search. */
function firstPair(pairs: Int32Array, entry: number): number {
  let lo = 0;
  let hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[mid * 2]! < entry) lo = mid + 1;
    else hi = mid;
  }
  return lo * 2;
}

/** Counts of a packed sheet, for the size limits: its cells, widest row, and characters of text. */
export function packedSheetCounts(packed: PackedGrid, sheet: PackedSheet): { cells: number; maxCol: number; textChars: number; longestText: number } {
  let cells = 0;
  let textChars = 0;
  let longestText = 0;
  let maxCol = 0;
  for (let r = 0; r < sheet.rowCount; r++) maxCol = Math.max(maxCol, packed.rowLengths[sheet.rowStart + r]!);
  for (let e = sheet.entryStart; e < sheet.entryEnd; e++) {
    const type = packed.kinds[e]! & 7;
    if (type === K_DELETED || type === K_ENTRY_NULL) continue;
    cells++;
    if (type !== K_STRING) continue;
    const length = packed.strings[packed.values[e]!]!.length;
    textChars += length;
    if (length > longestText) longestText = length;
  }
  return { cells, maxCol, textChars, longestText };
}
