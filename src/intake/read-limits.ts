/**
 * Limits that keep one bad file (a zip bomb, a sheet styled down to row 1,048,576, a workbook that
 * makes the parser spin) from taking the whole run down. A file past any limit is rejected with
 * SOURCE_TOO_LARGE or SOURCE_TIMEOUT and the run goes on with the other files.
 *
 * The defaults are far above any real donor list (a district's biggest list is a few thousand rows)
 * and far below what would exhaust a 4 GB office laptop.
 */
export type ReadLimits = {
  /**
   * Largest file read at all, in bytes.
   * @default 52_428_800 (50 MiB)
   */
  readonly maxFileBytes: number;
  /**
   * Most entries a zip package (.xlsx, .ods) may list in its central directory.
   * @default 10_000
   */
  readonly maxZipEntries: number;
  /**
   * Largest sum of the declared uncompressed sizes of every entry in a zip package, in bytes.
   * @default 1_073_741_824 (1 GiB)
   */
  readonly maxUncompressedBytes: number;
  /**
   * Largest uncompressed worksheet XML part, in bytes (declared and actual).
   * @default 268_435_456 (256 MiB)
   */
  readonly maxSheetXmlBytes: number;
  /**
   * Largest uncompressed shared-strings part (xl/sharedStrings.xml), in bytes (declared and actual).
   * @default 134_217_728 (128 MiB)
   */
  readonly maxSharedStringsBytes: number;
  /**
   * Largest other part that is parsed (workbook, styles, relationships), in bytes.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxOtherPartBytes: number;
  /**
   * Highest row number holding a value on any sheet.
   * @default 200_000
   */
  readonly maxRowsPerSheet: number;
  /**
   * Highest column number holding a value on any sheet (500 is column SF).
   * @default 500
   */
  readonly maxColumnsPerSheet: number;
  /**
   * Most non-empty cells on one sheet.
   * @default 1_000_000
   */
  readonly maxCellsPerSheet: number;
  /**
   * Most non-empty cells in the whole workbook.
   * @default 2_000_000
   */
  readonly maxCellsPerWorkbook: number;
  /**
   * Most characters of cell text in the whole workbook, a shared string counted at every use: one
   * 1 MB string referenced from 10,000 cells would otherwise become 10 GB once copied out.
   * @default 100_000_000
   */
  readonly maxTextChars: number;
  /**
   * Most characters in one cell (Excel itself stops at 32,767): a ten-million-character cell once
   * cost a minute of text cleaning, and no name, address or amount is that long.
   * @default 32_767
   */
  readonly maxCellChars: number;
  /**
   * Most merged ranges on one sheet.
   * @default 100_000
   */
  readonly maxMergesPerSheet: number;
  /**
   * Time allowed to parse one workbook, in milliseconds; the parse is then stopped (SOURCE_TIMEOUT).
   * @default 60_000
   */
  readonly parseTimeoutMs: number;
  /**
   * JavaScript heap allowed to the parser of one workbook, in MiB (worker `maxOldGenerationSizeMb`).
   * @default 1536
   */
  readonly parseMemoryMb: number;
  /**
   * Parse .xlsx in a worker thread, so the time and memory limits can stop it. Off only for
   * debugging: in-process parsing keeps the size checks but cannot be stopped.
   * @default true
   */
  readonly isolateParse: boolean;
  /**
   * Time allowed to LibreOffice to convert one .xls/.ods/.xlsb/.fods/.xml file, in milliseconds.
   * @default 90_000
   */
  readonly convertTimeoutMs: number;
  /**
   * Address space allowed to LibreOffice while it converts one file, in MiB (`ulimit -v`; not on
   * Windows). A normal conversion needs about 250 MiB.
   * @default 2048
   */
  readonly convertMemoryMb: number;
  /**
   * Most files one configured glob (`units[].sources`) may match: a whole-tree glob written by mistake in a
   * folder of thousands of files is refused before anything is read or written.
   * @default 2000
   */
  readonly maxFilesPerPattern: number;
};

/** The limits a run uses unless a caller passes others. */
export const READ_LIMITS: ReadLimits = Object.freeze({
  maxFileBytes: 50 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxSheetXmlBytes: 256 * 1024 * 1024,
  maxSharedStringsBytes: 128 * 1024 * 1024,
  maxOtherPartBytes: 64 * 1024 * 1024,
  maxRowsPerSheet: 200_000,
  maxColumnsPerSheet: 500,
  maxCellsPerSheet: 1_000_000,
  maxCellsPerWorkbook: 2_000_000,
  maxTextChars: 100_000_000,
  maxCellChars: 32_767,
  maxMergesPerSheet: 100_000,
  parseTimeoutMs: 60_000,
  parseMemoryMb: 1536,
  isolateParse: true,
  convertTimeoutMs: 90_000,
  convertMemoryMb: 2048,
  maxFilesPerPattern: 2000,
});

/** Fills the limits a caller did not give with the defaults. */
export function resolveLimits(overrides: LimitOverrides = {}): ReadLimits {
  const given = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...READ_LIMITS, ...(Object.fromEntries(given) as Partial<ReadLimits>) };
}

/** Limits to change; an absent or undefined one keeps its default (campaign.yaml `limits:`). */
export type LimitOverrides = { readonly [K in keyof ReadLimits]?: ReadLimits[K] | undefined };

/** "12 MB", "300 KB": sizes as a commune officer reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} byte`;
}
