/**
 * The provenance of a donor row as held in memory. A province run holds a million of them: storing
 * each row's cell addresses ("B12", "F12", …) as an object of strings was about 400 bytes a row, the
 * largest part of a record. Here a row keeps its number and a reference to its field → column
 * letters, shared by every row read with the same columns, and `cells` is made when it is read.
 * Reading, spreading, JSON and test equality still see the plain `{source, sheet, row, cells, sha256}`
 * of the schema (src/model/record.ts), in that order.
 */
import { columnLetter } from '../model/a1.js';
import type { Donation } from '../model/record.js';

type Provenance = Donation['provenance'];

/** Field → column letters ("amount" → "F"), in the order the row's cells are listed. */
type FieldColumns = Readonly<Record<string, string>>;

/** Column layouts seen so far, by their fields and columns: a few per campaign. */
const layouts = new Map<string, FieldColumns>();
/** Bound for a process that runs night after night; a layout dropped is only made again. */
const MAX_LAYOUTS = 10_000;

class RowProvenance {
  declare readonly source: string;
  declare readonly sheet: string;
  declare readonly row: number;
  declare readonly cells: Record<string, string>;
  declare readonly sha256: string;
  readonly #columns: FieldColumns;

  /** An own, enumerable accessor with one shared getter: every instance keeps one hidden class. */
  static readonly #cells: PropertyDescriptor = {
    enumerable: true,
    get(this: RowProvenance): Record<string, string> {
      const cells: Record<string, string> = {};
      for (const field in this.#columns) cells[field] = `${this.#columns[field]}${this.row}`;
      return cells;
    },
  };

  constructor(source: string, sheet: string, row: number, columns: FieldColumns, sha256: string) {
    this.#columns = columns;
    // Assigned in the schema's order, which is the order JSON and Object.keys list them in.
    (this as { source: string }).source = source;
    (this as { sheet: string }).sheet = sheet;
    (this as { row: number }).row = row;
    Object.defineProperty(this, 'cells', RowProvenance.#cells);
    (this as { sha256: string }).sha256 = sha256;
  }
}

/**
 * The provenance of 1-based spreadsheet row `row`, whose fields were read from the given 0-based
 * columns (`[["name", 1], ["amount", 5]]` → cells `{name: "B<row>", amount: "F<row>"}`).
 */
export function rowProvenance(source: string, sheet: string, row: number, fields: readonly (readonly [string, number])[], sha256: string): Provenance {
  let key = '';
  for (const [field, col] of fields) key += `${field}:${col};`;
  let columns = layouts.get(key);
  if (!columns) {
    if (layouts.size >= MAX_LAYOUTS) layouts.clear();
    const made: Record<string, string> = {};
    for (const [field, col] of fields) made[field] = columnLetter(col);
    columns = Object.freeze(made);
    layouts.set(key, columns);
  }
  return new RowProvenance(source, sheet, row, columns, sha256);
}
