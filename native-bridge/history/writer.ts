import type Database from 'better-sqlite3';
import type { HistoryEventKind } from '../contract/history.js';
import type { ProcessRow } from '../contract/processes.js';
import { encodeFrame, type FrameRow } from './frame-codec.js';
import { FrameBuilder } from './frame-builder.js';
import { Layouts } from './layouts.js';
import { Texts } from './texts.js';
import { compactMinute, MINUTE } from './minute-compaction.js';
import { encodeBlock, layoutOf, type StoredSample } from './sample-codec.js';
import { rowKey, type TopMinute } from './table-tracker.js';
import { encodeTop } from './top-codec.js';

/** The process table at one moment, as the recorder captured it (CPU averaged over the frame's interval). */
export interface PendingFrame {
  wall: number;
  mono: number;
  ncpu: number;
  totalMemoryBytes: number;
  rows: Array<{ row: ProcessRow; cpu: number }>;
}

export interface NewEvent {
  wall: number;
  kind: HistoryEventKind;
  pid: number | null;
  summary: string;
}

/** Everything gathered since the last write; written in one transaction or not at all. */
export interface Batch {
  samples: StoredSample[];
  frames: PendingFrame[];
  tops: TopMinute[];
  events: NewEvent[];
  /** Processes that left the table (their recorded lifetime ends there). */
  gone: Array<{ key: string; wall: number }>;
  /** Small facts to remember across runs (the audit log's newest entry taken). */
  meta: Array<[string, string]>;
}

export const emptyBatch = (): Batch => ({ samples: [], frames: [], tops: [], events: [], gone: [], meta: [] });

export const batchIsEmpty = (b: Batch): boolean =>
  b.samples.length + b.frames.length + b.tops.length + b.events.length + b.gone.length + b.meta.length === 0;

export interface SegmentStart {
  bootId: string;
  intervalMs: number;
  wall: number;
  mono: number;
  reason: 'start' | 'resume' | 'clock' | 'after-disk-full';
}

export type SegmentEnd = 'stop' | 'suspend' | 'clock' | 'disk-full';

interface Identity {
  id: number;
  name: string;
  cmdline: string;
}

/**
 * The only code that writes the history. Each batch is one transaction; state that depends on what is in
 * the file (process ids, what the last frame held, cached layouts) moves forward only after the commit, and
 * is reset after a refused one, so a full disk or a crash can never leave a frame pointing at nothing.
 */
export class HistoryWriter {
  readonly layouts: Layouts;
  private readonly texts: Texts;
  private readonly frames = new FrameBuilder();
  private identities = new Map<string, Identity>();
  /** Processes gone from the table, kept until the minute they were last seen in has been written. */
  private retired = new Map<string, Identity & { wall: number }>();
  private openMinutes = new Set<number>();
  private segment: number | null = null;
  private readonly insertBlock: Database.Statement;
  private readonly insertFrame: Database.Statement;
  private readonly insertProc: Database.Statement;
  private readonly insertTop: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly touchSegment: Database.Statement;
  private readonly endProc: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.layouts = new Layouts(db, true);
    this.texts = new Texts(db);
    this.insertBlock = db.prepare('INSERT INTO blocks (segment, level, first_wall, last_wall, count, layout, data) VALUES (?, 0, ?, ?, ?, ?, ?)');
    this.insertFrame = db.prepare('INSERT INTO frames (segment, wall, mono, key, data) VALUES (?, ?, ?, ?, ?)');
    this.insertProc = db.prepare('INSERT INTO procs (pid, start_time, started_at, ppid, uid, user, name, cmd, first_wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertTop = db.prepare('INSERT OR REPLACE INTO top_minutes (start_wall, segment, data) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare('INSERT INTO events (wall, kind, pid, summary) VALUES (?, ?, ?, ?)');
    this.touchSegment = db.prepare('UPDATE segments SET last_wall = max(coalesce(last_wall, 0), ?) WHERE id = ?');
    this.endProc = db.prepare('UPDATE procs SET last_wall = ? WHERE id = ?');
  }

  meta(key: string): string | null {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
  }

  get currentSegment(): number | null {
    return this.segment;
  }

  startSegment(start: SegmentStart): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO segments (boot_id, pid, interval_ms, started_wall, started_mono, start_reason) VALUES (?, ?, ?, ?, ?, ?)')
        .run(start.bootId, process.pid, start.intervalMs, start.wall, Math.round(start.mono), start.reason).lastInsertRowid,
    );
    this.segment = id;
    this.frames.reset();
    this.openMinutes = new Set();
    return id;
  }

  /**
   * Closes the current segment: its open minute is compacted and the reason kept for the gap after it.
   * Process identities outlive a suspend or a clock change (the same processes go on), not a stop.
   */
  endSegment(reason: SegmentEnd, wall: number): void {
    const segment = this.segment;
    if (segment === null) return;
    this.db.transaction(() => {
      for (const minute of this.openMinutes) compactMinute(this.db, this.layouts, segment, minute);
      this.db.prepare('UPDATE segments SET ended_wall = coalesce(last_wall, started_wall), end_reason = ? WHERE id = ?').run(reason, segment);
      // Processes still running when recording stops were last seen now.
      if (reason === 'stop') this.db.prepare('UPDATE procs SET last_wall = ? WHERE last_wall IS NULL').run(Math.round(wall));
    })();
    this.openMinutes = new Set();
    if (reason === 'stop') {
      this.identities = new Map();
      this.retired = new Map();
    }
    this.segment = null;
  }

  write(batch: Batch): void {
    const segment = this.segment;
    if (segment === null) throw new Error('no recording segment is open');
    const committed: Array<() => void> = [];
    const added: string[] = [];
    try {
      this.db.transaction(() => {
        for (const e of batch.events) this.insertEvent.run(Math.round(e.wall), e.kind, e.pid, e.summary);
        for (const [key, value] of batch.meta) this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
        this.writeSamples(segment, batch.samples);
        for (const frame of batch.frames) committed.push(this.writeFrame(segment, frame, added));
        for (const top of batch.tops) this.writeTop(segment, top, added);
        for (const { key, wall } of batch.gone) {
          const identity = this.identities.get(key);
          if (identity) this.endProc.run(Math.round(wall), identity.id);
        }
      })();
    } catch (error) {
      // Nothing of it is in the file: forget the ids it made and start the next frames from a keyframe.
      for (const key of added) this.identities.delete(key);
      this.layouts.forget();
      this.texts.forget();
      this.frames.reset();
      throw error;
    }
    for (const done of committed) done();
    for (const { key, wall } of batch.gone) {
      const identity = this.identities.get(key);
      if (!identity) continue;
      this.identities.delete(key);
      this.retired.set(key, { ...identity, wall });
    }
  }

  private writeSamples(segment: number, samples: readonly StoredSample[]): void {
    if (samples.length === 0) return;
    // The recorder flushes at each minute's end, so a block never spans two minutes.
    const minute = Math.floor(samples[0]!.wall / MINUTE) * MINUTE;
    for (const open of [...this.openMinutes]) {
      if (open < minute) {
        compactMinute(this.db, this.layouts, segment, open);
        this.openMinutes.delete(open);
      }
    }
    const keys = layoutOf(samples);
    const first = samples[0]!.wall;
    const last = samples[samples.length - 1]!.wall;
    this.insertBlock.run(segment, Math.round(first), Math.round(last), samples.length, this.layouts.idOf(keys), encodeBlock(samples, keys));
    this.touchSegment.run(Math.round(last), segment);
    this.openMinutes.add(minute);
  }

  private identityOf(row: ProcessRow, wall: number, added: string[]): Identity {
    const key = rowKey(row);
    let identity = this.identities.get(key) ?? this.retired.get(key);
    if (!identity) {
      const id = Number(
        this.insertProc.run(row.pid, row.startTime, Math.round(row.startedAt), row.ppid, row.uid, row.user, row.name, this.texts.idOf(row.cmdline), Math.round(wall)).lastInsertRowid,
      );
      identity = { id, name: row.name, cmdline: row.cmdline };
      this.identities.set(key, identity);
      added.push(key);
    }
    return identity;
  }

  private writeFrame(segment: number, pending: PendingFrame, added: string[]): () => void {
    const rows = pending.rows.map(({ row, cpu }): FrameRow => {
      const identity = this.identityOf(row, pending.wall, added);
      const frameRow: FrameRow = {
        id: identity.id,
        state: row.state,
        cpu,
        cpuTime: row.cpuTime,
        rss: row.rss,
        shared: row.shared,
        vsize: row.vsize,
        swap: row.swap,
        threads: row.threads,
        nice: row.nice,
        priority: row.priority,
        ioReadPerSec: row.ioReadPerSec,
        ioWritePerSec: row.ioWritePerSec,
      };
      if (row.name !== identity.name) frameRow.name = row.name;
      if (row.cmdline !== identity.cmdline) frameRow.cmdline = row.cmdline;
      return frameRow;
    });
    const frame = this.frames.build(pending.wall, rows, { ncpu: pending.ncpu, totalMemoryBytes: pending.totalMemoryBytes });
    this.insertFrame.run(segment, Math.round(pending.wall), Math.round(pending.mono), frame.key ? 1 : 0, encodeFrame(frame));
    this.touchSegment.run(Math.round(pending.wall), segment);
    return () => this.frames.commit(pending.wall, frame);
  }

  private writeTop(segment: number, top: TopMinute, added: string[]): void {
    const uses = top.uses.map((u) => ({
      id: this.identityOf(u.row, top.start, added).id,
      cpuSeconds: u.cpuSeconds,
      rssAvg: u.samples ? u.rssSum / u.samples : 0,
      rssMax: u.rssMax,
      ioReadBytes: u.ioReadBytes,
      ioWriteBytes: u.ioWriteBytes,
      seenMs: u.seenMs,
    }));
    this.insertTop.run(top.start, segment, encodeTop(uses));
    for (const [key, gone] of this.retired) if (gone.wall < top.start) this.retired.delete(key);
  }
}
