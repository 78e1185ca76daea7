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
    db.pragma(`busy_timeout = ${STORE_BUSY_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (cause) {
    if (cause instanceof OutputError) throw cause;
    throw storeFailure(cause, file) ?? new OutputError('STORE_OPEN_FAILED', { file, reason: (cause as Error).message }, { cause });
  }
}

/** How long a run waits for another program (a backup, sqlite3) to let go of the store. */
export const STORE_BUSY_MS = 5000;

/**
 * Opens an existing store read-only, for commands that only read (history, diff): works on a
 * read-only medium and never writes a byte, not even a migration. A store older than this tonghop
 * is read as it is (its runs table has been the same since the first version).
 */
export function openStoreReadonly(file: string): Store {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${STORE_BUSY_MS}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new OutputError('STORE_TOO_NEW', { version, known: MIGRATIONS.length });
    return db;
  } catch (cause) {
    if (cause instanceof OutputError) throw cause;
    throw storeFailure(cause, file) ?? new OutputError('STORE_OPEN_FAILED', { file, reason: (cause as Error).message }, { cause });
  }
}

/**
 * The catalogued failure for an SQLite error: a damaged file (kept as it is: nothing is written to
 * it), a store another program holds, a full disk or a read-only one. Undefined for other errors.
 */
export function storeFailure(cause: unknown, file: string): OutputError | undefined {
  const code = String((cause as { code?: unknown })?.code ?? '');
  const reason = (cause as Error)?.message ?? String(cause);
  const dir = path.dirname(file);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new OutputError('STORE_CORRUPT', { file, reason }, { cause });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new OutputError('STORE_BUSY', { file, seconds: STORE_BUSY_MS / 1000 }, { cause });
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return /full|space|quota/i.test(reason) || code === 'SQLITE_FULL'
      ? new OutputError('DISK_FULL', { dir, file, reason }, { cause })
      : new OutputError('STORE_OPEN_FAILED', { file, reason }, { cause });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return new OutputError('OUTPUT_READONLY', { dir, reason: `${path.basename(file)}: ${reason}` }, { cause });
  return undefined;
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
