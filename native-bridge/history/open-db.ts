import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { configure, limitCache, migrate } from './schema.js';

/** SQLite's words for a file that is not (or no longer) a sound database. */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/** The disk refused: SQLite says FULL, the file system ENOSPC or EDQUOT (a quota). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR') && /space|full/i.test(String((error as Error).message)));
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a damaged database aside with its write-ahead log and shared-memory index, and says where, so
 * nothing is deleted and the user can send it to someone. Returns the new name.
 */
export function moveAside(path: string, now: number = Date.now()): string {
  const aside = `${path}.damaged-${stamp(now)}`;
  renameSync(path, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

/**
 * SQLite's native module loads on the first open: built for another runtime (Electron without a rebuild, another
 * Node), it fails there, and the recorder says so instead of the app failing to start.
 */
export function newDatabase(path: string, options?: Database.Options): Database.Database {
  try {
    return new Database(path, options);
  } catch (error) {
    const message = (error as Error).message;
    if (/NODE_MODULE_VERSION|compiled against|invalid ELF|cannot open shared object|Could not locate the bindings/i.test(message)) {
      throw new Error(`SQLite (better-sqlite3) cannot be loaded in this runtime: ${message.split('\n')[0]} Rebuild it for this runtime (for Electron: npx electron-rebuild -f -w better-sqlite3).`);
    }
    throw error;
  }
}

function openAndCheck(path: string): Database.Database {
  const db = newDatabase(path);
  try {
    configure(db);
    migrate(db);
    // Reading a table walks its pages: a file that is not a database, or a damaged schema, fails here.
    db.prepare('SELECT count(*) FROM segments').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export interface OpenedWriter {
  db: Database.Database;
  /** Set when a damaged file was moved aside: the sentence naming both paths. */
  notice: string | null;
}

/**
 * The recorder's connection. A damaged file is moved aside once and a new one started; if the new one fails
 * too, the error goes up (the caller stops recording and says why: never a loop of retries).
 */
export function openWriter(path: string): OpenedWriter {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    return { db: openAndCheck(path), notice: null };
  } catch (error) {
    if (!isDamage(error)) throw error;
    const aside = moveAside(path);
    const db = openAndCheck(path);
    return { db, notice: damagedNotice(path, aside, error) };
  }
}

export function damagedNotice(path: string, aside: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `The history database ${path} was damaged (${why}); it was moved to ${aside} and a new one was started.`;
}

/** A connection for queries; null when nothing was recorded yet (no file). */
export function openReader(path: string): Database.Database | null {
  if (!existsSync(path)) return null;
  const db = newDatabase(path, { fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  limitCache(db);
  return db;
}
