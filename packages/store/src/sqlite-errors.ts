import { StoreError } from './errors';

/** The disk (or the file's size limit) is full: nothing of the failed write is in the file; everything committed before is. */
export class DiskFullError extends StoreError {}

/**
 * Turns a raw SqliteError into a StoreError that names the file, what the store was doing, and what
 * to do about it. Errors that are not SQLite's pass through unchanged.
 */
export function describeSqliteError(error: unknown, path: string, action: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const message = (error as Error).message;
  if (code === 'SQLITE_FULL') {
    return new DiskFullError(`${path}: the disk is full (SQLITE_FULL) while ${action}; nothing of it was written, everything committed before is kept. Free some space and resume the run from its latest checkpoint.`);
  }
  if (code.startsWith('SQLITE_BUSY')) return new StoreError(`${path} stayed locked by another connection for too long while ${action} (${code}); try again when the other process is done`);
  if (code.startsWith('SQLITE_READONLY')) return new StoreError(`${path} is read-only, cannot go on ${action} (${code}: ${message})`);
  if (code.startsWith('SQLITE_IOERR')) return new StoreError(`${path}: the disk failed while ${action} (${code}: ${message})`);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new StoreError(`${path} is damaged (${code}) while ${action}; PRAGMA integrity_check says where`);
  return new StoreError(`${path}: SQLite failed while ${action} (${code}: ${message})`);
}
