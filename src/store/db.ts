import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors/errors.js';
import { MIGRATIONS } from './migrations.js';

export type Store = Database.Database;

/** The store's file inside an output folder. */
export const STORE_FILE = 'tonghop.sqlite';

/**
 * Opens (creating on first use) the SQLite store and brings its schema up to date.
 * WAL keeps readers (history, diff) working while a run writes.
 */
export function openStore(file: string): Store {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (cause) {
    throw new OutputError('STORE_OPEN_FAILED', { file, reason: (cause as Error).message }, { cause });
  }
}

function migrate(db: Store): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new OutputError('STORE_TOO_NEW', { version: current, known: MIGRATIONS.length });
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
