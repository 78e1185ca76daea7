import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { WorkbookGridSchema, type WorkbookGrid } from '../../model/grid.js';

/** Bumped when the cached shape or the way grids are built changes: old entries are then ignored. */
const CACHE_FORMAT = 1;

/** What Drive says about a file's version; equal stamps mean the content has not changed. */
type DriveStamp = { modifiedTime: string; version?: string | undefined };

type CachedRead = { grid: WorkbookGrid; sha256: string; modifiedTime: string };

const EntrySchema = z.object({
  format: z.literal(CACHE_FORMAT),
  fileId: z.string(),
  modifiedTime: z.string(),
  version: z.string().optional(),
  sha256: z.string(),
  grid: WorkbookGridSchema,
});

/** JSON has no dates: exceljs gives Date cells, stored as {"$date": iso}. */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $date?: unknown }).$date === 'string'
      ? new Date((v as { $date: string }).$date)
      : v,
  );
}

/**
 * Grids of Google sources by file id, under <output>/.cache/google/<id>.json, so a file whose
 * Drive modifiedTime and version did not change is not downloaded again. Best effort: a missing,
 * stale or unreadable entry is a miss, and a failed write never fails the read.
 */
export class GridCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  private file(fileId: string): string {
    // Drive ids are [A-Za-z0-9_-]; anything else would be a path trick.
    if (!/^[A-Za-z0-9_-]+$/.test(fileId)) throw new Error(`not a Drive id: ${fileId}`);
    return path.join(this.dir, `${fileId}.json`);
  }

  async load(fileId: string, stamp: DriveStamp): Promise<CachedRead | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(fileId), 'utf8');
    } catch {
      return undefined;
    }
    let parsed;
    try {
      parsed = EntrySchema.safeParse(decode(text));
    } catch {
      return undefined;
    }
    if (!parsed.success) return undefined;
    const entry = parsed.data;
    if (entry.fileId !== fileId || entry.modifiedTime !== stamp.modifiedTime || entry.version !== stamp.version) return undefined;
    return { grid: entry.grid, sha256: entry.sha256, modifiedTime: entry.modifiedTime };
  }

  /** Writes beside the entry and renames over it, so a reader never sees half a file. */
  async save(fileId: string, stamp: DriveStamp, read: { grid: WorkbookGrid; sha256: string }): Promise<void> {
    const file = this.file(fileId);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const entry = { format: CACHE_FORMAT, fileId, modifiedTime: stamp.modifiedTime, ...(stamp.version ? { version: stamp.version } : {}), sha256: read.sha256, grid: read.grid };
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, encode(entry), 'utf8');
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }
}
