import { createInflateRaw } from 'node:zlib';
import { IntakeFailure } from '../intake-failure.js';
import { formatBytes } from '../read-limits.js';
import { inflateEntry, storedData, type ZipEntry } from './zip-package.js';

/**
 * Streaming twin of zip-package.ts `inflateEntry`: the same checks and the same messages, but the
 * part comes out in chunks, so a 100 MB worksheet is never held whole. The inflating itself runs
 * on libuv's thread pool, beside the parse of the previous chunk.
 */

/**
 * `chunk`: output chunk size, big enough that the per-chunk overhead is noise. `whole`: parts up
 * to this size are inflated in one synchronous call, cheaper than a stream. (Tests shrink both to
 * cut tokens at every possible place.)
 */
export const streamTuning = { chunk: 256 * 1024, whole: 1024 * 1024 };

function corrupt(reason: string): IntakeFailure {
  return new IntakeFailure('SOURCE_CORRUPT', { reason });
}

function what(entry: ZipEntry, label: string | undefined): string {
  return label ? `${label} (${entry.name})` : `phần "${entry.name}"`;
}

/**
 * The checks `inflateEntry` makes before inflating anything (encryption flag, declared size), so
 * a caller can make them for every part in the order the exceljs path meets them.
 */
export function checkEntryDeclared(entry: ZipEntry, cap: number, label?: string): void {
  if (entry.flags & 0x1) throw new IntakeFailure('SOURCE_ENCRYPTED', {});
  if (entry.uncompressedSize > cap) {
    throw new IntakeFailure('SOURCE_TOO_LARGE', {
      reason: `${what(entry, label)} giải nén ra ${formatBytes(entry.uncompressedSize)}, quá ${formatBytes(cap)}`,
    });
  }
}

function tooMuch(entry: ZipEntry, label: string | undefined): IntakeFailure {
  return new IntakeFailure('SOURCE_TOO_LARGE', {
    reason: `${what(entry, label)} giải nén ra nhiều hơn kích thước khai báo (${formatBytes(entry.uncompressedSize)}): tệp nén bất thường`,
  });
}


/**
 * Inflates one entry chunk by chunk, refusing to produce more than `cap` bytes or more than the
 * entry declared. Throws IntakeFailure exactly where `inflateEntry` would.
 */
export async function* inflateEntryChunks(bytes: Buffer, entry: ZipEntry, cap: number, label?: string): AsyncGenerator<Buffer> {
  checkEntryDeclared(entry, cap, label);
  const { chunk: size, whole } = streamTuning;
  if (entry.uncompressedSize <= whole) {
    yield inflateEntry(bytes, entry, cap, label);
    return;
  }
  const data = storedData(bytes, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw corrupt(`phần "${entry.name}" có kích thước không khớp`);
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, Math.min(data.length, at + size));
    return;
  }
  if (entry.method !== 8) throw corrupt(`phần "${entry.name}" nén theo cách không hỗ trợ (${entry.method})`);
  const inflater = createInflateRaw({ chunkSize: Math.max(64, size) });
  inflater.end(data);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      // One byte over the declared size is enough to know the header lied.
      if (total > entry.uncompressedSize) throw tooMuch(entry, label);
      yield chunk;
    }
  } catch (cause) {
    if (cause instanceof IntakeFailure) throw cause;
    throw corrupt(`phần "${entry.name}" không giải nén được (${(cause as Error).message})`);
  } finally {
    inflater.destroy();
  }
}
