/**
 * Run history in the store: a row when a run starts ("running"), completed as "ok" with its totals,
 * counters and whole summary, or "failed" with the reason. A run killed half-way stays "running"
 * until the next run (which holds the lock, so nothing else can be running) marks it failed.
 */
import type { Summary } from '../model/summary.js';
import type { RunStats } from '../model/changes.js';
import { readRunStats } from '../model/changes-checks.js';
import type { Store } from './db.js';

export type StoredRun = {
  id: string;
  campaign: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'ok' | 'failed';
  totalAmount: number | null;
  donors: number | null;
  errors: number | null;
  warnings: number | null;
  failure: string | null;
  inputKey: string | null;
  durationMs?: number;
  stats?: RunStats;
};

type RunRow = {
  id: string;
  campaign: string;
  started_at: string;
  finished_at: string | null;
  status: StoredRun['status'];
  total_amount: number | null;
  donors: number | null;
  errors: number | null;
  warnings: number | null;
  failure: string | null;
  input_key: string | null;
  stats_json: string | null;
};

const COLUMNS = 'id, campaign, started_at, finished_at, status, total_amount, donors, errors, warnings, failure, input_key, stats_json';

function fromRow(row: RunRow): StoredRun {
  const run: StoredRun = {
    id: row.id,
    campaign: row.campaign,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    totalAmount: row.total_amount,
    donors: row.donors,
    errors: row.errors,
    warnings: row.warnings,
    failure: row.failure,
    inputKey: row.input_key,
  };
  if (row.finished_at) run.durationMs = Date.parse(row.finished_at) - Date.parse(row.started_at);
  if (row.stats_json) {
    // Checked without zod (history starts fast); counters from an older layout are left out.
    const stats = readRunStats(JSON.parse(row.stats_json));
    if (stats) run.stats = stats;
  }
  return run;
}

export function runExists(db: Store, id: string): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
}

export function recordRunStart(db: Store, run: { id: string; campaign: string; startedAt: string }): void {
  db.prepare("INSERT INTO runs (id, campaign, started_at, status) VALUES (?, ?, ?, 'running')").run(run.id, run.campaign, run.startedAt);
}

/** Runs left "running" by a killed process; called by the run that now holds the lock. */
export function markInterruptedRuns(db: Store, now: Date = new Date()): number {
  return db
    .prepare("UPDATE runs SET status = 'failed', finished_at = ?, failure = 'bị dừng giữa chừng (interrupted)' WHERE status = 'running'")
    .run(now.toISOString()).changes;
}

export function recordRunFailure(db: Store, id: string, failure: string, now: Date = new Date()): void {
  db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, failure = ? WHERE id = ?").run(now.toISOString(), failure.slice(0, 2000), id);
}

/** Completes a run: totals, counters, the whole summary and one row per issue. Call inside a transaction. */
export function recordRunSuccess(db: Store, run: { id: string; summary: Summary; stats: RunStats; inputKey: string; finishedAt: string }): void {
  const { summary } = run;
  db.prepare(
    `UPDATE runs SET status = 'ok', finished_at = ?, total_amount = ?, donors = ?, errors = ?, warnings = ?,
       failure = NULL, summary_json = ?, stats_json = ?, input_key = ? WHERE id = ?`,
  ).run(
    run.finishedAt,
    summary.totals.amount,
    summary.totals.donors,
    summary.issueCounts.error,
    summary.issueCounts.warning,
    JSON.stringify(summary),
    JSON.stringify(run.stats),
    run.inputKey,
    run.id,
  );
  const insert = db.prepare('INSERT INTO issues (run_id, code, severity, unit_id, source, sheet, row, cell, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const i of summary.issues) {
    insert.run(run.id, i.code, i.severity, i.unitId ?? null, i.source ?? null, i.sheet ?? null, i.row ?? null, i.cell ?? null, i.message);
  }
}

/** Runs, newest first. */
export function listRuns(db: Store, limit = 50): StoredRun[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?`).all(limit) as RunRow[]).map(fromRow);
}

export function getRun(db: Store, id: string): StoredRun | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  return row && fromRow(row);
}

/** The summary a successful run wrote (as stored; older runs may lack newer fields). */
export function storedSummary(db: Store, id: string): Summary | undefined {
  const row = db.prepare("SELECT summary_json FROM runs WHERE id = ? AND status = 'ok'").get(id) as { summary_json: string | null } | undefined;
  return row?.summary_json ? (JSON.parse(row.summary_json) as Summary) : undefined;
}

/** The latest successful run before `exceptId`, with its summary. */
export function lastSuccessfulRun(db: Store, exceptId?: string): { run: StoredRun; summary: Summary } | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS}, summary_json FROM runs WHERE status = 'ok' AND id != ? ORDER BY started_at DESC, rowid DESC LIMIT 1`)
    .get(exceptId ?? '') as (RunRow & { summary_json: string | null }) | undefined;
  if (!row?.summary_json) return undefined;
  return { run: fromRow(row), summary: JSON.parse(row.summary_json) as Summary };
}
