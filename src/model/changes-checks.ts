/**
 * Checks on run counters and changes that need no zod: `history` and `diff` use them and must start
 * in a fraction of a second, and zod alone costs about a tenth of a second to load. The shapes are
 * still the schemas in ./changes.ts; test/run-stats-check.test.ts pins that readRunStats agrees with
 * RunStatsSchema key for key.
 */
import type { Changes, RunStats } from './changes.js';

const COUNTERS = ['sources', 'parsed', 'reused', 'stale', 'failed', 'rendered'] as const;

/** Stored counters as RunStatsSchema.safeParse reads them (unknown keys dropped), or undefined when they do not fit. */
export function readRunStats(value: unknown): RunStats | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!COUNTERS.every((key) => Number.isSafeInteger(v[key]))) return undefined;
  const stats: RunStats = Object.fromEntries(COUNTERS.map((key) => [key, v[key] as number])) as Record<(typeof COUNTERS)[number], number>;
  const { outputsReusedFrom, durationMs } = v;
  if (outputsReusedFrom !== undefined && typeof outputsReusedFrom !== 'string') return undefined;
  if (durationMs !== undefined && !Number.isSafeInteger(durationMs)) return undefined;
  if (outputsReusedFrom !== undefined) stats.outputsReusedFrom = outputsReusedFrom;
  if (durationMs !== undefined) stats.durationMs = durationMs as number;
  return stats;
}

/** True when nothing a person would notice changed. */
export function isUnchanged(changes: Changes): boolean {
  return (
    changes.previousRunId !== null &&
    changes.sources.length === 0 &&
    changes.units.length === 0 &&
    changes.statuses.length === 0 &&
    changes.issues.new.length === 0 &&
    changes.issues.resolved.length === 0 &&
    !reconciliationChanged(changes)
  );
}

/** True when the bank reconciliation moved: money in or matched, or a match made or undone. */
function reconciliationChanged(changes: Changes): boolean {
  const r = changes.reconciliation;
  return !!r && (r.received.difference !== 0 || r.matchedReceived.difference !== 0 || r.newMatches.length > 0 || r.goneMatches.length > 0);
}
