/**
 * Versioned schema of the store. Each entry upgrades the database by one version
 * (PRAGMA user_version); never edit a released entry, add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, sources and their snapshots, issues, certificate registry, overlap decisions.
  `
  CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    campaign      TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    total_amount  INTEGER,
    donors        INTEGER,
    errors        INTEGER,
    warnings      INTEGER,
    failure       TEXT,
    summary_json  TEXT
  );
  CREATE TABLE sources (
    unit_id           TEXT NOT NULL,
    path              TEXT NOT NULL,
    sha256            TEXT,
    modified_at       TEXT,
    status            TEXT NOT NULL,
    last_run_id       TEXT NOT NULL,
    last_good_run_id  TEXT,
    last_good_sha256  TEXT,
    PRIMARY KEY (unit_id, path)
  );
  -- What one version (sha256) of a source yielded: reused when the bytes have not changed,
  -- and used as the last good data when a later version cannot be read.
  CREATE TABLE source_snapshots (
    unit_id       TEXT NOT NULL,
    path          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    outcome_json  TEXT NOT NULL,
    issues_json   TEXT NOT NULL,
    PRIMARY KEY (unit_id, path, sha256)
  );
  CREATE TABLE issues (
    run_id    TEXT NOT NULL REFERENCES runs(id),
    code      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    unit_id   TEXT,
    source    TEXT,
    sheet     TEXT,
    row       INTEGER,
    cell      TEXT,
    message   TEXT NOT NULL
  );
  CREATE INDEX issues_by_run ON issues(run_id);
  -- Certificate numbers: a donor keeps its number in a campaign; a changed amount issues a
  -- replacement (new number) that names the number it replaces.
  CREATE TABLE certificates (
    number            INTEGER NOT NULL,
    campaign          TEXT NOT NULL,
    donor_key         TEXT NOT NULL,
    version           INTEGER NOT NULL,
    recipient         TEXT NOT NULL,
    unit_id           TEXT NOT NULL,
    amount            INTEGER NOT NULL,
    data_hash         TEXT NOT NULL,
    issued_run_id     TEXT NOT NULL,
    replaces_number   INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('issued', 'replaced')),
    PRIMARY KEY (campaign, number),
    UNIQUE (campaign, donor_key, version)
  );
  CREATE TABLE overlap_decisions_applied (
    run_id     TEXT NOT NULL,
    pair_key   TEXT NOT NULL,
    decision   TEXT NOT NULL,
    kept       TEXT,
    PRIMARY KEY (run_id, pair_key)
  );
  `,
  // 2: nightly operation: run counters and input key (whole-run reuse), source size (skip
  // hashing unchanged files), what parser produced a snapshot and when its data was read.
  `
  ALTER TABLE runs ADD COLUMN stats_json TEXT;
  ALTER TABLE runs ADD COLUMN input_key TEXT;
  ALTER TABLE sources ADD COLUMN size INTEGER;
  ALTER TABLE source_snapshots ADD COLUMN parse_key TEXT;
  ALTER TABLE source_snapshots ADD COLUMN read_at TEXT;
  `,
];
