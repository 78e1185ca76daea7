import path from 'node:path';
import type { CampaignConfig } from '../../model/config.js';

/** Defaults for the `google:` section of the campaign config (docs/google.md). */
export const GOOGLE_DEFAULTS = {
  /** Stays under the Sheets API read quota of 60 requests per minute per user. */
  requests: 50,
  perSeconds: 60,
  concurrency: 2,
  attempts: 5,
  baseDelaySeconds: 1,
  maxDelaySeconds: 32,
  timeoutSeconds: 30,
  /** A Retry-After longer than this is not waited for: the source fails with GOOGLE_QUOTA. */
  maxRetryAfterSeconds: 300,
} as const;

/** Env var that points every Google request at a local emulator (tests, the demo). */
const ROOT_URL_ENV = 'TONGHOP_GOOGLE_ROOT_URL';

export type GoogleOptions = {
  /** Absolute path of the service-account key; undefined means application-default credentials. */
  readonly credentialsPath: string | undefined;
  /** Where the key path came from, named in error messages. */
  readonly credentialsFrom: 'google.credentials' | 'GOOGLE_APPLICATION_CREDENTIALS' | 'adc';
  readonly rootUrl: string | undefined;
  readonly quota: { readonly requests: number; readonly intervalMs: number; readonly concurrency: number };
  readonly retry: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number; readonly maxRetryAfterMs: number };
  readonly timeoutMs: number;
  /** <output>/.cache/google: grids of unchanged files are taken from here. */
  readonly cacheDir: string;
};

/** Reads the `google:` section and the environment into concrete options. Pure. */
export function resolveGoogleOptions(
  config: CampaignConfig,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  outputRoot: string = path.resolve(baseDir, config.output),
): GoogleOptions {
  const g = config.google;
  const fromEnv = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  const credentials = g?.credentials
    ? { credentialsPath: path.resolve(baseDir, g.credentials), credentialsFrom: 'google.credentials' as const }
    : fromEnv
      ? { credentialsPath: path.resolve(fromEnv), credentialsFrom: 'GOOGLE_APPLICATION_CREDENTIALS' as const }
      : { credentialsPath: undefined, credentialsFrom: 'adc' as const };
  const rootUrl = env[ROOT_URL_ENV]?.trim() || g?.rootUrl;
  return {
    ...credentials,
    rootUrl,
    quota: {
      requests: g?.quota?.requests ?? GOOGLE_DEFAULTS.requests,
      intervalMs: (g?.quota?.perSeconds ?? GOOGLE_DEFAULTS.perSeconds) * 1000,
      concurrency: g?.quota?.concurrency ?? GOOGLE_DEFAULTS.concurrency,
    },
    retry: {
      attempts: g?.retry?.attempts ?? GOOGLE_DEFAULTS.attempts,
      baseDelayMs: (g?.retry?.baseDelaySeconds ?? GOOGLE_DEFAULTS.baseDelaySeconds) * 1000,
      maxDelayMs: (g?.retry?.maxDelaySeconds ?? GOOGLE_DEFAULTS.maxDelaySeconds) * 1000,
      maxRetryAfterMs: GOOGLE_DEFAULTS.maxRetryAfterSeconds * 1000,
    },
    timeoutMs: (g?.timeoutSeconds ?? GOOGLE_DEFAULTS.timeoutSeconds) * 1000,
    cacheDir: path.join(outputRoot, '.cache', 'google'),
  };
}

/**
 * Bearer tokens may only travel to Google itself or to a server on this machine (the emulator):
 * a typo'd or hostile rootUrl/token_uri must not receive them.
 */
export function isTrustedEndpoint(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return url.protocol === 'http:' || url.protocol === 'https:';
  return url.protocol === 'https:' && (host === 'googleapis.com' || host.endsWith('.googleapis.com'));
}
