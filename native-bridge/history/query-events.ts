import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../contract/history.js';

/** Events in [from, to], oldest first; when more than `limit`, the newest are kept. */
export function queryEvents(db: Database.Database, q: { from: number; to: number; limit: number }): { events: HistoryEvent[]; omitted: number } {
  const total = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM events WHERE wall >= ? AND wall <= ?').get(q.from, q.to)?.n ?? 0;
  const rows = db
    .prepare<[number, number, number], { wall: number; kind: HistoryEvent['kind']; pid: number | null; summary: string }>(
      'SELECT wall, kind, pid, summary FROM events WHERE wall >= ? AND wall <= ? ORDER BY wall DESC, id DESC LIMIT ?',
    )
    .all(q.from, q.to, q.limit);
  return { events: rows.reverse().map((r) => ({ time: r.wall, kind: r.kind, pid: r.pid, summary: r.summary })), omitted: Math.max(0, total - rows.length) };
}
