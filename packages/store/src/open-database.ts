import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './schema';

/** How long a connection waits on another process's lock before it gives up (SQLite's busy timeout). */
export const BUSY_TIMEOUT_MS = 10_000;

// The tables of the two schema versions that shipped before files carried APPLICATION_ID: such a file
// is recognised by holding exactly these, and is stamped when it is migrated.
const UNSTAMPED_TABLES = 'checkpoints,epochs,layers,models,runs,snapshots,tensors';

/**
 * Opens (creating when absent) a store file, migrated to the current schema.
 *
 * A file is recognised before anything is written to it, through a read-only connection: a store
 * carries APPLICATION_ID in its header, and every other file (another application's database, one
 * from a newer nnts, not SQLite at all) is refused byte for byte unchanged. The schema version is
 * read and bumped inside one IMMEDIATE transaction, and every connection waits up to
 * BUSY_TIMEOUT_MS on a busy file, so processes opening a fresh path at once migrate it exactly once.
 */
export function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') {
    createDirectory(path);
    if (isNonEmptyFile(path)) withConnection(path, { readonly: true, fileMustExist: true }, (db) => identify(db, path));
  }
  const db = connect(path, {});
  try {
    db.pragma('foreign_keys = ON');
    const versionBefore = db.pragma('user_version', { simple: true }) as number;
    // Pages freed by deletes go back to the file system (Store.reclaimSpace). This only takes hold
    // on a file without tables yet; it changes nothing on one that has them.
    if (versionBefore === 0) db.pragma('auto_vacuum = INCREMENTAL');
    if (needsMigration(db)) {
      db.transaction(() => {
        identify(db, path); // again, under the write lock: another process may have got there first
        migrate(db);
      }).immediate();
    }
    if (path !== ':memory:') switchToWal(db);
    db.pragma('synchronous = NORMAL');
    if (versionBefore > 0 && versionBefore < 3) compactOnce(db);
  } catch (error) {
    db.close();
    throw asStoreError(error, path);
  }
  return db;
}

/** Throws unless the file is empty, a store, or a store of an older schema. */
function identify(db: Database.Database, path: string): void {
  // One read transaction for the header and the tables: read as separate statements, another process's
  // migration could commit between them, and its tables would be seen beside the header from before.
  const read = (): { applicationId: number; version: number; tables: string[] } => ({
    applicationId: db.pragma('application_id', { simple: true }) as number,
    version: db.pragma('user_version', { simple: true }) as number,
    tables: (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name),
  });
  const { applicationId, version, tables } = db.inTransaction ? read() : db.transaction(read)();
  if (applicationId === APPLICATION_ID) {
    if (version > SCHEMA_VERSION) throw new StoreError(`${path} has schema version ${version}, newer than this nnts knows (${SCHEMA_VERSION}); upgrade @nnts/store`);
    return;
  }
  if (applicationId !== 0) throw new StoreError(`${path} belongs to another application (application_id ${applicationId}, an nnts store has ${APPLICATION_ID}); refusing to change it`);
  if (version === 0 && tables.length === 0) return;
  if ((version === 1 || version === 2) && tables.join(',') === UNSTAMPED_TABLES) return;
  const holds = tables.length > 0 ? `it holds ${tables.join(', ')}` : `no tables, user_version ${version}`;
  throw new StoreError(`${path} is a SQLite database but not an nnts store (${holds}); refusing to change it`);
}

/**
 * A store from before schema 3 held a JSON copy of every tensor and never gave pages back: rewrite it
 * once, smaller and with incremental auto-vacuum. Another process reading it at that moment only
 * postpones this to a later opening.
 */
function compactOnce(db: Database.Database): void {
  if (db.pragma('auto_vacuum', { simple: true }) !== 0) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  try {
    db.exec('VACUUM');
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error;
  }
}

function needsMigration(db: Database.Database): boolean {
  return db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION || db.pragma('application_id', { simple: true }) !== APPLICATION_ID;
}

/**
 * WAL lets readers go on while one process writes. Switching needs a moment with no other
 * connection in a transaction, and SQLite does not wait for that on its own, so wait here.
 */
function switchToWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

function connect(path: string, options: Database.Options): Database.Database {
  try {
    return new Database(path, { ...options, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`);
  }
}

function withConnection(path: string, options: Database.Options, use: (db: Database.Database) => void): void {
  const db = connect(path, options);
  try {
    use(db);
  } catch (error) {
    throw asStoreError(error, path);
  } finally {
    db.close();
  }
}

function asStoreError(error: unknown, path: string): StoreError {
  return error instanceof StoreError ? error : new StoreError(`${path} is not a usable nnts store: ${(error as Error).message}`);
}

function isNonEmptyFile(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

function createDirectory(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const file = fileInTheWay(dirname(path));
    throw new StoreError(file ? `cannot open ${path}: ${file} is a file, not a folder` : `cannot create the folder of ${path}: ${(error as Error).message}`);
  }
}

/** The nearest ancestor of `folder` (itself included) that exists and is not a folder. */
function fileInTheWay(folder: string): string | null {
  for (let current = folder; ; current = dirname(current)) {
    try {
      return statSync(current).isDirectory() ? null : current;
    } catch {
      if (dirname(current) === current) return null;
    }
  }
}
