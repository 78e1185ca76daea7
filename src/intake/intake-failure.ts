import type { IssueCode } from '../model/issue-catalogue.js';

/**
 * Why a file could not be read, before the file's display name is known (inside the zip reader,
 * the parse worker or the converter). read-source.ts turns it into a SourceError naming the file.
 * Plain data (code + params) so it crosses a worker boundary unchanged.
 */
export class IntakeFailure extends Error {
  readonly issueCode: IssueCode;
  readonly params: Readonly<Record<string, string | number>>;
  constructor(issueCode: IssueCode, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(`${issueCode} ${JSON.stringify(params)}`, options);
    this.name = 'IntakeFailure';
    this.issueCode = issueCode;
    this.params = params;
  }
}

/** First line of an error's message, short enough for an issue message. */
export function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return (message.split('\n', 1)[0] ?? '').slice(0, 200);
}
