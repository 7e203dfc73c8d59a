import type Database from 'better-sqlite3';

/**
 * A layout is the sorted list of series keys of a block or rollup, stored once and referred to by id, so
 * each row carries numbers only. Cached both ways: layouts are few (they change when a device comes or goes).
 */
export class Layouts {
  private readonly byKeys = new Map<string, number>();
  private readonly byId = new Map<number, readonly string[]>();
  private readonly select: Database.Statement<[number], { keys: string }>;
  private readonly find: Database.Statement<[string], { id: number }>;
  private readonly insert: Database.Statement<[string]> | null;

  constructor(db: Database.Database, writable: boolean) {
    this.select = db.prepare('SELECT keys FROM layouts WHERE id = ?');
    this.find = db.prepare('SELECT id FROM layouts WHERE keys = ?');
    this.insert = writable ? db.prepare('INSERT INTO layouts (keys) VALUES (?)') : null;
  }

  idOf(keys: readonly string[]): number {
    const text = JSON.stringify(keys);
    const cached = this.byKeys.get(text);
    if (cached !== undefined) return cached;
    const found = this.find.get(text)?.id;
    const id = found ?? Number(this.insert!.run(text).lastInsertRowid);
    this.byKeys.set(text, id);
    this.byId.set(id, keys);
    return id;
  }

  keysOf(id: number): readonly string[] {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = this.select.get(id);
    const keys = row ? (JSON.parse(row.keys) as string[]) : [];
    this.byId.set(id, keys);
    return keys;
  }

  /** After a rolled-back transaction: ids inserted in it no longer exist. */
  forget(): void {
    this.byKeys.clear();
    this.byId.clear();
  }
}
