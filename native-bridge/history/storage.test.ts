import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRow } from '../contract/processes.js';
import type { SystemSample } from '../contract/system.js';
import { decodeFrame, encodeFrame, type FrameRow } from './frame-codec.js';
import { FrameBuilder, changedBeyondThreshold } from './frame-builder.js';
import { Layouts } from './layouts.js';
import { prune, RAW_KEEP_MS, recoverAfterCrash, usedBytes } from './maintenance.js';
import { openReader } from './open-db.js';
import { queryProcessesAt } from './query-processes.js';
import { querySeries } from './query-series.js';
import { decodeBlock, encodeBlock, layoutOf } from './sample-codec.js';
import { CACHE_KIB } from './schema.js';
import { flattenSample } from './series-keys.js';
import { realSample, realTable, storedAt, tempHistory, type TempHistory } from './test-support/history-db.js';
import { textOf, Texts, type StoredText } from './texts.js';
import { emptyBatch } from './writer.js';

let sample: SystemSample;
let table: ProcessRow[];
let h: TempHistory | null = null;

beforeAll(async () => {
  sample = await realSample();
  table = await realTable();
});
afterEach(() => {
  h?.remove();
  h = null;
});

const base = Date.UTC(2026, 10, 20, 10, 0, 0);

describe('encodings', () => {
  it('a block of real samples decodes to the same values (to the stored precision)', () => {
    const samples = [0, 1000, 2000].map((d) => storedAt(sample, base + d, base));
    const keys = layoutOf(samples);
    const decoded = decodeBlock(encodeBlock(samples, keys), keys);
    expect(decoded.walls).toEqual([base, base + 1000, base + 2000]);
    const flat = flattenSample(sample);
    const at = (key: string) => decoded.columns[keys.indexOf(key)]![1]!;
    expect(at('mem.total')).toBe(sample.memory.totalBytes);
    expect(at('cpu.busy')).toBeCloseTo(flat.get('cpu.busy')!, 2);
    expect(at('load.one')).toBeCloseTo(sample.load.one, 2);
  });

  it('a frame of the real table round-trips; only rows changed beyond the threshold go into a delta', () => {
    const rows: FrameRow[] = table.map((r, i) => ({ ...r, id: i + 1, name: undefined, cmdline: undefined }));
    const back = decodeFrame(encodeFrame({ key: true, ncpu: 2, totalMemoryBytes: 8 << 30, rows, gone: [] }));
    expect(back.rows.length).toBe(rows.length);
    const first = back.rows.find((r) => r.id === 1)!;
    expect(first.rss).toBe(Math.round(rows[0]!.rss / 1024) * 1024);
    expect(first.cpuTime).toBeCloseTo(rows[0]!.cpuTime, 2);

    const builder = new FrameBuilder();
    const key = builder.build(base, rows, { ncpu: 2, totalMemoryBytes: 1 });
    expect(key.key).toBe(true);
    builder.commit(base, key);
    const noisy = rows.map((r) => ({ ...r, cpu: r.cpu + 0.4, rss: r.rss + 4096 }));
    noisy[0] = { ...noisy[0]!, rss: noisy[0]!.rss + 50 * 1024 * 1024 };
    const delta = builder.build(base + 5000, noisy.slice(0, -1), { ncpu: 2, totalMemoryBytes: 1 });
    expect(delta.key).toBe(false);
    expect(delta.rows.map((r) => r.id)).toEqual([1]);
    expect(delta.gone).toEqual([rows[rows.length - 1]!.id]);
    expect(changedBeyondThreshold(rows[1]!, { ...rows[1]!, state: 'D' })).toBe(true);
    // A minute later everything is written again.
    expect(builder.build(base + 61_000, rows, { ncpu: 2, totalMemoryBytes: 1 }).key).toBe(true);
  });
});

describe('command lines', () => {
  it('are stored once, and variants of one program deflated against the first; all read back exactly', () => {
    h = tempHistory();
    const texts = new Texts(h.writer.db);
    const renderer = (n: number) => `/usr/lib/chromium/chromium --type=renderer --crashpad-handler-pid=0 --user-data-dir=/tmp/profile-x --renderer-client-id=${n} --launch-time-ticks=${55372424151 + n * 977} --field-trial-handle=3,i,5904791250941617109,18007584840460720209,262144 --disable-features=PaintHolding`;
    const ids = Array.from({ length: 20 }, (_, n) => texts.idOf(renderer(n), 'chromium'));
    expect(texts.idOf(renderer(3), 'chromium')).toBe(ids[3]);
    const short = texts.idOf('sleep 1000', 'sleep');
    const rows = h.writer.db.prepare('SELECT id, length(text) AS bytes, base FROM texts ORDER BY id').all() as Array<{ id: number; bytes: number; base: number | null }>;
    expect(rows.filter((r) => r.base === null).map((r) => r.id)).toEqual([ids[0], short]);
    // A variant costs a small fraction of the root.
    expect(Math.max(...rows.slice(1, 20).map((r) => r.bytes))).toBeLessThan(rows[0]!.bytes / 3);
    const back = (id: number) => {
      const row = h!.writer.db.prepare('SELECT t.text, b.text AS base FROM texts t LEFT JOIN texts b ON b.id = t.base WHERE t.id = ?').get(id) as StoredText;
      return textOf(row);
    };
    expect(ids.map(back)).toEqual(Array.from({ length: 20 }, (_, n) => renderer(n)));
    expect(back(short)).toBe('sleep 1000');
  });
});

describe('the history file', () => {
  it('is in WAL mode with synchronous NORMAL', () => {
    h = tempHistory();
    expect(h.writer.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(h.writer.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('the writer and a reader each keep at most CACHE_KIB of pages (SQLite as better-sqlite3 builds it keeps 16 MB)', () => {
    h = tempHistory();
    const reader = openReader(h.path)!;
    try {
      for (const db of [h.writer.db, reader]) expect(db.pragma('cache_size', { simple: true })).toBe(-CACHE_KIB);
      const plain = new Database(':memory:');
      expect(plain.pragma('cache_size', { simple: true })).toBeLessThan(-CACHE_KIB);
      plain.close();
    } finally {
      reader.close();
    }
  });

  it('compacts each finished minute into one block with its rollup, and answers series and tables from them', () => {
    h = tempHistory();
    const w = h.writer;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: base, mono: 0, reason: 'start' });
    // Three minutes of samples written 5 at a time, as the recorder does; a frame every 5 s.
    for (let t = 0; t < 180_000; t += 5000) {
      const batch = emptyBatch();
      batch.samples = [0, 1000, 2000, 3000, 4000].map((d) => storedAt(sample, base + t + d, base));
      batch.frames = [{ wall: base + t, mono: t, ncpu: 2, totalMemoryBytes: sample.memory.totalBytes, rows: table.map((row) => ({ row, cpu: row.cpu })) }];
      w.write(batch);
    }
    const db = w.db;
    const levels = db.prepare('SELECT level, count(*) AS n FROM blocks GROUP BY level ORDER BY level').all();
    // Two minutes compacted (the third is still open), twelve small blocks of the third.
    expect(levels).toEqual([{ level: 0, n: 12 }, { level: 1, n: 2 }]);
    expect(db.prepare('SELECT count(*) AS n FROM rollups WHERE tier = 1').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM rollups WHERE tier = 2').get()).toEqual({ n: 1 });

    const layouts = new Layouts(db, false);
    const raw = querySeries(db, layouts, { from: base, to: base + 180_000, maxPoints: 1000, series: ['mem.total'] }, base + 180_000);
    expect(raw.times.length).toBe(180);
    expect(raw.series[0]!.avg.every((v) => v === sample.memory.totalBytes)).toBe(true);
    const minutes = querySeries(db, layouts, { from: base, to: base + 180_000, maxPoints: 3, series: ['cpu.'] }, base + 180_000);
    expect(minutes.resolutionMs).toBe(60_000);
    expect(minutes.times).toEqual([base, base + 60_000, base + 120_000]);
    expect(minutes.series.some((s) => s.key === 'cpu.busy')).toBe(true);
    expect(minutes.gaps).toEqual([]);

    const at = queryProcessesAt(db, layouts, base + 93_000, base + 180_000);
    expect(at.resolution).toBe('frame');
    expect(Math.abs(at.frameTime - (base + 93_000))).toBeLessThanOrEqual(2500);
    expect(at.rows.length).toBe(table.length);
    const self = at.rows.find((r) => r.pid === process.pid)!;
    expect(self.cmdline).toBe(table.find((r) => r.pid === process.pid)!.cmdline);
  });

  it('stores a minute too large to share a page in pieces that do (two to a page at least), and reads all of it back', () => {
    h = tempHistory();
    const w = h.writer;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: base, mono: 0, reason: 'start' });
    // A busy minute: every series of this machine's real sample moves each second by a pseudo-random step.
    const moving = (t: number) => {
      const s = storedAt(sample, base + t, base);
      let k = 0;
      for (const [key, v] of s.values) s.values.set(key, v + (((Math.imul(t + 1, 2_654_435_761 + ++k * 40_503) >>> 0) % 1000) / 1000) * Math.max(100, Math.abs(v) * 0.2));
      // As many cores as a workstation has, each as busy as it likes.
      for (let c = 0; c < 32; c++) s.values.set(`cpu.core.${c}.busy`, ((Math.imul(t + 7, 2_246_822_519 + c * 3_266_489_917) >>> 0) % 10_000) / 100);
      return s;
    };
    for (let t = 0; t < 65_000; t += 5000) {
      const batch = emptyBatch();
      batch.samples = [0, 1000, 2000, 3000, 4000].map((d) => moving(t + d));
      w.write(batch);
    }
    const db = w.db;
    const whole = encodeBlock(Array.from({ length: 60 }, (_, i) => moving(i * 1000)), layoutOf([moving(0)]));
    const half = (4096 - 8) / 2 - 40;
    expect(whole.length).toBeGreaterThan(half);
    const stored = db.prepare<[], { n: number; bytes: number }>('SELECT count AS n, length(data) AS bytes FROM blocks WHERE level = 1').all();
    expect(stored.length).toBeGreaterThan(1);
    expect(stored.every((b) => b.bytes <= half)).toBe(true);
    expect(stored.reduce((sum, b) => sum + b.n, 0)).toBe(60);
    const series = querySeries(db, new Layouts(db, false), { from: base, to: base + 60_000, maxPoints: 1000, series: ['mem.total'] }, base + 65_000);
    expect(series.times).toEqual(Array.from({ length: 60 }, (_, i) => base + i * 1000));
    // Sizes are stored in KiB.
    expect(series.series[0]!.avg).toEqual(Array.from({ length: 60 }, (_, i) => Math.round(moving(i * 1000).values.get('mem.total')! / 1024) * 1024));
  });

  it("dates a minute's top consumers from when its recording began, not from the minute's start", () => {
    h = tempHistory();
    const w = h.writer;
    const started = base + 25_000;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: started, mono: 0, reason: 'start' });
    const batch = emptyBatch();
    const row = table.find((r) => r.pid === process.pid)!;
    batch.frames = [{ wall: base + 50_000, mono: 25_000, ncpu: 2, totalMemoryBytes: 1, rows: [{ row, cpu: row.cpu }] }];
    batch.tops = [{ start: base, uses: [{ row, cpuSeconds: 1, rssSum: row.rss, rssMax: row.rss, samples: 1, ioReadBytes: 0, ioWriteBytes: 0, seenMs: 25_000 }] }];
    w.write(batch);
    // Far from the one frame: only the minute's top consumers answer, dated when the recording began.
    const at = queryProcessesAt(w.db, new Layouts(w.db, false), base + 5000, base + 60_000);
    expect(at.resolution).toBe('top-per-minute');
    expect(at.frameTime).toBe(started);
    expect(at.rows.map((r) => r.pid)).toEqual([process.pid]);
  });

  it('after a crash, the open minutes are compacted and the segment is closed where its data ends', () => {
    h = tempHistory();
    const w = h.writer;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: base, mono: 0, reason: 'start' });
    const batch = emptyBatch();
    batch.samples = [0, 1000, 2000].map((d) => storedAt(sample, base + d, base));
    w.write(batch);
    recoverAfterCrash(w.db, w.layouts);
    expect(w.db.prepare('SELECT level FROM blocks').all()).toEqual([{ level: 1 }]);
    expect(w.db.prepare('SELECT ended_wall, end_reason FROM segments').get()).toEqual({ ended_wall: base + 2000, end_reason: null });
  });

  it('prunes raw data after a day, everything after the retention, and the oldest first above the size cap', () => {
    h = tempHistory();
    const w = h.writer;
    const day = 86_400_000;
    const start = base - 3 * day;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: start, mono: 0, reason: 'start' });
    // One minute of samples every hour for three days, with a frame each.
    for (let t = start; t < base; t += 3_600_000) {
      for (let m = 0; m < 60_000; m += 10_000) {
        const batch = emptyBatch();
        batch.samples = Array.from({ length: 10 }, (_, i) => storedAt(sample, t + m + i * 1000, start));
        batch.frames = [{ wall: t + m, mono: 0, ncpu: 2, totalMemoryBytes: 1, rows: table.slice(0, 20).map((row) => ({ row, cpu: row.cpu })) }];
        w.write(batch);
      }
    }
    const db = w.db;
    prune(db, { now: base, retentionMs: 2 * day, maxBytes: 1 << 30 });
    const oldestBlock = db.prepare('SELECT min(first_wall) AS v FROM blocks').get() as { v: number };
    expect(oldestBlock.v).toBeGreaterThanOrEqual(base - RAW_KEEP_MS);
    const oldestRollup = db.prepare('SELECT min(start_wall) AS v FROM rollups').get() as { v: number };
    expect(oldestRollup.v).toBeGreaterThanOrEqual(base - 2 * day - 600_000);
    expect(oldestRollup.v).toBeLessThan(base - RAW_KEEP_MS);
    const firstFrame = db.prepare('SELECT key FROM frames ORDER BY id LIMIT 1').get() as { key: number };
    expect(firstFrame.key).toBe(1);

    const before = usedBytes(db);
    const cap = Math.floor(before / 2);
    const result = prune(db, { now: base, retentionMs: 7 * day, maxBytes: cap });
    expect(result.bytes).toBeLessThanOrEqual(cap);
    expect(result.cutBefore).not.toBeNull();
    // The newest data stays.
    expect((db.prepare('SELECT max(last_wall) AS v FROM blocks').get() as { v: number }).v).toBeGreaterThan(base - 3_600_000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    h.writer.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(h.path).size).toBeLessThan(before * 1.2);
  });

  it('a write the database refuses leaves nothing half-written', () => {
    h = tempHistory();
    const w = h.writer;
    w.startSegment({ bootId: 'b', intervalMs: 1000, wall: base, mono: 0, reason: 'start' });
    const batch = emptyBatch();
    batch.samples = [storedAt(sample, base, base)];
    batch.frames = [{ wall: base, mono: 0, ncpu: 2, totalMemoryBytes: 1, rows: table.map((row) => ({ row, cpu: row.cpu })) }];
    // A NaN wall cannot be stored as an integer column's value… make the event insert fail instead.
    batch.events = [{ wall: base, kind: 'recording', pid: null, summary: null as unknown as string }];
    expect(() => w.write(batch)).toThrow();
    const count = (table: string) => (w.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('blocks'), count('frames'), count('procs'), count('events')]).toEqual([0, 0, 0, 0]);
    // The next frame is a keyframe with fresh ids.
    batch.events = [];
    w.write(batch);
    expect(w.db.prepare('SELECT key FROM frames').all()).toEqual([{ key: 1 }]);
    expect(count('procs')).toBe(table.length);
    const reread = new Database(h.path, { readonly: true });
    expect(reread.pragma('integrity_check', { simple: true })).toBe('ok');
    reread.close();
  });
});
