/**
 * A small local stand-in for the Google endpoints tonghop calls, so tests and the demo run the
 * real googleapis + google-auth-library code without reaching Google:
 *
 *   POST /token                                   OAuth2 JWT-bearer grant (checks the RS256 signature and scopes)
 *   GET  /v4/spreadsheets/{id}                    Sheets v4 spreadsheets.get (titles, hidden, merges)
 *   GET  /v4/spreadsheets/{id}/values:batchGet    Sheets v4 values.batchGet (render options honoured)
 *   GET  /drive/v3/files                          Drive v3 files.list ("'<folder>' in parents", paging)
 *   GET  /drive/v3/files/{id}[?alt=media]         Drive v3 files.get, metadata or content
 *
 * Responses have the shapes of the real APIs (zero fields omitted as proto3 JSON does, Drive's
 * 404 for files not shared, Google's error body). Faults can be injected per call; every request
 * is recorded with its arrival time. Listens on 127.0.0.1 only.
 */
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { columnLetter } from '../../src/model/a1.js';

/** A cell as staff typed it; `{ date }` is a date cell (served as a serial number or dd/mm/yyyy). */
export type EmulatedValue = string | number | boolean | null | { date: string };

export type EmulatedSheet = {
  title: string;
  hidden?: boolean;
  rows: EmulatedValue[][];
  /** A1 ranges, e.g. "A3:A4". */
  merges?: string[];
  /** A chart sheet (sheetType OBJECT): no cells. */
  chart?: boolean;
};

type FileBase = { id: string; name: string; parents: string[]; modifiedTime: string; version: number; shared: boolean };
type SpreadsheetFile = FileBase & { kind: 'spreadsheet'; sheets: EmulatedSheet[] };
type UploadFile = FileBase & { kind: 'upload'; mimeType: string; bytes: Buffer };
type FolderFile = FileBase & { kind: 'folder' };
type EmulatedFile = SpreadsheetFile | UploadFile | FolderFile;

/** Which call a request was: the unit faults are injected and requests counted by. */
export type CallName = 'token' | 'sheets.get' | 'sheets.batchGet' | 'drive.get' | 'drive.list' | 'drive.media' | 'unknown';

export type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'server-error'; status?: 500 | 503 }
  | { kind: 'slow'; delayMs: number };

export type RecordedRequest = {
  /** performance.now() at arrival, ms. */
  at: number;
  method: string;
  call: CallName;
  path: string;
  query: URLSearchParams;
  status?: number;
};

export const SHEETS_MIME = 'application/vnd.google-apps.spreadsheet';
export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const READONLY_SCOPES = 'https://www.googleapis.com/auth/spreadsheets.readonly https://www.googleapis.com/auth/drive.readonly';

const DAY_MS = 86_400_000;
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

function serialOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return (Date.UTC(y, m - 1, d) - SERIAL_EPOCH) / DAY_MS;
}


function parseCell(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address);
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

function parseA1(range: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const [a, b = a] = range.split(':');
  const start = a ? parseCell(a) : undefined;
  const end = b ? parseCell(b) : undefined;
  if (!start || !end) return undefined;
  return { top: start.row, left: start.col, bottom: end.row, right: end.col };
}

/** Sheets quotes a title in A1 notation only when it is not a plain word. */
function a1Title(title: string): string {
  return /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

/** "'It''s'!A1:B2" → { title: "It's", cells: "A1:B2" }. */
function splitRange(range: string): { title: string; cells?: string } {
  let title: string;
  let rest: string;
  if (range.startsWith("'")) {
    let i = 1;
    let out = '';
    for (; i < range.length; i++) {
      if (range[i] === "'" && range[i + 1] === "'") {
        out += "'";
        i++;
      } else if (range[i] === "'") break;
      else out += range[i];
    }
    title = out;
    rest = range.slice(i + 1);
  } else {
    const bang = range.lastIndexOf('!');
    title = bang < 0 ? range : range.slice(0, bang);
    rest = bang < 0 ? '' : range.slice(bang);
  }
  const cells = rest.startsWith('!') ? rest.slice(1) : undefined;
  return cells ? { title, cells } : { title };
}

/** Drops proto3 default values (0, false) the way Google's JSON does. */
function dropZero<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== 0 && v !== false && v !== undefined)) as Partial<T>;
}

function googleError(code: number, status: string, message: string, reason: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, status, errors: [{ message, domain: 'global', reason }], ...extra } };
}

/** Drive v3's own error shape has no `status`. */
function driveError(code: number, message: string, reason: string, location?: string) {
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: 'global', reason, ...(location ? { location, locationType: 'parameter' } : {}) }],
    },
  };
}

export type ServiceAccount = { email: string; privateKeyPem: string; publicKey: KeyObject };

export class GoogleEmulator {
  readonly requests: RecordedRequest[] = [];
  readonly serviceAccount: ServiceAccount;
  private readonly files = new Map<string, EmulatedFile>();
  private readonly tokens = new Set<string>();
  private readonly faults: { fault: Fault; call: CallName | RegExp; id?: string; remaining: number }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private clock = Date.UTC(2023, 8, 20, 1, 0, 0);
  private server!: Server;
  private port = 0;

  private constructor(serviceAccount: ServiceAccount) {
    this.serviceAccount = serviceAccount;
  }

  /** Starts on 127.0.0.1 at a free port, with a fresh throwaway RSA key for the service account. */
  static async start(options: { email?: string } = {}): Promise<GoogleEmulator> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const emulator = new GoogleEmulator({
      email: options.email ?? 'tonghop-doc@mttq-an-lao.iam.gserviceaccount.com',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey,
    });
    emulator.server = createServer((req, res) => void emulator.handle(req, res));
    emulator.server.on('connection', (socket) => {
      emulator.sockets.add(socket);
      socket.on('close', () => emulator.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    const address = emulator.server.address();
    emulator.port = typeof address === 'object' && address ? address.port : 0;
    return emulator;
  }

  /** Root URL for the googleapis clients (both Sheets and Drive live here). */
  get rootUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get tokenUrl(): string {
    return `http://127.0.0.1:${this.port}/token`;
  }

  /** The service-account key JSON staff would download, with token_uri pointing here. */
  keyJson(): Record<string, string> {
    return {
      type: 'service_account',
      project_id: 'mttq-an-lao',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: this.serviceAccount.privateKeyPem,
      client_email: this.serviceAccount.email,
      client_id: '100000000000000000000',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: this.tokenUrl,
      universe_domain: 'googleapis.com',
    };
  }

  async writeKeyFile(dir: string, name = 'service-account.json'): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(this.keyJson(), null, 2), 'utf8');
    return file;
  }

  /** Each change advances the emulated clock, so modifiedTime always moves forward. */
  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  addFolder(folder: { id: string; name: string; parents?: string[]; shared?: boolean }): void {
    this.files.set(folder.id, { kind: 'folder', parents: [], shared: true, modifiedTime: this.tick(), version: 1, ...folder });
  }

  addSpreadsheet(file: { id: string; name: string; sheets: EmulatedSheet[]; parents?: string[]; shared?: boolean }): void {
    this.files.set(file.id, { kind: 'spreadsheet', parents: [], shared: true, modifiedTime: this.tick(), version: 1, ...file });
  }

  addUpload(file: { id: string; name: string; bytes: Buffer; mimeType?: string; parents?: string[]; shared?: boolean }): void {
    this.files.set(file.id, { kind: 'upload', parents: [], shared: true, mimeType: XLSX_MIME, modifiedTime: this.tick(), version: 1, ...file });
  }

  /** Someone edited the file: new modifiedTime and version. */
  touch(id: string, change?: (file: EmulatedFile) => void): void {
    const file = this.files.get(id);
    if (!file) throw new Error(`no file ${id}`);
    change?.(file);
    file.modifiedTime = this.tick();
    file.version += 1;
  }

  remove(id: string): void {
    this.files.delete(id);
  }

  /** The next `times` requests of `call` (for file `id`, if given) get this fault, then behave normally. */
  injectFault(fault: Fault, options: { call: CallName | RegExp; times: number; id?: string }): void {
    this.faults.push({ fault, remaining: options.times, ...options });
  }

  /** Access tokens handed out (tests check none of them leaks into outputs). */
  get issuedTokens(): string[] {
    return [...this.tokens];
  }

  /** Requests of one call (or all API calls, token excluded). */
  calls(call?: CallName): RecordedRequest[] {
    return this.requests.filter((r) => (call ? r.call === call : r.call !== 'token'));
  }

  /** Most requests that arrived within any `windowMs` span (token requests excluded). */
  maxInWindow(windowMs: number): number {
    const times = this.calls().map((r) => r.at).sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= windowMs) i++;
      best = Math.max(best, j - i + 1);
    }
    return best;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    const call = this.callOf(req.method ?? 'GET', pathname, url.searchParams);
    const record: RecordedRequest = { at: performance.now(), method: req.method ?? 'GET', call, path: pathname, query: url.searchParams };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (res.destroyed || res.writableEnded) return;
      const isBuffer = Buffer.isBuffer(body);
      res.writeHead(status, { 'content-type': isBuffer ? 'application/octet-stream' : 'application/json; charset=UTF-8', ...headers });
      res.end(isBuffer ? body : JSON.stringify(body));
    };
    const bodyText = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => resolve(''));
    });

    if (call === 'token') return this.token(bodyText, send);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      return send(401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError'));
    }
    const fileId = pathname.split('/')[pathname.startsWith('/v4/') ? 3 : 4];
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (typeof f.call === 'string' ? f.call === call : f.call.test(call)) && (f.id === undefined || f.id === fileId),
    );
    if (fault) {
      fault.remaining--;
      if (fault.fault.kind === 'rate-limit') {
        const message = "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.";
        return send(
          429,
          googleError(429, 'RESOURCE_EXHAUSTED', message, 'rateLimitExceeded', {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'RATE_LIMIT_EXCEEDED',
                domain: 'googleapis.com',
                metadata: { service: 'sheets.googleapis.com', quota_metric: 'sheets.googleapis.com/read_requests', quota_limit: 'ReadRequestsPerMinutePerUser' },
              },
            ],
          }),
          fault.fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.fault.retryAfterSeconds) } : {},
        );
      }
      if (fault.fault.kind === 'server-error') {
        const status = fault.fault.status ?? 500;
        return send(status, status === 503 ? googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError') : googleError(500, 'INTERNAL', 'Internal error encountered.', 'backendError'));
      }
      // Slow: answer correctly, too late (the client has usually given up by then).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, fault.fault.kind === 'slow' ? fault.fault.delayMs : 0);
        this.timers.add(timer);
      });
    }
    try {
      this.route(call, pathname, url.searchParams, send);
    } catch (error) {
      send(500, googleError(500, 'INTERNAL', `emulator: ${(error as Error).message}`, 'backendError'));
    }
  }

  private callOf(method: string, pathname: string, query: URLSearchParams): CallName {
    if (method === 'POST' && pathname === '/token') return 'token';
    if (method !== 'GET') return 'unknown';
    if (/^\/v4\/spreadsheets\/[^/]+\/values:batchGet$/.test(pathname)) return 'sheets.batchGet';
    if (/^\/v4\/spreadsheets\/[^/]+$/.test(pathname)) return 'sheets.get';
    if (pathname === '/drive/v3/files') return 'drive.list';
    if (/^\/drive\/v3\/files\/[^/]+$/.test(pathname)) return query.get('alt') === 'media' ? 'drive.media' : 'drive.get';
    return 'unknown';
  }

  private token(body: string, send: (status: number, body: unknown) => void): void {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return send(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    }
    const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
    const signed = header && payload && signature && verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.serviceAccount.publicKey, Buffer.from(signature, 'base64url'));
    if (!signed) return send(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; scope?: string };
    if (claims.iss !== this.serviceAccount.email) return send(400, { error: 'invalid_grant', error_description: 'Invalid JWT: iss does not match.' });
    const scopes = (claims.scope ?? '').split(' ').sort().join(' ');
    if (scopes !== READONLY_SCOPES.split(' ').sort().join(' ')) {
      return send(400, { error: 'invalid_scope', error_description: `Emulator grants only read-only scopes, asked for: ${claims.scope}` });
    }
    const accessToken = `ya29.emulator-${randomBytes(24).toString('base64url')}`;
    this.tokens.add(accessToken);
    send(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  private route(call: CallName, pathname: string, query: URLSearchParams, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const id = pathname.split('/')[pathname.startsWith('/v4/') ? 3 : 4] ?? '';
    switch (call) {
      case 'sheets.get':
      case 'sheets.batchGet': {
        const file = this.files.get(id);
        if (!file) return send(404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
        if (!file.shared) return send(403, googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission', 'forbidden'));
        if (file.kind !== 'spreadsheet') return send(400, googleError(400, 'FAILED_PRECONDITION', 'This operation is not supported for this document', 'failedPrecondition'));
        return call === 'sheets.get' ? send(200, this.spreadsheetMeta(file)) : this.batchGet(file, query, send);
      }
      case 'drive.get':
      case 'drive.media': {
        const file = this.files.get(id);
        // Drive answers 404 for files the caller cannot see, shared or not.
        if (!file || !file.shared) return send(404, driveError(404, `File not found: ${id}.`, 'notFound', 'fileId'));
        if (call === 'drive.get') return send(200, this.driveMeta(file));
        if (file.kind !== 'upload') {
          return send(403, driveError(403, 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', 'fileNotDownloadable', 'alt'));
        }
        return send(200, file.bytes);
      }
      case 'drive.list': {
        const parent = /'([^']+)' in parents/.exec(query.get('q') ?? '')?.[1];
        if (!parent) return send(400, driveError(400, 'Invalid Value', 'invalid', 'q'));
        const pageSize = Math.min(Number(query.get('pageSize') ?? 100) || 100, 1000);
        const offset = Number(query.get('pageToken') ?? 0) || 0;
        const folder = this.files.get(parent);
        const children = folder?.shared
          ? [...this.files.values()].filter((f) => f.shared && f.parents.includes(parent)).sort((a, b) => a.name.localeCompare(b.name))
          : [];
        const page = children.slice(offset, offset + pageSize);
        const next = offset + pageSize < children.length ? { nextPageToken: String(offset + pageSize) } : {};
        return send(200, { kind: 'drive#fileList', incompleteSearch: false, files: page.map((f) => this.driveMeta(f)), ...next });
      }
      default:
        return send(404, googleError(404, 'NOT_FOUND', `emulator: no route ${pathname}`, 'notFound'));
    }
  }

  private driveMeta(file: EmulatedFile) {
    const mimeType = file.kind === 'spreadsheet' ? SHEETS_MIME : file.kind === 'folder' ? FOLDER_MIME : file.mimeType;
    return {
      kind: 'drive#file',
      id: file.id,
      name: file.name,
      mimeType,
      parents: file.parents,
      modifiedTime: file.modifiedTime,
      version: String(file.version),
      ...(file.kind === 'upload' ? { size: String(file.bytes.length) } : {}),
    };
  }

  private gridSize(sheet: EmulatedSheet): { rowCount: number; columnCount: number } {
    return {
      rowCount: Math.max(1000, sheet.rows.length),
      columnCount: Math.max(26, ...sheet.rows.map((r) => r.length)),
    };
  }

  private spreadsheetMeta(file: SpreadsheetFile) {
    return {
      spreadsheetId: file.id,
      properties: { title: file.name },
      sheets: file.sheets.map((sheet, index) => {
        const sheetId = index === 0 ? 0 : 1000 + index;
        const properties = {
          ...dropZero({ sheetId, index, hidden: sheet.hidden === true }),
          title: sheet.title,
          sheetType: sheet.chart ? 'OBJECT' : 'GRID',
          ...(sheet.chart ? {} : { gridProperties: this.gridSize(sheet) }),
        };
        const merges = (sheet.merges ?? []).map((a1) => {
          const r = parseA1(a1);
          if (!r) throw new Error(`bad merge ${a1}`);
          return dropZero({ sheetId, startRowIndex: r.top, endRowIndex: r.bottom + 1, startColumnIndex: r.left, endColumnIndex: r.right + 1 });
        });
        return merges.length ? { properties, merges } : { properties };
      }),
    };
  }

  private batchGet(file: SpreadsheetFile, query: URLSearchParams, send: (status: number, body: unknown) => void): void {
    const render = query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
    const dates = query.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER';
    const valueRanges = [];
    for (const range of query.getAll('ranges')) {
      const { title, cells } = splitRange(range);
      const sheet = file.sheets.find((s) => s.title === title && !s.chart);
      if (!sheet) return send(400, googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`, 'badRequest'));
      const size = this.gridSize(sheet);
      const box = cells ? parseA1(cells) : { top: 0, left: 0, bottom: size.rowCount - 1, right: size.columnCount - 1 };
      if (!box) return send(400, googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`, 'badRequest'));
      const values: (string | number | boolean)[][] = [];
      for (let r = box.top; r <= box.bottom && r < sheet.rows.length; r++) {
        const row = (sheet.rows[r] ?? []).slice(box.left, box.right + 1).map((v) => this.render(v, render, dates));
        while (row.length && row[row.length - 1] === '') row.pop();
        values.push(row);
      }
      while (values.length && values[values.length - 1]!.length === 0) values.pop();
      const a1 = `${a1Title(sheet.title)}!${columnLetter(box.left)}${box.top + 1}:${columnLetter(box.right)}${box.bottom + 1}`;
      valueRanges.push(values.length ? { range: a1, majorDimension: 'ROWS', values } : { range: a1, majorDimension: 'ROWS' });
    }
    send(200, { spreadsheetId: file.id, valueRanges });
  }

  private render(value: EmulatedValue | undefined, render: string, dates: string): string | number | boolean {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') {
      if (render !== 'FORMATTED_VALUE' && dates === 'SERIAL_NUMBER') return serialOf(value.date);
      const [y, m, d] = value.date.split('-');
      return `${Number(d)}/${Number(m)}/${y}`;
    }
    if (render === 'FORMATTED_VALUE') return typeof value === 'number' ? value.toLocaleString('vi-VN') : String(value).toUpperCase() === 'TRUE' ? 'TRUE' : String(value);
    return value;
  }
}
