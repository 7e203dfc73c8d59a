import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';

/** FNV-1a, 32 bits: an index key only (equal hashes are told apart by comparing the text). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const CACHE_LIMIT = 10_000;
/** Longer command lines (browsers', JVMs', test runners': often over a kilobyte) are stored deflated. */
const DEFLATE_FROM = 96;

/** A stored text: a string as is, or a BLOB holding it deflated. */
export function textOf(stored: string | Buffer | null): string {
  if (stored === null) return '';
  return typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');
}

/**
 * Command lines stored once each (texts table): on a busy machine most processes that come and go are
 * workers, shells and renderers whose command lines repeat, and a command line is often the largest part
 * of a process's record.
 */
export class Texts {
  private cache = new Map<string, number>();
  private readonly find: Database.Statement<[number], { id: number; text: string | Buffer }>;
  private readonly insert: Database.Statement<[number, string | Buffer]>;

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT id, text FROM texts WHERE hash = ?');
    this.insert = db.prepare('INSERT INTO texts (hash, text) VALUES (?, ?)');
  }

  idOf(text: string): number {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const h = hash(text);
    const found = this.find.all(h).find((row) => textOf(row.text) === text)?.id;
    const stored = text.length >= DEFLATE_FROM ? deflateRawSync(text) : text;
    const id = found ?? Number(this.insert.run(h, stored).lastInsertRowid);
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(text, id);
    return id;
  }

  /** After a rolled-back transaction, ids made in it no longer exist. */
  forget(): void {
    this.cache = new Map();
  }
}
