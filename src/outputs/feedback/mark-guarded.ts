/**
 * Marked copies made from the bytes intake accepted, in the same kind of guarded worker that parses
 * them (heap limit, time limit, terminated when over), several at once. The main process never
 * opens a user's workbook here.
 */
import { GuardedPool } from '../../intake/guarded-worker.js';
import { resolveLimits, type ReadLimits } from '../../intake/read-limits.js';
import type { AcceptedBytes } from '../../model/source.js';
import type { FeedbackEntry } from './entries.js';

export type AnnotateRequest = { kind: AcceptedBytes['kind']; bytes: Uint8Array; sheetName: string; entries: FeedbackEntry[]; limits: ReadLimits };

const pool = new GuardedPool(import.meta.url, 'annotate-worker');

/**
 * Time allowed to mark one workbook: the bytes were already parsed within the read limits, so
 * marking needs far less; a file that still takes this long is given a letter only.
 */
const MARK_TIMEOUT_MS = 20_000;

/** The marked copy of accepted bytes; rejects (IntakeFailure) when the worker refused or was stopped. */
export async function markAccepted(accepted: AcceptedBytes, entries: readonly FeedbackEntry[], limits: Partial<ReadLimits> = {}): Promise<Buffer> {
  const resolved = resolveLimits(limits);
  const copy = new Uint8Array(accepted.bytes);
  const request: AnnotateRequest = { kind: accepted.kind, bytes: copy, sheetName: accepted.sheetName, entries: [...entries], limits: resolved };
  const out = await pool.run<Uint8Array>(request, [copy.buffer], {
    timeoutMs: Math.min(resolved.parseTimeoutMs, MARK_TIMEOUT_MS),
    memoryMb: resolved.parseMemoryMb,
  });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Stops the marking workers that are idle: once a run's copies are made, their memory is let go. */
export function releaseIdleMarkWorkers(): void {
  pool.releaseIdle();
}

/** Stops the marking workers (tests and scripts that want a clean exit right away). */
export async function closeMarkWorkers(): Promise<void> {
  await pool.close();
}
