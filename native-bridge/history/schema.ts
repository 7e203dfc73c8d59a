import type Database from 'better-sqlite3';

/** Bumped when the tables change; an older file is migrated, a newer one is left alone (read as far as it goes). */
export const SCHEMA_VERSION = 1;

/**
 * segments: stretches of continuous recording; what ended one (stop, suspend, full disk, clock change, or
 * nothing: a crash) explains the gap after it. blocks: system samples, level 0 as written every few seconds,
 * level 1 once a minute is complete. rollups: min/avg/max per minute (tier 1) and per ten minutes (tier 2),
 * kept after the raw samples are gone. procs: each process once (its identity; its command line in texts,
 * stored once however many processes share it: workers, shells and renderers repeat theirs); frames:
 * the process table every few seconds (keyframes whole, the others only what changed); top_minutes: each
 * minute's top consumers, kept after the frames are gone. events: actions, findings, recording notes.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS segments (
  id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL, pid INTEGER NOT NULL, interval_ms INTEGER NOT NULL,
  started_wall INTEGER NOT NULL, started_mono INTEGER NOT NULL, start_reason TEXT NOT NULL,
  last_wall INTEGER, ended_wall INTEGER, end_reason TEXT);
CREATE TABLE IF NOT EXISTS layouts (id INTEGER PRIMARY KEY, keys TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS blocks (
  id INTEGER PRIMARY KEY, segment INTEGER NOT NULL, level INTEGER NOT NULL,
  first_wall INTEGER NOT NULL, last_wall INTEGER NOT NULL, count INTEGER NOT NULL, layout INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS blocks_last_wall ON blocks(last_wall);
CREATE INDEX IF NOT EXISTS blocks_level ON blocks(level, segment, first_wall);
CREATE TABLE IF NOT EXISTS rollups (
  tier INTEGER NOT NULL, start_wall INTEGER NOT NULL, segment INTEGER NOT NULL,
  count INTEGER NOT NULL, layout INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (tier, start_wall, segment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS procs (
  id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, start_time INTEGER NOT NULL, started_at INTEGER NOT NULL,
  ppid INTEGER NOT NULL, uid INTEGER, user TEXT NOT NULL, name TEXT NOT NULL, cmd INTEGER NOT NULL,
  first_wall INTEGER NOT NULL, last_wall INTEGER);
CREATE TABLE IF NOT EXISTS texts (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, text TEXT NOT NULL, base INTEGER);
CREATE INDEX IF NOT EXISTS texts_hash ON texts(hash);
CREATE TABLE IF NOT EXISTS frames (
  id INTEGER PRIMARY KEY, segment INTEGER NOT NULL, wall INTEGER NOT NULL, mono INTEGER NOT NULL,
  key INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS frames_wall ON frames(wall);
CREATE TABLE IF NOT EXISTS top_minutes (
  start_wall INTEGER NOT NULL, segment INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (start_wall, segment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, wall INTEGER NOT NULL, kind TEXT NOT NULL, pid INTEGER, summary TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_wall ON events(wall);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * SQLite keeps each page it reads or writes in the connection's cache, up to cache_size; better-sqlite3 builds it
 * with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000). A recorder appending for hours filled it, and a reader's range
 * queries fill their own: up to 16 MB more resident per connection (10 MB of rows written: +23.6 MiB RSS at the
 * default, +9.4 MiB at 1 MiB). Appends touch a few pages at the end of each table and reads come from the OS's file
 * cache at a syscall a page, so 1 MiB is enough.
 */
export const CACHE_KIB = 1024;

/** Every connection, the writer's and each reader's. */
export function limitCache(db: Database.Database): void {
  db.pragma(`cache_size = -${CACHE_KIB}`);
}

/** The writer's pragmas: WAL (readers never block the writer), NORMAL sync (a crash loses no commit, a power cut at most the last ones). */
export function configure(db: Database.Database): void {
  // Freed pages can be given back to the disk; this must be chosen before the file's first page is written.
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  limitCache(db);
  // The log is cut back after checkpoints, so it never keeps a burst's size.
  db.pragma('journal_size_limit = 16777216');
}

/** Creates or upgrades the tables (the writer only). */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) return;
  db.exec(TABLES);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
