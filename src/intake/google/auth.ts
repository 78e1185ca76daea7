import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { google, type Auth } from 'googleapis';
import { z } from 'zod';
import { classifyGoogleError, GoogleFailure, type GoogleProblem } from './failure.js';
import { isTrustedEndpoint, type GoogleOptions } from './options.js';

/** Read-only: tonghop never changes anything on Google. */
export const READONLY_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.readonly',
  'https://www.googleapis.com/auth/drive.readonly',
] as const;

/** The token endpoint google-auth-library always calls (it ignores a key's token_uri). */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** The fields of a service-account key file tonghop uses; the rest is ignored. */
const ServiceAccountKeySchema = z.looseObject({
  type: z.literal('service_account', { error: 'type phải là "service_account"' }),
  client_email: z.email({ error: 'thiếu hoặc sai trường client_email' }),
  private_key: z.string({ error: 'thiếu trường private_key' }).includes('PRIVATE KEY', { error: 'trường private_key không phải khóa PEM' }),
  private_key_id: z.string().optional(),
  token_uri: z.url({ error: 'trường token_uri không phải địa chỉ' }).optional(),
});
type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

export type GoogleAuthSession = {
  client: Auth.JWT | Auth.AuthClient;
  /** The service account's e-mail: what staff share sheets and folders with. */
  email: string | undefined;
};

const authFailure = (reason: string, extra: Partial<GoogleProblem> = {}) =>
  new GoogleFailure({ kind: 'auth', retryable: false, reason, ...extra });

/**
 * Reads and checks a key file. Messages name the file and the faulty field, never a value
 * (the key is a secret).
 */
async function loadServiceAccountKey(file: string, from: string): Promise<ServiceAccountKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw authFailure(
      code === 'ENOENT'
        ? `không tìm thấy tệp khóa tài khoản dịch vụ "${file}" (khai báo ở ${from})`
        : `không đọc được tệp khóa "${file}" (${code ?? 'lỗi đọc tệp'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw authFailure(`tệp khóa "${file}" không phải JSON; hãy tải lại khóa dạng JSON của tài khoản dịch vụ`);
  }
  const parsed = ServiceAccountKeySchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first?.path.join('.') || '(gốc)';
    throw authFailure(`tệp khóa "${file}" không phải khóa tài khoản dịch vụ hợp lệ: ${first?.code === 'invalid_type' && first.path.length === 0 ? 'không phải đối tượng JSON' : (first?.message ?? field)}`);
  }
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw authFailure(`khóa bí mật (private_key) trong tệp "${file}" bị hỏng`);
  }
  return parsed.data;
}

/**
 * Builds a JWT client for a service account with read-only scopes. google-auth-library always
 * posts to Google's token URL; a key whose token_uri points elsewhere (the local emulator) gets
 * that one request redirected, and only to a trusted endpoint.
 */
function jwtClientFor(key: ServiceAccountKey, timeoutMs: number): Auth.JWT {
  const client = new google.auth.JWT({
    email: key.client_email,
    key: key.private_key,
    ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
    scopes: [...READONLY_SCOPES],
    transporterOptions: { timeout: timeoutMs },
  });
  const tokenUri = key.token_uri;
  if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
    if (!isTrustedEndpoint(tokenUri)) {
      throw authFailure(`token_uri trong tệp khóa trỏ tới "${new URL(tokenUri).host}", không phải máy chủ Google`);
    }
    client.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
        return config;
      },
    });
  }
  return client;
}

/**
 * Signs in once before any source is read, so a bad key fails every Google source with one clear
 * reason instead of one failed request per source.
 */
export async function openGoogleAuth(options: GoogleOptions): Promise<GoogleAuthSession> {
  if (options.credentialsPath) {
    const from = options.credentialsFrom === 'google.credentials' ? 'mục google.credentials của cấu hình' : 'biến môi trường GOOGLE_APPLICATION_CREDENTIALS';
    const key = await loadServiceAccountKey(options.credentialsPath, from);
    const client = jwtClientFor(key, options.timeoutMs);
    await authorize(() => client.authorize(), options.timeoutMs, key.client_email);
    return { client, email: key.client_email };
  }
  // Application-default credentials: gcloud's login on a staff machine, or a Google Cloud VM.
  const auth = new google.auth.GoogleAuth({ scopes: [...READONLY_SCOPES] });
  let client: Auth.AuthClient;
  try {
    client = (await auth.getClient()) as Auth.AuthClient;
  } catch {
    throw authFailure(
      'chưa có khóa tài khoản dịch vụ: khai báo đường dẫn tệp khóa ở mục google.credentials của cấu hình hoặc biến môi trường GOOGLE_APPLICATION_CREDENTIALS (xem docs/google.md)',
    );
  }
  const email = await auth.getCredentials().then((c) => c.client_email ?? undefined, () => undefined);
  await authorize(() => client.getAccessToken(), options.timeoutMs, email);
  return { client, email };
}

async function authorize(signIn: () => Promise<unknown>, timeoutMs: number, email: string | undefined): Promise<void> {
  try {
    await signIn();
  } catch (error) {
    const problem = classifyGoogleError(error, timeoutMs);
    if (problem.kind === 'unavailable') {
      throw new GoogleFailure({ ...problem, reason: `không kết nối được máy chủ đăng nhập Google (${problem.reason})` });
    }
    const who = email ? ` cho tài khoản ${email}` : '';
    const hint = /invalid_grant/i.test(problem.reason) || /invalid_grant/.test(String((error as { message?: unknown })?.message))
      ? ': khóa có thể đã bị xóa hoặc vô hiệu hóa, hoặc đồng hồ máy tính sai giờ'
      : '';
    throw authFailure(`Google từ chối đăng nhập${who} (${problem.reason})${hint}`, problem.status === undefined ? {} : { status: problem.status });
  }
}
