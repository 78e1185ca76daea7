import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CampaignConfig } from '../../model/config.js';
import type { WorkbookGrid } from '../../model/grid.js';
import { SourceError } from '../../errors/errors.js';
import type { SourceRead } from '../../analyse/analyse.js';
import { parseSpreadsheet, READ_LIMITS } from '../read-source.js';
import type { UnresolvedSource, ResolvedSource } from '../../model/source.js';
import { openGoogleAuth } from './auth.js';
import { GoogleFailure, toSourceError, type FailureContext } from './failure.js';
import { FOLDER_MIME, GoogleApi, SHEETS_MIME, type DriveFile } from './google-api.js';
import { GridCache } from './grid-cache.js';
import { driveFileUrl, spreadsheetUrl } from '../../model/google-ids.js';
import { jobSource, type ReadGoogleOptions, type GoogleReadResult, type GoogleJob, type DriveSpec } from './jobs.js';
import { matchFileToUnit } from './match-unit.js';
import { isTrustedEndpoint, resolveGoogleOptions } from './options.js';
import { GoogleRequestQueue } from './request-queue.js';
import { sheetRanges, spreadsheetToGrid } from './sheets-grid.js';

type GridRead = { grid: WorkbookGrid; sha256: string; modifiedAt?: string };

const UPLOAD_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.csv']);
const UPLOAD_MIMES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel.sheet.macroEnabled.12',
  'application/vnd.ms-excel',
  'text/csv',
]);

/** A Google Sheet, or an uploaded .xlsx/.xls/.csv: what a folder listing keeps. */
function isSpreadsheetFile(file: DriveFile): boolean {
  return file.mimeType === SHEETS_MIME || UPLOAD_MIMES.has(file.mimeType) || UPLOAD_EXTENSIONS.has(path.extname(file.name).toLowerCase());
}

/** Display path of a Drive file: its web address, stable whatever the file is renamed to. */
function fileDisplay(file: DriveFile): string {
  return file.mimeType === SHEETS_MIME ? spreadsheetUrl(file.id) : driveFileUrl(file.id);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function describeGoogleType(mimeType: string): string {
  const kind = mimeType.replace('application/vnd.google-apps.', '');
  const names: Record<string, string> = { document: 'Google Docs', presentation: 'Google Slides', form: 'Google Forms', folder: 'thư mục Google Drive', shortcut: 'lối tắt Google Drive' };
  return names[kind] ?? `tệp ${mimeType}`;
}

/** Reads Google jobs; called by readGoogleSources once it knows there is something to read. */
export async function readGoogleJobs(
  config: CampaignConfig,
  baseDir: string,
  jobs: GoogleJob[],
  options: ReadGoogleOptions = {},
): Promise<GoogleReadResult> {
  const googleOptions = resolveGoogleOptions(config, baseDir, options.env, options.outputRoot);
  let api: GoogleApi;
  try {
    if (googleOptions.rootUrl && !isTrustedEndpoint(googleOptions.rootUrl)) {
      throw new GoogleFailure({
        kind: 'auth',
        retryable: false,
        reason: `google.rootUrl (hoặc TONGHOP_GOOGLE_ROOT_URL) chỉ được trỏ tới máy chủ Google hoặc máy này, không phải "${googleOptions.rootUrl}"`,
      });
    }
    const session = await openGoogleAuth(googleOptions);
    api = new GoogleApi(session, googleOptions, new GoogleRequestQueue(googleOptions, options.deps));
  } catch (error) {
    // Without a session nothing on Google can be read: every Google source fails with the one reason.
    return { reads: jobs.map((job) => failedJob(job, error)), unresolved: [] };
  }
  const reader = new GoogleSourceReader(api, new GridCache(googleOptions.cacheDir), config);
  const parts = await Promise.all(jobs.map((job) => reader.run(job)));
  const seen = new Set<string>();
  const result: GoogleReadResult = { reads: [], unresolved: [] };
  for (const part of parts) {
    for (const read of part.reads) {
      // A file reached twice for one unit (its own spec and a shared folder) counts once.
      const key = `${read.source.unitId}\u0000${read.source.display}`;
      if (read.source.unitId && seen.has(key)) continue;
      seen.add(key);
      result.reads.push(read);
    }
    result.unresolved.push(...part.unresolved);
  }
  return result;
}

function failedJob(job: GoogleJob, error: unknown, email?: string): SourceRead {
  const source = jobSource(job);
  const ctx: FailureContext =
    job.kind === 'spreadsheet'
      ? { id: job.spec.spreadsheet, what: 'bảng tính', email }
      : { id: source.spec.type === 'drive' ? source.spec.folder : '', what: 'thư mục', email };
  return { source, ok: false, error: toSourceError(error, source.display, ctx) };
}

/** Reads jobs through one GoogleApi (one queue) and one cache. */
class GoogleSourceReader {
  constructor(
    private readonly api: GoogleApi,
    private readonly cache: GridCache,
    private readonly config: CampaignConfig,
  ) {}

  async run(job: GoogleJob): Promise<GoogleReadResult> {
    if (job.kind === 'spreadsheet') return { reads: [await this.readSpreadsheetSource(job)], unresolved: [] };
    return this.readFolder(job);
  }

  /** A `google: { spreadsheet }` source: Drive metadata first, so an unchanged sheet costs one request. */
  private async readSpreadsheetSource(job: GoogleJob & { kind: 'spreadsheet' }): Promise<SourceRead> {
    const source = jobSource(job);
    const id = job.spec.spreadsheet;
    try {
      let meta: DriveFile | undefined;
      try {
        meta = await this.api.getFile(id);
      } catch (error) {
        // Drive says 404 both for "deleted" and "not shared"; the Sheets API tells them apart (404 vs 403).
        if (!(error instanceof GoogleFailure && error.problem.kind === 'not-found')) throw error;
        const sheet = await this.api.getSpreadsheet(id);
        return { source, ok: true, ...(await this.readSpreadsheet(id, sheet)) };
      }
      return { source, ok: true, ...(await this.readDriveFile(meta, source.display)) };
    } catch (error) {
      return { source, ok: false, error: toSourceError(error, source.display, { id, what: 'bảng tính', email: this.api.email }) };
    }
  }

  private async readFolder(job: GoogleJob & { kind: 'unit-folder' | 'shared-folder' }): Promise<GoogleReadResult> {
    const folderSource = jobSource(job);
    const spec = folderSource.spec as DriveSpec;
    let files: DriveFile[];
    try {
      const folder = await this.api.getFile(spec.folder);
      // A file id given as a folder is read as that one file.
      files = folder.mimeType === FOLDER_MIME ? await this.api.listFolder(spec.folder) : [folder];
    } catch (error) {
      return { reads: [failedJob(job, error, this.api.email)], unresolved: [] };
    }
    files = files
      .filter(isSpreadsheetFile)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id));
    if (job.kind === 'unit-folder' && files.length === 0) {
      return { reads: [], unresolved: [{ unitId: job.unitId, pattern: folderSource.display }] };
    }
    const reads = await Promise.all(
      files.map(async (file): Promise<SourceRead> => {
        const display = fileDisplay(file);
        let unitId: string;
        if (job.kind === 'unit-folder') unitId = job.unitId;
        else {
          const match = matchFileToUnit(file.name, this.config.units, job.folder.map);
          if (match.unitId === undefined) {
            const source: ResolvedSource = { unitId: '', display, absolutePath: display, spec };
            return { source, ok: false, error: new SourceError('GOOGLE_FILE_UNMATCHED', display, { name: file.name, reason: match.reason }) };
          }
          unitId = match.unitId;
        }
        const source: ResolvedSource = { unitId, display, absolutePath: display, spec };
        try {
          return { source, ok: true, ...(await this.readDriveFile(file, display)) };
        } catch (error) {
          const what = file.mimeType === SHEETS_MIME ? 'bảng tính' : 'tệp';
          return { source, ok: false, error: toSourceError(error, display, { id: file.id, what, email: this.api.email }) };
        }
      }),
    );
    return { reads, unresolved: [] };
  }

  /** A file Drive has described: from the cache when its modifiedTime and version are unchanged. */
  private async readDriveFile(file: DriveFile, display: string): Promise<GridRead> {
    if (file.mimeType.startsWith('application/vnd.google-apps.') && file.mimeType !== SHEETS_MIME) {
      throw new SourceError('SOURCE_NOT_SPREADSHEET', display, { detected: describeGoogleType(file.mimeType) });
    }
    const stamp = file.modifiedTime ? { modifiedTime: file.modifiedTime, version: file.version } : undefined;
    if (stamp) {
      const cached = await this.cache.load(file.id, stamp);
      if (cached) return { grid: cached.grid, sha256: cached.sha256, modifiedAt: cached.modifiedTime };
    }
    let read: GridRead;
    if (file.mimeType === SHEETS_MIME) {
      read = await this.readSpreadsheet(file.id);
    } else {
      if (!isSpreadsheetFile(file)) {
        throw new SourceError('SOURCE_NOT_SPREADSHEET', display, { detected: `tệp ${path.extname(file.name) || file.mimeType || '?'}` });
      }
      const limit = READ_LIMITS.maxFileBytes;
      if (file.size !== undefined && file.size > limit) {
        throw new SourceError('SOURCE_TOO_LARGE', display, { reason: `tệp nặng ${Math.round(file.size / 1048576)} MB, quá ${limit / 1048576} MB` });
      }
      const bytes = await this.api.download(file.id, limit);
      read = { grid: await parseSpreadsheet(bytes, file.name), sha256: sha256(bytes) };
    }
    if (stamp) {
      await this.cache.save(file.id, stamp, read);
      read.modifiedAt = stamp.modifiedTime;
    }
    return read;
  }

  /** One spreadsheets.get (unless given) and one values.batchGet. */
  private async readSpreadsheet(id: string, meta?: Awaited<ReturnType<GoogleApi['getSpreadsheet']>>): Promise<GridRead> {
    const sheet = meta ?? (await this.api.getSpreadsheet(id));
    const ranges = sheetRanges(sheet);
    const valueRanges = ranges.length ? await this.api.batchGetValues(id, ranges) : [];
    return {
      grid: spreadsheetToGrid(sheet, valueRanges),
      // "sha256 of the fetched values" (record provenance): the sheet layout and every value.
      sha256: sha256(JSON.stringify({ sheets: sheet.sheets ?? [], valueRanges })),
    };
  }
}
