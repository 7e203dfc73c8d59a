import type Database from 'better-sqlite3';
import type { Layouts } from './layouts.js';
import { compactLeftovers } from './minute-compaction.js';

/** Raw samples and whole process frames are kept this long; after it, minute rollups and top consumers remain. */
export const RAW_KEEP_MS = 24 * 3_600_000;

export interface PruneOptions {
  now: number;
  retentionMs: number;
  maxBytes: number;
  rawKeepMs?: number;
}

export interface PruneResult {
  /** Everything before this moment is gone (retention or the size cap), if anything was cut. */
  cutBefore: number | null;
  /** Size of the live data afterwards (pages in use), bytes. */
  bytes: number;
}

/** Pages in use: what the data occupies, whether or not freed pages were given back yet. */
export function usedBytes(db: Database.Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * size;
}

const TIMED = [
  ['blocks', 'last_wall'],
  ['frames', 'wall'],
  ['rollups', 'start_wall'],
  ['top_minutes', 'start_wall'],
  ['events', 'wall'],
] as const;

function deleteBefore(db: Database.Database, cut: number): void {
  for (const [table, column] of TIMED) db.prepare(`DELETE FROM ${table} WHERE ${column} < ?`).run(cut);
  // A frame needs its keyframe: the deltas before the first keyframe kept go with it.
  dropOrphanFrames(db);
  db.prepare('DELETE FROM segments WHERE coalesce(ended_wall, last_wall, started_wall) < ? AND ended_wall IS NOT NULL').run(cut);
  db.prepare('DELETE FROM procs WHERE last_wall IS NOT NULL AND last_wall < ?').run(cut);
  db.prepare('DELETE FROM texts WHERE id NOT IN (SELECT cmd FROM procs)').run();
}

function dropOrphanFrames(db: Database.Database): void {
  const firstKey = db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM frames WHERE key = 1').get()?.id;
  if (firstKey !== null && firstKey !== undefined) db.prepare('DELETE FROM frames WHERE id < ?').run(firstKey);
}

function oldestWall(db: Database.Database): number | null {
  let oldest: number | null = null;
  for (const [table, column] of TIMED) {
    const v = db.prepare<[], { v: number | null }>(`SELECT min(${column}) AS v FROM ${table}`).get()?.v ?? null;
    if (v !== null && (oldest === null || v < oldest)) oldest = v;
  }
  return oldest;
}

/**
 * Run rarely (every few minutes): after a day, raw samples and process frames go (minute rollups and each
 * minute's top consumers stay); after the retention period everything goes; above the size cap the oldest
 * data goes first, in slices, until the data fits in 90 % of the cap. Freed pages are then given back.
 */
export function prune(db: Database.Database, options: PruneOptions): PruneResult {
  const rawCut = options.now - (options.rawKeepMs ?? RAW_KEEP_MS);
  let cutBefore: number | null = null;
  db.transaction(() => {
    db.prepare('DELETE FROM blocks WHERE last_wall < ?').run(rawCut);
    const keep = db.prepare<[number], { id: number | null }>('SELECT min(id) AS id FROM frames WHERE key = 1 AND wall >= ?').get(rawCut)?.id;
    if (keep !== null && keep !== undefined) db.prepare('DELETE FROM frames WHERE id < ?').run(keep);
    else db.prepare('DELETE FROM frames WHERE wall < ?').run(rawCut);
    const retentionCut = options.now - options.retentionMs;
    const oldest = oldestWall(db);
    if (oldest !== null && oldest < retentionCut) {
      deleteBefore(db, retentionCut);
      cutBefore = retentionCut;
    }
  })();
  for (let round = 0; round < 200 && usedBytes(db) > options.maxBytes * 0.9; round++) {
    const oldest = oldestWall(db);
    if (oldest === null) break;
    const cut = oldest + Math.max(3_600_000, (options.now - oldest) * 0.05);
    db.transaction(() => deleteBefore(db, cut))();
    cutBefore = cut;
  }
  db.pragma('incremental_vacuum');
  return { cutBefore, bytes: usedBytes(db) };
}

/**
 * After a run that did not stop cleanly (killed, crashed, the machine lost power): its open minutes are
 * compacted, its segments closed where its data ends (with no reason: "stopped without saying so") and
 * its processes' lifetimes end there.
 */
export function recoverAfterCrash(db: Database.Database, layouts: Layouts): void {
  db.transaction(() => {
    compactLeftovers(db, layouts);
    db.prepare('UPDATE segments SET ended_wall = coalesce(last_wall, started_wall) WHERE ended_wall IS NULL').run();
    const last = db.prepare<[], { v: number | null }>('SELECT max(ended_wall) AS v FROM segments').get()?.v ?? null;
    if (last !== null) db.prepare('UPDATE procs SET last_wall = ? WHERE last_wall IS NULL').run(last);
  })();
}
