import type Database from 'better-sqlite3';
import { decodeBlock, encodeBlock, layoutOf, type StoredSample } from './sample-codec.js';
import { encodeRollup, decodeRollup, mergeRollups, rollupColumns } from './rollup.js';
import type { Layouts } from './layouts.js';

export const MINUTE = 60_000;
export const TEN_MINUTES = 600_000;

interface BlockRow {
  id: number;
  layout: number;
  data: Buffer;
}

/**
 * Once a minute is complete, its small blocks (one per flush) become one block, and its min/avg/max rollup
 * is written, with the ten-minute rollup around it brought up to date. Called by the recorder as minutes end
 * and at start-up for minutes a crash left open, so a killed recorder leaves nothing unrolled.
 */
export function compactMinute(db: Database.Database, layouts: Layouts, segment: number, minute: number): void {
  const blocks = db
    .prepare<[number, number, number], BlockRow>('SELECT id, layout, data FROM blocks WHERE level = 0 AND segment = ? AND first_wall >= ? AND first_wall < ? ORDER BY first_wall')
    .all(segment, minute, minute + MINUTE);
  if (blocks.length === 0) return;
  const samples: StoredSample[] = [];
  for (const block of blocks) {
    const decoded = decodeBlock(block.data, layouts.keysOf(block.layout));
    decoded.walls.forEach((wall, i) => {
      const values = new Map<string, number>();
      decoded.keys.forEach((key, k) => {
        const v = decoded.columns[k]![i];
        if (v !== null && v !== undefined) values.set(key, v);
      });
      samples.push({ wall, mono: decoded.monos[i]!, uptime: decoded.uptimes[i]!, values });
    });
  }
  const keys = layoutOf(samples);
  const layout = layouts.idOf(keys);
  const columns = keys.map((key) => samples.map((s) => s.values.get(key) ?? null));
  const rollup = rollupColumns(keys, columns, samples.map((_, i) => i));
  db.prepare('INSERT OR REPLACE INTO rollups (tier, start_wall, segment, count, layout, data) VALUES (1, ?, ?, ?, ?, ?)')
    .run(minute, segment, rollup.count, layout, encodeRollup(rollup));
  const ids = blocks.map((b) => b.id);
  db.prepare(`DELETE FROM blocks WHERE id IN (${ids.map(() => '?').join(',')})`).run(...ids);
  const insert = db.prepare('INSERT INTO blocks (segment, level, first_wall, last_wall, count, layout, data) VALUES (?, 1, ?, ?, ?, ?, ?)');
  for (const piece of pieces(samples, keys, halfPage(db))) {
    insert.run(segment, piece.samples[0]!.wall, piece.samples[piece.samples.length - 1]!.wall, piece.samples.length, layout, piece.data);
  }
  updateTenMinutes(db, layouts, segment, Math.floor(minute / TEN_MINUTES) * TEN_MINUTES);
}

/** Per-row room beyond the blob: its cell pointer, sizes, id and the other six columns. */
const ROW_OVERHEAD = 40;

/** The largest blob of which two rows share one page (the page header aside). */
function halfPage(db: Database.Database): number {
  const page = db.pragma('page_size', { simple: true }) as number;
  return Math.floor((page - 8) / 2) - ROW_OVERHEAD;
}

/**
 * The minute's samples as one block, or as consecutive pieces when one would not fit twice in a page: a
 * minute of a machine with many cores, disks and interfaces (~2.3 KiB) took a page to itself and left
 * 40 % of it empty; two halves of it fit three to a page. Readers take blocks of any length.
 */
function pieces(samples: readonly StoredSample[], keys: readonly string[], limit: number): Array<{ samples: readonly StoredSample[]; data: Buffer }> {
  const data = encodeBlock(samples, keys);
  if (data.length <= limit || samples.length < 2) return [{ samples, data }];
  const middle = Math.ceil(samples.length / 2);
  return [...pieces(samples.slice(0, middle), keys, limit), ...pieces(samples.slice(middle), keys, limit)];
}

function updateTenMinutes(db: Database.Database, layouts: Layouts, segment: number, start: number): void {
  const rows = db
    .prepare<[number, number, number], { count: number; layout: number; data: Buffer }>('SELECT count, layout, data FROM rollups WHERE tier = 1 AND segment = ? AND start_wall >= ? AND start_wall < ?')
    .all(segment, start, start + TEN_MINUTES);
  if (rows.length === 0) return;
  const merged = mergeRollups(rows.map((r) => decodeRollup(r.data, layouts.keysOf(r.layout), r.count)));
  db.prepare('INSERT OR REPLACE INTO rollups (tier, start_wall, segment, count, layout, data) VALUES (2, ?, ?, ?, ?, ?)')
    .run(start, segment, merged.count, layouts.idOf(merged.keys), encodeRollup(merged));
}

/** Minutes a previous run left with small blocks only (it was killed): compacted before recording resumes. */
export function compactLeftovers(db: Database.Database, layouts: Layouts, before: number = Number.MAX_SAFE_INTEGER): number {
  const open = db
    .prepare<[number], { segment: number; minute: number }>(`SELECT DISTINCT segment, (first_wall / ${MINUTE}) * ${MINUTE} AS minute FROM blocks WHERE level = 0 AND first_wall < ?`)
    .all(before);
  for (const { segment, minute } of open) compactMinute(db, layouts, segment, minute);
  return open.length;
}
