import type Database from 'better-sqlite3';
import type { ProcessesAtResult } from '../contract/history.js';
import type { ProcessRow } from '../contract/processes.js';
import { TriageError } from '../contract/errors.js';
import { formatTimestamp } from '../common/format/index.js';
import { decodeFrame, type FrameRow } from './frame-codec.js';
import { identitiesOf, type Identity } from './identities.js';
import { segmentGaps, segmentsAround } from './segments.js';
import { decodeTop } from './top-codec.js';
import type { Layouts } from './layouts.js';
import { decodeRollup } from './rollup.js';

/** A frame this close to the moment asked about answers for it (frames are 5 s apart; some slack for a busy machine). */
const NEAR_MS = 10_000;

interface FrameRef {
  id: number;
  segment: number;
  wall: number;
}

function nearestFrame(db: Database.Database, at: number): FrameRef | null {
  const before = db.prepare<[number], FrameRef>('SELECT id, segment, wall FROM frames WHERE wall <= ? ORDER BY wall DESC, id DESC LIMIT 1').get(at);
  const after = db.prepare<[number], FrameRef>('SELECT id, segment, wall FROM frames WHERE wall > ? ORDER BY wall ASC, id DESC LIMIT 1').get(at);
  const candidates = [before, after].filter((f): f is FrameRef => f !== undefined && Math.abs(f.wall - at) <= NEAR_MS);
  candidates.sort((a, b) => Math.abs(a.wall - at) - Math.abs(b.wall - at) || b.id - a.id);
  return candidates[0] ?? null;
}

/** Replays a frame: its segment's keyframe before it, then every delta up to it. */
function replay(db: Database.Database, frame: FrameRef): { rows: Map<number, FrameRow>; ncpu: number; totalMemoryBytes: number } | null {
  const key = db
    .prepare<[number, number], { id: number }>('SELECT id FROM frames WHERE segment = ? AND key = 1 AND id <= ? ORDER BY id DESC LIMIT 1')
    .get(frame.segment, frame.id);
  if (!key) return null;
  const blobs = db
    .prepare<[number, number, number], { data: Buffer }>('SELECT data FROM frames WHERE segment = ? AND id >= ? AND id <= ? ORDER BY id')
    .all(frame.segment, key.id, frame.id);
  const rows = new Map<number, FrameRow>();
  let ncpu = 1;
  let totalMemoryBytes = 0;
  for (const { data } of blobs) {
    const f = decodeFrame(data);
    if (f.key) rows.clear();
    for (const id of f.gone) rows.delete(id);
    for (const r of f.rows) rows.set(r.id, r);
    ncpu = f.ncpu;
    totalMemoryBytes = f.totalMemoryBytes;
  }
  return { rows, ncpu, totalMemoryBytes };
}

function toProcessRow(r: FrameRow, who: Identity, ncpu: number): ProcessRow {
  return {
    pid: who.pid,
    startTime: who.start_time,
    ppid: who.ppid,
    startedAt: who.started_at,
    uid: who.uid,
    user: who.user,
    name: r.name ?? who.name,
    state: r.state,
    cpu: r.cpu,
    cpuMachine: r.cpu / ncpu,
    cpuTime: r.cpuTime,
    rss: r.rss,
    shared: r.shared,
    vsize: r.vsize,
    swap: r.swap,
    threads: r.threads,
    nice: r.nice,
    priority: r.priority,
    ioReadPerSec: r.ioReadPerSec,
    ioWritePerSec: r.ioWritePerSec,
    cmdline: r.cmdline ?? who.cmdline,
  };
}

/** Older than a day only each minute's top consumers remain: a partial table, said so in `resolution`. */
function fromTopMinute(db: Database.Database, layouts: Layouts, at: number): ProcessesAtResult | null {
  const minute = Math.floor(at / 60_000) * 60_000;
  const top = db
    .prepare<[number], { data: Buffer; started: number }>(
      'SELECT t.data AS data, s.started_wall AS started FROM top_minutes t JOIN segments s ON s.id = t.segment WHERE t.start_wall = ? ORDER BY t.segment DESC LIMIT 1',
    )
    .get(minute);
  if (!top) return null;
  const uses = decodeTop(top.data);
  const who = identitiesOf(db, uses.map((u) => u.id));
  // The machine's size that minute, from its system rollup (cores and total memory).
  const rollup = db.prepare<[number], { count: number; layout: number; data: Buffer }>('SELECT count, layout, data FROM rollups WHERE tier = 1 AND start_wall = ? ORDER BY segment DESC LIMIT 1').get(minute);
  const machine = rollup ? decodeRollup(rollup.data, layouts.keysOf(rollup.layout), rollup.count) : null;
  const ncpu = Math.max(1, machine?.keys.filter((k) => k.startsWith('cpu.core.')).length ?? 1);
  const memIndex = machine?.keys.indexOf('mem.total') ?? -1;
  const totalMemoryBytes = machine && memIndex >= 0 ? machine.avg[memIndex]! : 0;
  const rows: ProcessRow[] = [];
  for (const u of uses) {
    const w = who.get(u.id);
    if (!w) continue;
    const seconds = u.seenMs / 1000;
    const cpu = seconds > 0 ? (u.cpuSeconds / seconds) * 100 : 0;
    rows.push(toProcessRow({ id: u.id, state: '?', cpu, cpuTime: 0, rss: u.rssAvg, shared: null, vsize: 0, swap: null, threads: 0, nice: 0, priority: 0,
      ioReadPerSec: seconds > 0 ? u.ioReadBytes / seconds : null, ioWritePerSec: seconds > 0 ? u.ioWriteBytes / seconds : null }, w, ncpu));
  }
  rows.sort((a, b) => b.cpu - a.cpu);
  // A minute whose recording began part-way through is dated from that start, not from a moment nothing was recorded.
  return { at, frameTime: Math.max(minute, top.started), resolution: 'top-per-minute', ncpu, totalMemoryBytes, rows };
}

/** The process table as recorded at `at` (the nearest frame, within one frame), busiest first. */
export function queryProcessesAt(db: Database.Database, layouts: Layouts, at: number, now: number): ProcessesAtResult {
  const frame = nearestFrame(db, at);
  const state = frame ? replay(db, frame) : null;
  if (frame && state) {
    const who = identitiesOf(db, state.rows.keys());
    const rows: ProcessRow[] = [];
    for (const r of state.rows.values()) {
      const w = who.get(r.id);
      if (w) rows.push(toProcessRow(r, w, state.ncpu));
    }
    rows.sort((a, b) => b.cpu - a.cpu || a.pid - b.pid);
    return { at, frameTime: frame.wall, resolution: 'frame', ncpu: state.ncpu, totalMemoryBytes: state.totalMemoryBytes, rows };
  }
  const top = fromTopMinute(db, layouts, at);
  if (top) return top;
  const why = segmentGaps(segmentsAround(db, at - 1, at + 1), at - 1, at + 1, now)[0];
  throw new TriageError('NOT_FOUND', `Nothing was recorded at ${formatTimestamp(at)}${why ? `: ${why.text.replace(/ \(.*\)$/, '')}` : ''}.`);
}
