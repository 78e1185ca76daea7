import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { IntakeFailure } from '../intake-failure.js';
import { formatBytes, type ReadLimits } from '../read-limits.js';

/**
 * A minimal zip reader for spreadsheet packages (.xlsx, .ods): it reads the central directory
 * so declared sizes can be checked before anything is inflated, and inflates single entries with
 * a hard byte cap (node:zlib `maxOutputLength`), so a zip bomb is refused whatever its headers say.
 * No dependency: an OOXML package needs only stored and deflated entries.
 */

/** One entry of the central directory. */
export type ZipEntry = {
  /** Name as stored, with backslashes turned into slashes and any leading slash dropped. */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  /** Uncompressed size as declared by the central directory: a claim, not a fact. */
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
};

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

function corrupt(reason: string): IntakeFailure {
  return new IntakeFailure('SOURCE_CORRUPT', { reason });
}

/** Finds the end-of-central-directory record, scanning back over a comment of up to 64 KiB. */
function findEocd(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  return -1;
}

function readBig(bytes: Buffer, at: number): number {
  const value = bytes.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/**
 * Reads the central directory. Throws IntakeFailure SOURCE_CORRUPT for a truncated or malformed
 * zip, SOURCE_TOO_LARGE when the directory declares too many entries or too many bytes.
 */
export function readZipDirectory(bytes: Buffer, limits: ReadLimits): ZipEntry[] {
  if (bytes.length < 22) throw corrupt('tệp nén bị cắt cụt (quá ngắn)');
  const eocd = findEocd(bytes);
  if (eocd < 0) throw corrupt('không tìm thấy mục lục của tệp nén, tệp có thể bị cắt cụt khi tải hoặc chép');
  let count = bytes.readUInt16LE(eocd + 10);
  let size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === MAX32 || offset === MAX32) {
    // Zip64: the real numbers are in the zip64 end record that the locator points to.
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== EOCD64_LOCATOR) throw corrupt('mục lục ZIP64 không đúng');
    const record = readBig(bytes, locator + 8);
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== EOCD64) throw corrupt('mục lục ZIP64 không đúng');
    count = readBig(bytes, record + 32);
    size = readBig(bytes, record + 40);
    offset = readBig(bytes, record + 48);
  }
  if (count > limits.maxZipEntries) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `tệp nén có ${count} phần, quá ${limits.maxZipEntries} phần (giới hạn limits.maxZipEntries)` });
  }
  if (offset + size > bytes.length) throw corrupt('mục lục của tệp nén trỏ ra ngoài tệp, tệp có thể bị cắt cụt');

  const entries: ZipEntry[] = [];
  let at = offset;
  let declaredTotal = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw corrupt('mục lục của tệp nén bị hỏng');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    let compressedSize = bytes.readUInt32LE(at + 20);
    let uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    let localHeaderOffset = bytes.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) throw corrupt('mục lục của tệp nén bị hỏng');
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1').replace(/\\/g, '/').replace(/^\/+/, '');
    if (uncompressedSize === MAX32 || compressedSize === MAX32 || localHeaderOffset === MAX32) {
      const zip64 = readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
      if (!zip64) throw corrupt(`phần "${name}" khai báo kích thước ZIP64 nhưng thiếu dữ liệu`);
      let k = 0;
      if (uncompressedSize === MAX32) uncompressedSize = zip64[k++] ?? Number.MAX_SAFE_INTEGER;
      if (compressedSize === MAX32) compressedSize = zip64[k++] ?? Number.MAX_SAFE_INTEGER;
      if (localHeaderOffset === MAX32) localHeaderOffset = zip64[k++] ?? Number.MAX_SAFE_INTEGER;
    }
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `nội dung giải nén khai báo hơn ${formatBytes(limits.maxUncompressedBytes)} (tệp nén ${formatBytes(bytes.length)}; giới hạn limits.maxUncompressedBytes)`,
      });
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  return entries;
}

function readZip64Extra(extra: Buffer): number[] | undefined {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let k = at + 4; k + 8 <= at + 4 + length && k + 8 <= extra.length; k += 8) values.push(readBig(extra, k));
      return values;
    }
    at += 4 + length;
  }
  return undefined;
}

/** Looks an entry up by name, ignoring case (Windows zip tools change it). */
export function findEntry(entries: readonly ZipEntry[], name: string): ZipEntry | undefined {
  const wanted = name.replace(/^\/+/, '').toLowerCase();
  return entries.find((e) => e.name.toLowerCase() === wanted);
}

/**
 * Inflates one entry, refusing to produce more than `cap` bytes or more than the entry declared.
 * `label` says what the entry is in messages ('trang "Danh sách"', "bảng chuỗi dùng chung").
 */
export function inflateEntry(bytes: Buffer, entry: ZipEntry, cap: number, label?: string): Buffer {
  const what = label ? `${label} (${entry.name})` : `phần "${entry.name}"`;
  if (entry.flags & 0x1) throw new IntakeFailure('SOURCE_ENCRYPTED', {});
  if (entry.uncompressedSize > cap) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', {
      reason: `${what} giải nén ra ${formatBytes(entry.uncompressedSize)}, quá ${formatBytes(cap)}`,
    });
  }
  const data = storedData(bytes, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw corrupt(`phần "${entry.name}" có kích thước không khớp`);
    return data;
  }
  if (entry.method !== 8) throw corrupt(`phần "${entry.name}" nén theo cách không hỗ trợ (${entry.method})`);
  // One byte over the declared size is enough to know the header lied.
  const outputCap = entry.uncompressedSize + 1;
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(outputCap, 1) });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IntakeFailure('SOURCE_TOO_LARGE', {
        reason: `${what} giải nén ra nhiều hơn kích thước khai báo (${formatBytes(entry.uncompressedSize)}): tệp nén bất thường`,
      }, { cause });
    }
    throw corrupt(`phần "${entry.name}" không giải nén được (${(cause as Error).message})`);
  }
  if (out.length > entry.uncompressedSize) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', {
      reason: `${what} giải nén ra nhiều hơn kích thước khai báo (${formatBytes(entry.uncompressedSize)}): tệp nén bất thường`,
    });
  }
  return out;
}

/** Writes entries into an uncompressed (stored) zip: cheap for the next reader to open. */
export function writeStoredZip(files: readonly { name: string; data: Buffer }[]): Buffer {
  return writeZip(files);
}

export type ZipWriteEntry = {
  name: string;
  data: Buffer;
  /** Size written in the headers instead of the real one (test files that lie about their size). */
  declaredSize?: number;
};

/**
 * Writes a zip: entries stored, or deflated at `deflateLevel` (tests and fixtures build packages
 * with it, including ones whose headers lie, which the reader must not believe).
 */
export function writeZip(files: readonly ZipWriteEntry[], options: { deflateLevel?: number } = {}): Buffer {
  const deflate = options.deflateLevel !== undefined;
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const body = deflate ? deflateRawSync(file.data, { level: options.deflateLevel }) : file.data;
    const size = file.declaredSize ?? file.data.length;
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(deflate ? 8 : 0, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(header, name);
    offset += 30 + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** The entry's stored bytes (still compressed), after the local header checks. */
export function storedData(bytes: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) {
    throw corrupt(`phần "${entry.name}" của tệp nén bị hỏng`);
  }
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(`phần "${entry.name}" bị cắt cụt`);
  return bytes.subarray(start, end);
}
