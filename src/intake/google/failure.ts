import { SourceError } from '../../errors/errors.js';

/** What went wrong talking to Google, in the terms staff can act on. */
type GoogleFailureKind = 'auth' | 'not-shared' | 'not-found' | 'quota' | 'unavailable' | 'api-disabled' | 'rejected';

export type GoogleProblem = {
  kind: GoogleFailureKind;
  /** Worth trying again (429, 5xx, timeouts, dropped connections, per-minute rate limits). */
  retryable: boolean;
  /** Short Vietnamese or Google-worded reason, secrets removed. */
  reason: string;
  /** HTTP status, when Google answered. */
  status?: number;
  /** From a Retry-After header. */
  retryAfterMs?: number;
  /** Which API is switched off, for kind "api-disabled". */
  api?: string;
};

/**
 * A Google request that failed for good (after retries). Carries no request config, headers or
 * response objects, so printing it can never show a token or a key.
 */
export class GoogleFailure extends Error {
  readonly problem: GoogleProblem;
  readonly attempts: number;
  constructor(problem: GoogleProblem, attempts = 1) {
    super(`${problem.kind}${problem.status ? ` ${problem.status}` : ''}: ${problem.reason}`);
    this.name = 'GoogleFailure';
    this.problem = problem;
    this.attempts = attempts;
  }
}

/** Removes access tokens, JWT assertions and private keys from any text that may reach a log or a report. */
export function redactSecrets(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[khóa đã ẩn]')
    .replace(/\bBearer\s+[\w.~+/=-]+/gi, 'Bearer [đã ẩn]')
    .replace(/\bya29\.[\w.-]+/g, '[token đã ẩn]')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[jwt đã ẩn]')
    .replace(/\b(access_token|id_token|refresh_token|assertion|private_key|client_secret)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi, '$1$2[đã ẩn]');
}

function clip(text: string): string {
  const line = redactSecrets(text).split('\n', 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

type ErrorBody = { message?: string; status?: string; reasons: string[]; oauthError?: string };

/** Reads Google's `{ error: { code, message, status, errors: [{reason}], details: [{reason}] } }` or an OAuth error. */
function parseErrorBody(data: unknown): ErrorBody {
  let value = data;
  if (value instanceof ArrayBuffer) value = Buffer.from(value).toString('utf8');
  else if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      return { reasons: [], ...(text.trim() ? { message: text } : {}) };
    }
  }
  if (!value || typeof value !== 'object') return { reasons: [] };
  const error = (value as { error?: unknown; error_description?: unknown }).error;
  if (typeof error === 'string') {
    const description = (value as { error_description?: unknown }).error_description;
    return { reasons: [error], oauthError: error, message: typeof description === 'string' ? description : error };
  }
  if (!error || typeof error !== 'object') return { reasons: [] };
  const e = error as { message?: unknown; status?: unknown; errors?: unknown; details?: unknown };
  const reasons: string[] = [];
  for (const list of [e.errors, e.details]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const reason = (item as { reason?: unknown } | null)?.reason;
      if (typeof reason === 'string') reasons.push(reason);
    }
  }
  const body: ErrorBody = { reasons };
  if (typeof e.message === 'string') body.message = e.message;
  if (typeof e.status === 'string') body.status = e.status;
  return body;
}

/** Retry-After in seconds or as an HTTP date → milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  const value = record[name] ?? record[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);
const DAILY_REASONS = new Set(['dailyLimitExceeded', 'quotaExceeded']);
const DISABLED_REASONS = new Set(['accessNotConfigured', 'SERVICE_DISABLED']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/**
 * Sorts an error thrown by googleapis/gaxios (or by fetch underneath) into a GoogleProblem.
 * Duck-typed so no gaxios type is imported; never keeps the error's request config.
 */
export function classifyGoogleError(error: unknown, timeoutMs: number): GoogleProblem {
  if (error instanceof GoogleFailure) return error.problem;
  const e = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: { name?: unknown; code?: unknown; type?: unknown } | undefined;
    response?: { status?: unknown; data?: unknown; headers?: unknown } | undefined;
  };
  const status = typeof e.status === 'number' ? e.status : typeof e.response?.status === 'number' ? e.response.status : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);

  if (status === undefined) {
    const names = [e.code, e.name, e.cause?.name, e.cause?.code, e.cause?.type].filter((v) => typeof v === 'string') as string[];
    // gaxios aborts through node-fetch on `timeout`; nothing else here aborts a request.
    if (names.some((n) => n === 'TimeoutError' || n === 'AbortError' || n === 'aborted' || n === 'ABORT_ERR') || /aborted|timed? ?out/i.test(message)) {
      return { kind: 'unavailable', retryable: true, reason: `Google không trả lời trong ${Math.round(timeoutMs / 100) / 10} giây` };
    }
    const network = names.find((n) => NETWORK_CODES.has(n));
    if (network || /socket hang up|fetch failed|network/i.test(message)) {
      return { kind: 'unavailable', retryable: true, reason: `lỗi mạng (${network ?? clip(message)})` };
    }
    return { kind: 'rejected', retryable: false, reason: clip(message) };
  }

  const body = parseErrorBody(e.response?.data);
  const googleMessage = clip(body.message ?? message);
  const retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  const withRetryAfter = <T extends GoogleProblem>(p: T): T => (retryAfterMs === undefined ? p : { ...p, retryAfterMs });

  if (body.reasons.some((r) => DISABLED_REASONS.has(r)) || /has not been used in project|is disabled/i.test(body.message ?? '')) {
    const api = /(Google [A-Za-z]+ API)/.exec(body.message ?? '')?.[1] ?? 'Google Sheets API hoặc Google Drive API';
    return { kind: 'api-disabled', retryable: false, reason: googleMessage, status, api };
  }
  if (status === 429 || (status === 403 && body.reasons.some((r) => RATE_REASONS.has(r)))) {
    return withRetryAfter({ kind: 'quota', retryable: true, reason: googleMessage, status });
  }
  if (status === 403 && body.reasons.some((r) => DAILY_REASONS.has(r))) {
    return { kind: 'quota', retryable: false, reason: googleMessage, status };
  }
  if (status === 401) return { kind: 'auth', retryable: false, reason: `Google không nhận thông tin đăng nhập (${googleMessage})`, status };
  if (status === 403) return { kind: 'not-shared', retryable: false, reason: googleMessage, status };
  if (status === 404 || status === 410) return { kind: 'not-found', retryable: false, reason: googleMessage, status };
  if (status === 408 || status >= 500) return withRetryAfter({ kind: 'unavailable', retryable: true, reason: `${status} ${googleMessage}`, status });
  if (status === 400 && body.oauthError) return { kind: 'auth', retryable: false, reason: googleMessage, status };
  return { kind: 'rejected', retryable: false, reason: googleMessage, status };
}

/** What the failed thing was, for the issue message. */
export type FailureContext = {
  /** File or folder id. */
  id: string;
  /** "bảng tính", "tệp", "thư mục". */
  what: string;
  /** The service account's e-mail, when known. */
  email: string | undefined;
};

const UNKNOWN_EMAIL = '(tài khoản đang dùng để đăng nhập Google)';

/** Turns any failure while reading a Google source into the SourceError the pipeline records. */
export function toSourceError(error: unknown, display: string, ctx: FailureContext): SourceError {
  if (error instanceof SourceError) return error;
  const failure = error instanceof GoogleFailure ? error : undefined;
  if (!failure) {
    const message = error instanceof Error ? error.message : String(error);
    return new SourceError('SOURCE_UNREADABLE', display, { reason: clip(message) });
  }
  const { problem, attempts } = failure;
  // The cause is the sanitised GoogleFailure, never the gaxios error with its headers.
  const options = { cause: failure };
  const email = ctx.email ?? UNKNOWN_EMAIL;
  switch (problem.kind) {
    case 'auth':
      return new SourceError('GOOGLE_AUTH', display, { reason: problem.reason }, options);
    case 'not-shared':
      return new SourceError('GOOGLE_NOT_SHARED', display, { id: ctx.id, email }, options);
    case 'not-found':
      return new SourceError('GOOGLE_NOT_FOUND', display, { what: ctx.what, id: ctx.id, email }, options);
    case 'quota':
      return new SourceError('GOOGLE_QUOTA', display, { attempts, reason: problem.reason }, options);
    case 'unavailable':
      return new SourceError('GOOGLE_UNAVAILABLE', display, { attempts, reason: problem.reason }, options);
    case 'api-disabled':
      return new SourceError('GOOGLE_API_DISABLED', display, { api: problem.api ?? 'Google API' }, options);
    case 'rejected':
      return new SourceError('GOOGLE_REQUEST_FAILED', display, { status: problem.status ?? '?', reason: problem.reason }, options);
  }
}
