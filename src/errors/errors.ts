import { fillTemplate } from '../format/template.js';
import type { IssueCode } from '../model/issue-catalogue.js';
import { ERROR_CATALOGUE, type ErrorCode, type ErrorParams } from './catalogue.js';

export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode, type ErrorParams } from './catalogue.js';

/**
 * Operational failures: the run (or one source) could not do its job. The code names an entry of
 * the error catalogue (src/errors/catalogue.ts), whose template and params make the message.
 * Data problems are never thrown; they are collected as issues (src/model/issue.ts).
 */
export class TonghopError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(fillTemplate(ERROR_CATALOGUE[code].message, params), options);
    this.name = new.target.name;
    this.code = code;
    this.params = params;
  }

  /** What to do about it, from the catalogue (placeholders filled). */
  get hint(): string | undefined {
    const hint: string | undefined = ERROR_CATALOGUE[this.code].hint;
    return hint === undefined ? undefined : fillTemplate(hint, this.params);
  }

  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit;
  }
}

/** The campaign configuration (or a file it names) is missing or invalid. */
export class ConfigError extends TonghopError {}

/** No usable browser, or the browser failed while printing. */
export class RenderError extends TonghopError {}

/** Writing outputs or the store failed (disk full, permissions). */
export class OutputError extends TonghopError {}

/** Wrong command-line usage. */
export class UsageError extends TonghopError {}

/** Another run holds the output folder's lock (src/nightly/lock.ts). */
export class LockError extends TonghopError {}

/**
 * A source could not be read at all (the run goes on without it and records the issue): the one
 * operational failure that becomes a data issue, so its message is the issue catalogue's.
 */
export class SourceError extends Error {
  readonly code = 'SOURCE_FAILED';
  readonly source: string;
  /** Issue code recorded for this failure (src/model/issue-catalogue.ts). */
  readonly issueCode: IssueCode;
  /** Parameters of that issue's message template. */
  readonly params: Readonly<Record<string, string | number>>;
  constructor(issueCode: IssueCode, source: string, params: Record<string, string | number>, options?: { cause?: unknown }) {
    super(`${source}: ${issueCode} ${JSON.stringify(params)}`, options);
    this.name = 'SourceError';
    this.source = source;
    this.issueCode = issueCode;
    this.params = params;
  }
}
