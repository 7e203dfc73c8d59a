import type Database from 'better-sqlite3';
import type { TopBy, TopResult, TopRow } from '../contract/history.js';
import { identitiesOf } from './identities.js';
import { decodeTop } from './top-codec.js';

const NOTE =
  'Summed from each recorded minute\'s top consumers (the 10 busiest by CPU, memory and I/O of every minute): a process that never made a minute\'s top is not counted; the minute under way is not included yet.';

/** Who used the most over [from, to]: each minute's top consumers, added up per process. */
export function queryTop(db: Database.Database, q: { from: number; to: number; by: TopBy; limit: number }): TopResult {
  const rows = db
    .prepare<[number, number], { start_wall: number; data: Buffer }>('SELECT start_wall, data FROM top_minutes WHERE start_wall >= ? AND start_wall < ? ORDER BY start_wall')
    .all(Math.floor(q.from / 60_000) * 60_000, q.to);
  const minutes = new Set<number>();
  const byId = new Map<number, { cpuSeconds: number; rssWeighted: number; rssMax: number; ioRead: number; ioWrite: number; seenMs: number }>();
  for (const row of rows) {
    minutes.add(row.start_wall);
    for (const u of decodeTop(row.data)) {
      const acc = byId.get(u.id) ?? { cpuSeconds: 0, rssWeighted: 0, rssMax: 0, ioRead: 0, ioWrite: 0, seenMs: 0 };
      acc.cpuSeconds += u.cpuSeconds;
      acc.rssWeighted += u.rssAvg * u.seenMs;
      acc.rssMax = Math.max(acc.rssMax, u.rssMax);
      acc.ioRead += u.ioReadBytes;
      acc.ioWrite += u.ioWriteBytes;
      acc.seenMs += u.seenMs;
      byId.set(u.id, acc);
    }
  }
  // One process may have several ids (recorded by several runs): joined by pid and start time.
  const who = identitiesOf(db, byId.keys());
  const merged = new Map<string, TopRow & { rssWeighted: number }>();
  for (const [id, acc] of byId) {
    const w = who.get(id);
    if (!w) continue;
    const key = `${w.pid}:${w.start_time}`;
    const row = merged.get(key) ?? {
      pid: w.pid, startTime: w.start_time, name: w.name, user: w.user, cmdline: w.cmdline,
      cpuSeconds: 0, cpuPercent: 0, rssAvgBytes: 0, rssMaxBytes: 0, ioReadBytes: 0, ioWriteBytes: 0, seenMs: 0, rssWeighted: 0,
    };
    row.cpuSeconds += acc.cpuSeconds;
    row.rssWeighted += acc.rssWeighted;
    row.rssMaxBytes = Math.max(row.rssMaxBytes, acc.rssMax);
    row.ioReadBytes += acc.ioRead;
    row.ioWriteBytes += acc.ioWrite;
    row.seenMs += acc.seenMs;
    merged.set(key, row);
  }
  const score: Record<TopBy, (r: TopRow) => number> = {
    cpu: (r) => r.cpuSeconds,
    mem: (r) => r.rssMaxBytes,
    io: (r) => r.ioReadBytes + r.ioWriteBytes,
  };
  const out = [...merged.values()]
    .map(({ rssWeighted, ...r }): TopRow => ({
      ...r,
      cpuSeconds: Math.round(r.cpuSeconds * 100) / 100,
      cpuPercent: r.seenMs > 0 ? Math.round((r.cpuSeconds / (r.seenMs / 1000)) * 1000) / 10 : 0,
      rssAvgBytes: r.seenMs > 0 ? Math.round(rssWeighted / r.seenMs) : 0,
    }))
    .filter((r) => score[q.by](r) > 0)
    .sort((a, b) => score[q.by](b) - score[q.by](a))
    .slice(0, q.limit);
  return { from: q.from, to: q.to, by: q.by, rows: out, recordedMs: minutes.size * 60_000, note: NOTE };
}
