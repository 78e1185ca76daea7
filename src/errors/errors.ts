import type { IssueCode } from '../model/issue-catalogue.js';

/**
 * Operational failures: the run (or one source) could not do its job.
 * Data problems are never thrown; they are collected as issues (src/model/issue.ts).
 */
export class TonghopError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The campaign configuration is missing or invalid. */
export class ConfigError extends TonghopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** A source could not be read at all (the run goes on without it and records the issue). */
export class SourceError extends TonghopError {
  readonly source: string;
  /** Issue code recorded for this failure (src/model/issue-catalogue.ts). */
  readonly issueCode: IssueCode;
  /** Parameters of that issue's message template. */
  readonly params: Readonly<Record<string, string | number>>;
  constructor(
    issueCode: IssueCode,
    source: string,
    params: Record<string, string | number>,
    options?: { cause?: unknown },
  ) {
    super('SOURCE_FAILED', `${source}: ${issueCode} ${JSON.stringify(params)}`, options);
    this.source = source;
    this.issueCode = issueCode;
    this.params = params;
  }
}

/** No usable browser, or the browser failed while printing. */
export class RenderError extends TonghopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('RENDER_FAILED', message, options);
  }
}

/** Writing outputs failed (disk full, permissions). */
export class OutputError extends TonghopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OUTPUT_FAILED', message, options);
  }
}

/** Wrong command-line usage. */
export class UsageError extends TonghopError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Another run holds the output folder's lock (src/nightly/lock.ts). */
export class LockError extends TonghopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOCKED', message, options);
  }
}
