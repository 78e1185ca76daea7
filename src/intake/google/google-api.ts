import { google, type drive_v3, type sheets_v4 } from 'googleapis';
import type { GoogleAuthSession } from './auth.js';
import type { GoogleOptions } from './options.js';
import type { GoogleRequestQueue } from './request-queue.js';
import { SPREADSHEET_FIELDS } from './sheets-grid.js';

export const SHEETS_MIME = 'application/vnd.google-apps.spreadsheet';
export const FOLDER_MIME = 'application/vnd.google-apps.folder';
const FILE_FIELDS = 'id,name,mimeType,modifiedTime,version,size';

/** What tonghop needs to know about a Drive file. */
export type DriveFile = {
  id: string;
  name: string;
  mimeType: string;
  /** RFC 3339; with `version`, decides whether the cached grid is still current. */
  modifiedTime?: string;
  version?: string;
  /** Bytes, for uploaded files (Google Sheets have none). */
  size?: number;
};

/** Folder listings are paged; this bounds the loop (100 pages × 200 files). */
const MAX_PAGES = 100;

function toDriveFile(file: drive_v3.Schema$File): DriveFile {
  const out: DriveFile = { id: file.id ?? '', name: file.name ?? '', mimeType: file.mimeType ?? '' };
  if (file.modifiedTime) out.modifiedTime = file.modifiedTime;
  if (file.version) out.version = String(file.version);
  if (file.size !== undefined && file.size !== null) out.size = Number(file.size);
  return out;
}

/**
 * The five Google calls tonghop makes, each through the shared request queue (quota, retries,
 * timeout). The googleapis clients are the real ones; only their root URL may point elsewhere.
 */
export class GoogleApi {
  readonly email: string | undefined;
  private readonly sheets: sheets_v4.Sheets;
  private readonly drive: drive_v3.Drive;
  private readonly requests: GoogleRequestQueue;

  constructor(session: GoogleAuthSession, options: Pick<GoogleOptions, 'rootUrl'>, requests: GoogleRequestQueue) {
    // googleapis types `auth` narrowly; any google-auth-library client works at run time.
    const auth = session.client as NonNullable<sheets_v4.Options['auth']>;
    const root = options.rootUrl ? { rootUrl: options.rootUrl } : {};
    this.sheets = google.sheets({ version: 'v4', auth, ...root });
    this.drive = google.drive({ version: 'v3', auth, ...root });
    this.email = session.email;
    this.requests = requests;
  }

  /** Drive metadata of a file or folder (404 when it is gone or not shared). */
  async getFile(fileId: string): Promise<DriveFile> {
    const file = await this.requests.call((o) => this.drive.files.get({ fileId, fields: FILE_FIELDS, supportsAllDrives: true }, o));
    return toDriveFile(file);
  }

  /** Files directly inside a folder, trashed ones excluded. */
  async listFolder(folderId: string): Promise<DriveFile[]> {
    const files: DriveFile[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await this.requests.call((o) =>
        this.drive.files.list(
          {
            q: `'${folderId}' in parents and trashed = false`,
            fields: `nextPageToken,files(${FILE_FIELDS})`,
            pageSize: 200,
            orderBy: 'name',
            supportsAllDrives: true,
            includeItemsFromAllDrives: true,
            ...(pageToken ? { pageToken } : {}),
          },
          o,
        ),
      );
      for (const file of data.files ?? []) files.push(toDriveFile(file));
      if (!data.nextPageToken) break;
      pageToken = data.nextPageToken;
    }
    return files;
  }

  /** Content of an uploaded file (files.get alt=media). */
  async download(fileId: string, maxBytes: number): Promise<Buffer> {
    const data = await this.requests.call((o) =>
      this.drive.files.get({ fileId, alt: 'media', supportsAllDrives: true }, { ...o, responseType: 'arraybuffer', maxContentLength: maxBytes }),
    );
    return Buffer.from(data as unknown as ArrayBuffer);
  }

  /** Sheet titles, hidden flags, sizes and merges; no cell data. */
  async getSpreadsheet(spreadsheetId: string): Promise<sheets_v4.Schema$Spreadsheet> {
    return this.requests.call((o) => this.sheets.spreadsheets.get({ spreadsheetId, fields: SPREADSHEET_FIELDS, includeGridData: false }, o));
  }

  /** Every range in one request: raw numbers and serial dates, as the grid wants them. */
  async batchGetValues(spreadsheetId: string, ranges: string[]): Promise<sheets_v4.Schema$ValueRange[]> {
    const data = await this.requests.call((o) =>
      this.sheets.spreadsheets.values.batchGet(
        {
          spreadsheetId,
          ranges,
          majorDimension: 'ROWS',
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
        },
        o,
      ),
    );
    return data.valueRanges ?? [];
  }
}
