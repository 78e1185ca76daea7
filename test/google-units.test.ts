/** The pure parts of the Google sources: ids, file → unit matching, error sorting, back-off, grids, config. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { classifyGoogleError, GoogleFailure, parseRetryAfter, redactSecrets } from '../src/intake/google/failure.js';
import { driveFolderUrl, parseGoogleId, spreadsheetUrl } from '../src/model/google-ids.js';
import { globMatches, matchFileToUnit, slugify } from '../src/intake/google/match-unit.js';
import { GOOGLE_DEFAULTS, isTrustedEndpoint, resolveGoogleOptions } from '../src/intake/google/options.js';
import { GoogleRequestQueue, retryDelay } from '../src/intake/google/request-queue.js';
import { mergeToA1, quoteSheetTitle, sheetRanges, spreadsheetToGrid } from '../src/intake/google/sheets-grid.js';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xy';

describe('parseGoogleId', () => {
  it.each([
    [ID, ID],
    [`  ${ID}  `, ID],
    [`https://docs.google.com/spreadsheets/d/${ID}/edit#gid=0`, ID],
    [`https://docs.google.com/spreadsheets/d/${ID}`, ID],
    [`https://drive.google.com/drive/folders/${ID}?usp=sharing`, ID],
    [`https://drive.google.com/drive/u/1/folders/${ID}`, ID],
    [`https://drive.google.com/file/d/${ID}/view?usp=drive_link`, ID],
    [`https://drive.google.com/open?id=${ID}`, ID],
  ])('%s', (input, id) => {
    expect(parseGoogleId(input)).toBe(id);
  });

  it.each(['short', 'https://example.com/spreadsheets/d/' + ID, 'not a url with spaces', 'https://docs.google.com/spreadsheets/'])('refuses %s', (input) => {
    expect(parseGoogleId(input)).toBeUndefined();
  });

  it('builds stable web addresses', () => {
    expect(spreadsheetUrl('abc')).toBe('https://docs.google.com/spreadsheets/d/abc');
    expect(driveFolderUrl('abc')).toBe('https://drive.google.com/drive/folders/abc');
  });
});

describe('matchFileToUnit', () => {
  const units = [
    { id: 'tt-an-lao', name: 'Thị trấn An Lão', kind: 'town' as const },
    { id: 'xa-an-tho', name: 'Xã An Thọ', kind: 'commune' as const },
    { id: 'xa-an-thai', name: 'Xã An Thái', kind: 'commune' as const },
    { id: 'xa-truong-tho', name: 'Xã Trường Thọ', kind: 'commune' as const },
    { id: 'hoi-nong-dan-huyen', name: 'Hội Nông dân huyện', kind: 'organisation' as const },
  ];

  it.each([
    ['xa-an-tho.xlsx', 'xa-an-tho', 'id'],
    // "Xã An Thọ" folds to the id itself.
    ['Danh sách ủng hộ Xã An Thọ (đợt 2).xlsx', 'xa-an-tho', 'id'],
    ['DS ung ho An Tho.csv', 'xa-an-tho', 'name'],
    ['AN THAI - bao cao.xlsx', 'xa-an-thai', 'name'],
    ['Truong Tho.xlsx', 'xa-truong-tho', 'name'],
    // "An Lão" is in both; the match of more words wins.
    ['Hoi Nong dan huyen An Lao.xlsx', 'hoi-nong-dan-huyen', 'id'],
    ['Báo cáo TT An Lão.xlsx', 'tt-an-lao', 'id'],
    ['Thi tran An Lao.xlsx', 'tt-an-lao', 'name'],
  ])('%s → %s', (file, unitId, by) => {
    expect(matchFileToUnit(file, units)).toEqual({ unitId, by });
  });

  it('"An Tho" is not found inside "Truong Tho"; unrelated names are not matched', () => {
    expect(matchFileToUnit('bang-tong-hop.xlsx', units)).toEqual({ reason: 'tên tệp không có mã hay tên đơn vị nào' });
    expect(matchFileToUnit('Truong Tho.xlsx', units)).toMatchObject({ unitId: 'xa-truong-tho' });
  });

  it('two units tied is ambiguous', () => {
    expect(matchFileToUnit('An Tho va An Thai.xlsx', units)).toEqual({ reason: 'tên tệp khớp với nhiều đơn vị: xa-an-tho, xa-an-thai' });
  });

  it('the map wins, by exact name or glob, with or without diacritics', () => {
    const map = { 'Báo cáo đợt *.xlsx': 'hoi-nong-dan-huyen', 'ds.xlsx': 'xa-an-tho' };
    expect(matchFileToUnit('Bao cao dot 2.xlsx', units, map)).toEqual({ unitId: 'hoi-nong-dan-huyen', by: 'map' });
    expect(matchFileToUnit('DS.xlsx', units, map)).toEqual({ unitId: 'xa-an-tho', by: 'map' });
    expect(globMatches('x?.csv', 'x1.csv')).toBe(true);
    expect(globMatches('x?.csv', 'x12.csv')).toBe(false);
    expect(globMatches('a.b(1)*', 'a.b(1) [copy]')).toBe(true);
  });

  it('slugify folds Vietnamese', () => {
    expect(slugify('Xã Đông Hưng (đợt 2)')).toBe('xa-dong-hung-dot-2');
  });
});

describe('classifyGoogleError', () => {
  const http = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    status,
    message: `Request failed with status code ${status}`,
    response: { status, data, headers: new Headers(headers) },
  });
  const body = (code: number, message: string, reason: string, status?: string) => ({ error: { code, message, ...(status ? { status } : {}), errors: [{ message, domain: 'global', reason }] } });

  it('sorts what Google answers', () => {
    expect(classifyGoogleError(http(429, body(429, 'Quota exceeded', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED'), { 'retry-after': '7' }), 30_000)).toEqual({
      kind: 'quota',
      retryable: true,
      reason: 'Quota exceeded',
      status: 429,
      retryAfterMs: 7000,
    });
    // Drive signals per-minute limits with 403.
    expect(classifyGoogleError(http(403, body(403, 'User rate limit exceeded.', 'userRateLimitExceeded')), 1)).toMatchObject({ kind: 'quota', retryable: true });
    expect(classifyGoogleError(http(403, body(403, 'The caller does not have permission', 'forbidden', 'PERMISSION_DENIED')), 1)).toMatchObject({ kind: 'not-shared', retryable: false });
    expect(
      classifyGoogleError(http(403, body(403, 'Google Drive API has not been used in project 12 before or it is disabled.', 'accessNotConfigured', 'PERMISSION_DENIED')), 1),
    ).toMatchObject({ kind: 'api-disabled', api: 'Google Drive API' });
    expect(classifyGoogleError(http(404, body(404, 'File not found: x.', 'notFound')), 1)).toMatchObject({ kind: 'not-found', retryable: false });
    expect(classifyGoogleError(http(500, body(500, 'Internal error encountered.', 'backendError', 'INTERNAL')), 1)).toMatchObject({ kind: 'unavailable', retryable: true, reason: '500 Internal error encountered.' });
    expect(classifyGoogleError(http(401, body(401, 'Request had invalid authentication credentials.', 'authError')), 1)).toMatchObject({ kind: 'auth', retryable: false });
    expect(classifyGoogleError(http(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }), 1)).toMatchObject({ kind: 'auth', reason: 'Invalid JWT Signature.' });
    expect(classifyGoogleError(http(400, body(400, 'Unable to parse range: x', 'badRequest', 'INVALID_ARGUMENT')), 1)).toMatchObject({ kind: 'rejected', retryable: false, status: 400 });
  });

  it('reads error bodies that came back as bytes (downloads) or text', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(body(404, 'File not found: y.', 'notFound')));
    expect(classifyGoogleError(http(404, bytes.buffer), 1)).toMatchObject({ kind: 'not-found', reason: 'File not found: y.' });
    expect(classifyGoogleError(http(502, '<html>Bad Gateway</html>'), 1)).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('timeouts and dropped connections are worth retrying', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { cause: Object.assign(new Error('aborted'), { name: 'AbortError', type: 'aborted' }) });
    expect(classifyGoogleError(abort, 2500)).toEqual({ kind: 'unavailable', retryable: true, reason: 'Google không trả lời trong 2.5 giây' });
    expect(classifyGoogleError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 1)).toEqual({ kind: 'unavailable', retryable: true, reason: 'lỗi mạng (ECONNRESET)' });
  });

  it('parses Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('redacts tokens, assertions and keys from any text', () => {
    const text =
      'Authorization: Bearer ya29.a0AfH6SMBx-secret token ya29.c.zzz assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"';
    const out = redactSecrets(text);
    for (const secret of ['a0AfH6SMBx', 'ya29.c.zzz', 'eyJhbGciOiJSUzI1NiJ9', 'MIIE']) expect(out).not.toContain(secret);
  });
});

describe('retries', () => {
  const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

  it('back-off doubles with equal jitter, capped; Retry-After is a floor', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, undefined, policy, () => 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, undefined, policy, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(retryDelay(1, 5000, policy, () => 0)).toBe(5000);
    expect(retryDelay(1, 5000, policy, () => 0.5)).toBe(5500);
    expect(retryDelay(1, 120_000, policy, () => 0)).toBeUndefined();
  });

  it('tries at most `attempts` times, passing the timeout and turning gaxios retry off', async () => {
    const sleeps: number[] = [];
    const queue = new GoogleRequestQueue(
      { quota: { requests: 100, intervalMs: 1000, concurrency: 1 }, retry: { ...policy, attempts: 3 }, timeoutMs: 1234 },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );
    const seen: unknown[] = [];
    const failing = queue.call(async (options) => {
      seen.push(options);
      throw { status: 503, response: { status: 503, data: { error: { code: 503, message: 'busy' } }, headers: new Headers() } };
    });
    await expect(failing).rejects.toBeInstanceOf(GoogleFailure);
    await expect(failing).rejects.toMatchObject({ attempts: 3, problem: { kind: 'unavailable' } });
    expect(seen).toEqual([{ timeout: 1234, retry: false }, { timeout: 1234, retry: false }, { timeout: 1234, retry: false }]);
    expect(sleeps).toEqual([500, 1000]);

    let calls = 0;
    await expect(queue.call(async () => ({ data: ++calls }))).resolves.toBe(1);
    // Not worth retrying: one try only.
    const notShared = queue.call(async () => {
      throw { status: 403, response: { status: 403, data: { error: { code: 403, message: 'no', status: 'PERMISSION_DENIED' } } } };
    });
    await expect(notShared).rejects.toMatchObject({ attempts: 1, problem: { kind: 'not-shared' } });
  });
});

describe('spreadsheetToGrid', () => {
  it('places values at the range origin, keeps errors, merges and hidden flags', () => {
    const meta = {
      sheets: [
        {
          // Google omits zero fields: sheetId 0, index 0, startRowIndex 0 …
          properties: { title: "It's", sheetType: 'GRID', gridProperties: { rowCount: 100, columnCount: 10 } },
          merges: [{ endRowIndex: 1, endColumnIndex: 3 }, { startRowIndex: 4, endRowIndex: 6, startColumnIndex: 1, endColumnIndex: 2 }, { startRowIndex: 9 }],
        },
        { properties: { sheetId: 5, index: 1, title: 'Chart', sheetType: 'OBJECT' } },
        { properties: { sheetId: 7, index: 2, title: 'Old', hidden: true } },
      ],
    };
    expect(sheetRanges(meta)).toEqual(["'It''s'", "'Old'"]);
    const grid = spreadsheetToGrid(meta, [
      { range: "'It''s'!B3:D9", values: [['x', '', 1.5], [], [true, '#REF!', 45153]] },
      { range: 'Old!A1:Z1000' },
    ]);
    expect(grid.format).toBe('google');
    expect(grid.date1904).toBe(false);
    const [first, old] = grid.sheets;
    expect(first!.name).toBe("It's");
    expect(first!.rows[2]![1]).toEqual({ value: 'x' });
    expect(first!.rows[2]![2]).toBeUndefined();
    expect(first!.rows[2]![3]).toEqual({ value: 1.5 });
    expect(first!.rows[3]).toEqual([]);
    expect(first!.rows[4]!.slice(1)).toEqual([{ value: true }, { value: null, error: '#REF!' }, { value: 45153 }]);
    expect(first!.rows[0]).toEqual([]);
    expect(first!.merges).toEqual(['A1:C1', 'B5:B6', 'A10:J100']);
    expect(old).toEqual({ name: 'Old', hidden: true, rows: [], merges: [] });
  });

  it('quotes sheet titles and writes merges as A1 ranges', () => {
    expect(quoteSheetTitle('Danh sách')).toBe("'Danh sách'");
    expect(mergeToA1({ startRowIndex: 2, endRowIndex: 2 }, 10, 10)).toBeUndefined();
  });
});

describe('configuration', () => {
  it('the example in docs/google.md is a valid campaign config', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'google.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const config = parseConfig(yaml, 'docs/google.md');
    expect(config.units.flatMap((u) => u.sources.map((s) => s.type))).toEqual(['google', 'drive', 'file']);
    expect(config.drive).toHaveLength(1);
    expect(config.google?.credentials).toBeDefined();
  });

  it('a map naming an unknown unit is a config error', () => {
    const base = `campaign: { title: T, purpose: P, plan: { number: "1", date: "2023-08-01" }, period: { from: "2023-08-01", to: "2023-09-30" }, deadline: "2023-10-05" }
issuer: { parents: [A], body: B, place: C, signer: { title: CT, name: N } }
report: { number: "1", recipients: [X] }
units: [{ id: xa-a, name: Xã A, kind: commune }]
`;
    expect(() => parseConfig(`${base}drive: [{ folder: ${ID}, map: { "*.xlsx": xa-b } }]\n`, 'c.yaml')).toThrow('drive.0.map.*.xlsx: không có đơn vị nào mang mã "xa-b"');
    expect(() => parseConfig(`${base.replace('kind: commune }', 'kind: commune, sources: [{ google: { spreadsheet: "https://example.com/x" } }] }')}`, 'c.yaml')).toThrow(
      'units.0.sources.0: google.spreadsheet: cần mã hoặc địa chỉ bảng tính Sheets Google, nhận được "https://example.com/x"',
    );
  });

  it('options come from the config, the environment, then the defaults', () => {
    const config = parseConfig(
      `campaign: { title: T, purpose: P, plan: { number: "1", date: "2023-08-01" }, period: { from: "2023-08-01", to: "2023-09-30" }, deadline: "2023-10-05" }
issuer: { parents: [A], body: B, place: C, signer: { title: CT, name: N } }
report: { number: "1", recipients: [X] }
units: [{ id: xa-a, name: Xã A, kind: commune }]
google: { quota: { requests: 20 }, rootUrl: "http://127.0.0.1:9/" }
output: ket-qua
`,
      'c.yaml',
    );
    const options = resolveGoogleOptions(config, '/camp', { GOOGLE_APPLICATION_CREDENTIALS: 'key.json', TONGHOP_GOOGLE_ROOT_URL: 'http://127.0.0.1:8/' });
    expect(options).toMatchObject({
      credentialsPath: path.resolve('key.json'),
      credentialsFrom: 'GOOGLE_APPLICATION_CREDENTIALS',
      rootUrl: 'http://127.0.0.1:8/',
      quota: { requests: 20, intervalMs: GOOGLE_DEFAULTS.perSeconds * 1000, concurrency: GOOGLE_DEFAULTS.concurrency },
      timeoutMs: 30_000,
      cacheDir: path.resolve('/camp', 'ket-qua', '.cache', 'google'),
    });
    expect(resolveGoogleOptions(config, '/camp', {}).credentialsFrom).toBe('adc');
  });

  it('tokens may go only to Google or to this machine', () => {
    expect(isTrustedEndpoint('https://sheets.googleapis.com/')).toBe(true);
    expect(isTrustedEndpoint('https://oauth2.googleapis.com/token')).toBe(true);
    expect(isTrustedEndpoint('http://127.0.0.1:4000/')).toBe(true);
    expect(isTrustedEndpoint('http://localhost:4000/token')).toBe(true);
    expect(isTrustedEndpoint('http://sheets.googleapis.com/')).toBe(false);
    expect(isTrustedEndpoint('https://googleapis.com.evil.example/')).toBe(false);
    expect(isTrustedEndpoint('https://example.org/')).toBe(false);
  });
});
