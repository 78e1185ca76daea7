/**
 * Sources between intake and analysis: which file belongs to which unit, what one source yielded,
 * and the snapshots nightly runs keep of it. Plain data, so analysis never touches the disk.
 */
import type { SourceSpec } from './config.js';
import type { SourceSummary } from './consolidation.js';
import type { Issue } from './issue.js';
import type { IssueCode } from './issue-catalogue.js';
import type { Donation } from './record.js';

/** One concrete file (or Google sheet) to read for one unit. */
export type ResolvedSource = {
  unitId: string;
  /** Path as shown to people: relative to the campaign folder, forward slashes. */
  display: string;
  absolutePath: string;
  spec: SourceSpec;
};

/**
 * A configured path or glob that yielded no source: it matched nothing (`closest`: the file names
 * present it most likely meant), or what it matched was refused (`reason`: the issue saying why).
 */
export type UnresolvedSource = {
  unitId: string;
  pattern: string;
  closest?: string[];
  reason?: { code: IssueCode; params: Record<string, string | number> };
};

/** What intake produced for one source; failed sources carry no records. */
export type SourceOutcome = Omit<SourceSummary, 'records' | 'amount'> & { donations: Donation[] };

/** One version of a source as analysed: its outcome (records included) and its own issues. */
export type SourceSnapshot = {
  outcome: SourceOutcome;
  issues: Issue[];
  /** The run that read this version. */
  runId: string;
  /** When that run started (ISO). */
  readAt: string;
};

/** A source whose content has not changed since `reused` was taken. */
export type ReusedRead = { sha256: string; modifiedAt?: string; reused: SourceSnapshot };

/** Where earlier reads are kept (the store implements it). */
export interface SourceCache {
  /** The snapshot of this source's current content, when it was read before with the same parser settings. */
  reuse(source: ResolvedSource): Promise<ReusedRead | undefined>;
  /** The latest snapshot that read cleanly, to stand in when the current content fails. */
  lastGood(unitId: string, path: string): SourceSnapshot | undefined;
}

/**
 * The bytes intake parsed and accepted for a local source, kept so feedback marks exactly those
 * (never the file read again): the .xlsx itself, LibreOffice's .xlsx of an .xls/.ods, or CSV text.
 */
export type AcceptedBytes = { kind: 'xlsx' | 'text'; bytes: Buffer; sheetName: string };
