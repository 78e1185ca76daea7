/**
 * Source snapshots and source states in the store (SQL only). The nightly SourceCache
 * (src/nightly/source-cache.ts) decides what to reuse; this module reads and writes the rows.
 */
import type { Issue } from '../model/issue.js';
import type { SourceOutcome, SourceSnapshot } from '../model/source.js';
import type { Store } from './db.js';

type SnapshotRow = { run_id: string; read_at: string | null; outcome_json: string; issues_json: string; parse_key: string | null };

/** What the store knows of a source's current version. */
type SourceState = { sha256: string | null; size: number | null; modified_at: string | null };

function toSnapshot(row: SnapshotRow): SourceSnapshot & { parseKey: string | null } {
  return {
    outcome: JSON.parse(row.outcome_json) as SourceOutcome,
    issues: JSON.parse(row.issues_json) as Issue[],
    runId: row.run_id,
    readAt: row.read_at ?? new Date(0).toISOString(),
    parseKey: row.parse_key,
  };
}

export function sourceState(db: Store, unitId: string, path: string): SourceState | undefined {
  return db.prepare('SELECT sha256, size, modified_at FROM sources WHERE unit_id = ? AND path = ?').get(unitId, path) as SourceState | undefined;
}

/** The snapshot of one exact content of a source, with the parser settings it was read with. */
export function snapshotOf(db: Store, unitId: string, path: string, sha256: string): (SourceSnapshot & { parseKey: string | null }) | undefined {
  const row = db
    .prepare('SELECT run_id, read_at, outcome_json, issues_json, parse_key FROM source_snapshots WHERE unit_id = ? AND path = ? AND sha256 = ?')
    .get(unitId, path, sha256) as SnapshotRow | undefined;
  return row && toSnapshot(row);
}

/** The latest snapshot of a source that read cleanly. */
export function lastGoodSnapshot(db: Store, unitId: string, path: string): SourceSnapshot | undefined {
  const row = db
    .prepare(
      `SELECT s.run_id, s.read_at, s.outcome_json, s.issues_json, s.parse_key FROM sources src
         JOIN source_snapshots s ON s.unit_id = src.unit_id AND s.path = src.path AND s.sha256 = src.last_good_sha256
       WHERE src.unit_id = ? AND src.path = ?`,
    )
    .get(unitId, path) as SnapshotRow | undefined;
  if (!row) return undefined;
  const { parseKey: _ignored, ...snapshot } = toSnapshot(row);
  return snapshot;
}

export type SnapshotWrite = { unitId: string; path: string; sha256: string; runId: string; outcome: SourceOutcome; issues: Issue[]; parseKey: string; readAt: string };
export type SourceStateWrite = {
  unit: string; path: string; sha: string | null; modified: string | null; size: number | null; status: string;
  run: string; goodRun: string | null; goodSha: string | null;
};

/** Writes new snapshots and every source's state, then keeps only current and last good versions. Call inside a transaction. */
export function saveSourceStates(db: Store, snapshots: SnapshotWrite[], states: SourceStateWrite[]): void {
  const saveSnapshot = db.prepare(
    `INSERT OR REPLACE INTO source_snapshots (unit_id, path, sha256, run_id, outcome_json, issues_json, parse_key, read_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const saveSource = db.prepare(
    `INSERT INTO sources (unit_id, path, sha256, modified_at, size, status, last_run_id, last_good_run_id, last_good_sha256)
     VALUES (@unit, @path, @sha, @modified, @size, @status, @run, @goodRun, @goodSha)
     ON CONFLICT (unit_id, path) DO UPDATE SET sha256 = @sha, modified_at = @modified, size = @size, status = @status,
       last_run_id = @run, last_good_run_id = coalesce(@goodRun, last_good_run_id), last_good_sha256 = coalesce(@goodSha, last_good_sha256)`,
  );
  for (const s of snapshots) saveSnapshot.run(s.unitId, s.path, s.sha256, s.runId, JSON.stringify(s.outcome), JSON.stringify(s.issues), s.parseKey, s.readAt);
  for (const state of states) saveSource.run(state);
  db.exec(
    `DELETE FROM source_snapshots WHERE EXISTS (SELECT 1 FROM sources s WHERE s.unit_id = source_snapshots.unit_id
       AND s.path = source_snapshots.path AND source_snapshots.sha256 IS NOT s.sha256 AND source_snapshots.sha256 IS NOT s.last_good_sha256)`,
  );
}
