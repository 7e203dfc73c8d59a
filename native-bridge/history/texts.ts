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
/** A root serves as the dictionary of this many texts at most, then the next one of that name is a new root. */
const ROOT_USES = 64;

/** A text as stored: plain, deflated, or deflated against its base (a root text, itself never based on another). */
export interface StoredText {
  text: string | Buffer | null;
  base: string | Buffer | null;
}

function inflate(blob: Buffer, dictionary?: string): string {
  return inflateRawSync(blob, dictionary === undefined ? {} : { dictionary: Buffer.from(dictionary) }).toString('utf8');
}

/** The text back from its row (and its base's row, when it has one). */
export function textOf(stored: StoredText): string {
  const { text, base } = stored;
  if (text === null) return '';
  if (typeof text === 'string') return text;
  if (base === null) return inflate(text);
  return inflate(text, typeof base === 'string' ? base : inflate(base));
}

/**
 * Command lines stored once each (texts table), and the new ones deflated against an earlier one of the same
 * program when that helps: on a busy machine most processes that come and go are workers, shells and renderers
 * whose command lines repeat or differ by an id or a temporary path, and a command line is often the largest
 * part of a process's record. Chains are one step deep (a base is always a root), so reading is one inflate.
 */
export class Texts {
  private cache = new Map<string, number>();
  private roots = new Map<string, { id: number; text: string; uses: number }>();
  private readonly find: Database.Statement<[number], { id: number; text: string | Buffer; base: string | Buffer | null }>;
  private readonly insert: Database.Statement<[number, string | Buffer, number | null]>;

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT t.id, t.text, b.text AS base FROM texts t LEFT JOIN texts b ON b.id = t.base WHERE t.hash = ?');
    this.insert = db.prepare('INSERT INTO texts (hash, text, base) VALUES (?, ?, ?)');
  }

  /** The id of `text`, stored if new; `program` (the process name) picks the root it may be deflated against. */
  idOf(text: string, program: string): number {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const h = hash(text);
    const found = this.find.all(h).find((row) => textOf(row) === text)?.id;
    const id = found ?? this.store(h, text, program);
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(text, id);
    return id;
  }

  private store(h: number, text: string, program: string): number {
    if (text.length < DEFLATE_FROM) return Number(this.insert.run(h, text, null).lastInsertRowid);
    const alone = deflateRawSync(text);
    const root = this.roots.get(program);
    if (root && root.uses < ROOT_USES) {
      const against = deflateRawSync(text, { dictionary: Buffer.from(root.text) });
      // Only when it really is a variant of the root; otherwise this text starts a new root.
      if (against.length < alone.length * 0.6) {
        root.uses++;
        return Number(this.insert.run(h, against, root.id).lastInsertRowid);
      }
    }
    const id = Number(this.insert.run(h, alone, null).lastInsertRowid);
    this.roots.set(program, { id, text, uses: 0 });
    return id;
  }

  /** After a rolled-back transaction, ids made in it no longer exist. */
  forget(): void {
    this.cache = new Map();
    this.roots = new Map();
  }
}
