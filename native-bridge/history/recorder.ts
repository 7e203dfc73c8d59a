import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { Unsubscribe } from '../contract/define.js';
import type { FindingsReport } from '../contract/findings.js';
import type { ProcessTableMessage } from '../contract/processes.js';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { formatDuration, formatTimestamp } from '../common/format/index.js';
import { bootId, monoNow, timeJump } from './clock.js';
import { AuditTail, FindingEvents, type AuditSource } from './event-sources.js';
import { diskFullSentence, freeBytes } from './free-space.js';
import { acquireLock } from './lock.js';
import { prune, recoverAfterCrash } from './maintenance.js';
import { damagedNotice, isDamage, isDiskFull, moveAside, openWriter } from './open-db.js';
import { flattenSample } from './series-keys.js';
import type { StoredSample } from './sample-codec.js';
import { rowKey, TableTracker } from './table-tracker.js';
import { batchIsEmpty, emptyBatch, HistoryWriter, type Batch, type NewEvent, type PendingFrame, type SegmentEnd, type SegmentStart } from './writer.js';

/** The backend's shared feeds: the recorder never samples on its own. */
export interface RecorderSources {
  systemMetrics(listener: (message: MetricsMessage) => void): Unsubscribe;
  processTable(listener: (message: ProcessTableMessage) => void, fail: (error: unknown) => void): Unsubscribe;
  findings?(listener: (report: FindingsReport) => void): Unsubscribe;
  audit?: AuditSource;
  /** Top consumers that started or ended, as the backend's watch notes them (dated at the start or the end). */
  processChanges?(listener: (changes: Array<{ time: number; pid: number; title: string }>) => void): Unsubscribe;
}

export interface RecorderOptions {
  dbPath: string;
  lockPath: string;
  sources: RecorderSources;
  retentionMs: number;
  maxBytes: number;
  /** The sampling interval (for the segment's record and gap detection). */
  intervalMs: () => number;
  /** Writes are batched this long (the most a kill -9 can lose), ms. */
  flushMs?: number;
  /** A process frame this often, ms. */
  frameMs?: number;
  maintenanceMs?: number;
  /** The first maintenance after start (default 30 s: start-up stays quick). */
  firstMaintenanceMs?: number;
  /** Free space below which a paused recorder does not try again, bytes. */
  resumeFreeBytes?: number;
  onNotice?: (sentence: string) => void;
  /** The monotonic clock (tests that replay a suspend or a clock change drive their own). */
  mono?: () => number;
}

export type StartResult = { ok: true } | { ok: false; reason: string; ownerPid?: number };

const FRAME_MS = 5000;
const AUDIT_META = 'audit.last';
/** The table and event feeds start after the first sample is written, or after this long without one. */
const REST_AFTER_MS = 2000;

/**
 * Records the shared feeds into the history database: system samples as they come, a process frame every
 * few seconds, each minute's top consumers, findings and audited actions as events. Everything gathered is
 * written in one transaction per flush. A full disk pauses it (and it resumes by itself), a damaged file is
 * moved aside once, a second recorder is refused, and suspend or a clock change starts a new segment.
 */
export class Recorder {
  private writer: HistoryWriter | null = null;
  private releaseLock: (() => void) | null = null;
  private readonly tracker = new TableTracker();
  private batch: Batch = emptyBatch();
  private lastSample: { wall: number; mono: number; uptime: number } | null = null;
  private lastFrame: { wall: number; mono: number; cpuTimes: Map<string, number> } | null = null;
  private subscriptions: Unsubscribe[] = [];
  private timers: NodeJS.Timeout[] = [];
  private audit: AuditTail | null = null;
  private readonly findings = new FindingEvents();
  private pausedReason: string | null = null;
  private stoppedReason: string | null = null;
  private since: number | null = null;
  private failures = 0;
  private movedAside = false;
  private firstFlushDone = false;
  private restSubscribed = false;

  private readonly mono: () => number;

  constructor(private readonly options: RecorderOptions) {
    this.mono = options.mono ?? monoNow;
  }

  get recording(): boolean {
    return this.writer !== null;
  }

  get paused(): string | null {
    return this.pausedReason;
  }

  /** Why it stopped by itself (a damaged file twice, repeated errors), when it did. */
  get stopped(): string | null {
    return this.stoppedReason;
  }

  get startedAt(): number | null {
    return this.since;
  }

  start(): StartResult {
    try {
      mkdirSync(dirname(this.options.lockPath), { recursive: true, mode: 0o700 });
    } catch (error) {
      return { ok: false, reason: `The history cannot be recorded in ${dirname(this.options.lockPath)}: ${(error as Error).message}` };
    }
    const lock = acquireLock(this.options.lockPath);
    if (!lock.ok) {
      return {
        ok: false,
        ownerPid: lock.owner.pid,
        reason: `Another Triage (pid ${lock.owner.pid}) records the history already (lock ${this.options.lockPath}).`,
      };
    }
    this.releaseLock = lock.release;
    try {
      this.open();
    } catch (error) {
      this.releaseLock();
      this.releaseLock = null;
      return { ok: false, reason: `The history database ${this.options.dbPath} could not be opened: ${(error as Error).message}` };
    }
    const { sources } = this.options;
    if (sources.audit) this.audit = new AuditTail(sources.audit, this.writer!.meta(AUDIT_META));
    this.subscriptions.push(sources.systemMetrics((m) => this.onMetrics(m)));
    // The other feeds start once the first sample is in the file (their first reads, the whole process table
    // and the findings' first checks, took longer than that write); without a sample soon, they start anyway.
    const rest = setTimeout(() => this.subscribeRest(), REST_AFTER_MS);
    const flush = setInterval(() => this.flush(), this.options.flushMs ?? FRAME_MS);
    const maintenance = setInterval(() => this.maintain(), this.options.maintenanceMs ?? 600_000);
    const firstMaintenance = setTimeout(() => this.maintain(), this.options.firstMaintenanceMs ?? 30_000);
    for (const t of [rest, flush, maintenance, firstMaintenance]) t.unref?.();
    this.timers.push(rest, flush, maintenance, firstMaintenance);
    return { ok: true };
  }

  stop(): void {
    for (const stop of this.subscriptions) stop();
    this.subscriptions = [];
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.writer) {
      this.tracker.closeMinute();
      this.batch.tops.push(...this.tracker.takeFinishedMinutes());
      this.queue([{ wall: Date.now(), kind: 'recording', pid: process.pid, summary: `Recording stopped (pid ${process.pid}).` }]);
      this.flush();
      try {
        if (!this.pausedReason) this.writer.endSegment('stop', this.lastSample?.wall ?? Date.now());
      } catch (error) {
        this.options.onNotice?.(`The history could not be closed cleanly: ${(error as Error).message}`);
      }
      this.writer.db.close();
      this.writer = null;
    }
    this.releaseLock?.();
    this.releaseLock = null;
  }

  /** Runs retention, downsampling and the size cap now (the recorder does it every few minutes by itself). */
  maintain(now: number = Date.now()): void {
    if (!this.writer || this.pausedReason) return;
    try {
      prune(this.writer.db, { now, retentionMs: this.options.retentionMs, maxBytes: this.options.maxBytes });
      this.writer.forgetCaches();
    } catch (error) {
      this.failed(error);
    }
  }

  private open(): void {
    const { db, notice } = openWriter(this.options.dbPath);
    this.attach(db);
    if (notice) this.announce(notice);
  }

  private attach(db: Database.Database): void {
    const writer = new HistoryWriter(db);
    recoverAfterCrash(db, writer.layouts);
    this.writer = writer;
    this.beginSegment('start', Date.now(), this.mono());
    this.queue([{ wall: Date.now(), kind: 'recording', pid: process.pid, summary: `Recording started (pid ${process.pid}).` }]);
  }

  private beginSegment(reason: SegmentStart['reason'], wall: number, mono: number): void {
    this.writer!.startSegment({ bootId: bootId(), intervalMs: this.options.intervalMs(), wall, mono, reason });
    this.since ??= wall;
    this.lastFrame = null;
    this.firstFlushDone = false;
  }

  private announce(sentence: string, kind: NewEvent['kind'] = 'recording'): void {
    this.options.onNotice?.(sentence);
    this.queue([{ wall: Date.now(), kind, pid: null, summary: sentence }]);
  }

  private queue(events: NewEvent[]): void {
    if (events.length > 0 && this.writer && !this.pausedReason) this.batch.events.push(...events);
  }

  private subscribeRest(): void {
    if (this.restSubscribed || !this.writer) return;
    this.restSubscribed = true;
    const { sources } = this.options;
    this.subscribeTable();
    if (sources.findings) this.subscriptions.push(sources.findings((r) => this.queue(this.findings.take(r))));
    if (sources.processChanges) {
      this.subscriptions.push(sources.processChanges((changes) => this.queue(changes.map((c) => ({ wall: c.time, kind: 'process', pid: c.pid, summary: c.title })))));
    }
  }

  private subscribeTable(): void {
    const stop = this.options.sources.processTable(
      (m) => this.onTable(m),
      () => {
        // The table feed failed (no /proc?): try again later rather than never.
        const retry = setTimeout(() => this.writer && this.subscribeTable(), 30_000);
        retry.unref?.();
        this.timers.push(retry);
      },
    );
    this.subscriptions.push(stop);
  }

  private onMetrics(message: MetricsMessage): void {
    // The ring's history (sampled before recording began) has no monotonic time: only new samples count.
    if (message.kind !== 'sample' || !this.writer || this.pausedReason) return;
    this.onSample(message.sample, this.mono());
  }

  private onSample(sample: SystemSample, mono: number): void {
    const next = { wall: sample.time, mono, uptime: sample.uptimeSec * 1000 };
    const prev = this.lastSample;
    if (prev) {
      const jump = timeJump(prev, next);
      if (jump.kind === 'suspend') {
        this.newSegment('suspend', 'resume', next, {
          kind: 'suspend',
          summary: `The machine was suspended for ${formatDuration(jump.sleptMs)} (from ${formatTimestamp(prev.wall)}).`,
        });
      } else if (jump.kind === 'clock') {
        const by = formatDuration(Math.abs(jump.shiftMs));
        this.newSegment('clock', 'clock', next, {
          kind: 'clock',
          summary: jump.shiftMs < 0 ? `The clock was set back by ${by}.` : `The clock was set forward by ${by}.`,
        });
      }
      // A block never spans two minutes: the writer compacts whole minutes.
      const last = this.batch.samples[this.batch.samples.length - 1];
      if (last && Math.floor(last.wall / 60_000) !== Math.floor(next.wall / 60_000)) this.flush();
    }
    this.lastSample = next;
    const stored: StoredSample = { ...next, values: flattenSample(sample) };
    this.batch.samples.push(stored);
    // Recording shows at once: the first sample of a segment is written without waiting for the batch.
    if (!this.firstFlushDone) this.flush();
  }

  private newSegment(end: SegmentEnd, start: SegmentStart['reason'], at: { wall: number; mono: number }, event: Pick<NewEvent, 'kind' | 'summary'>): void {
    this.flush();
    if (!this.writer || this.pausedReason) return;
    try {
      this.writer.endSegment(end, this.lastSample?.wall ?? at.wall);
      this.beginSegment(start, at.wall, at.mono);
    } catch (error) {
      this.failed(error);
      return;
    }
    this.queue([{ wall: at.wall, pid: null, ...event }]);
  }

  private onTable(message: ProcessTableMessage): void {
    if (!this.writer) return;
    this.tracker.apply(message);
    if (this.pausedReason) return;
    if (message.kind === 'delta') for (const k of message.removed) this.batch.gone.push({ key: rowKey(k), wall: message.time });
    this.batch.tops.push(...this.tracker.takeFinishedMinutes());
    const frameMs = this.options.frameMs ?? FRAME_MS;
    const mono = this.mono();
    // A little early counts: refreshes arrive every interval, give or take the sampling time.
    if (this.lastFrame && message.time - this.lastFrame.wall < frameMs - 250 && message.time >= this.lastFrame.wall) return;
    this.batch.frames.push(this.captureFrame(message.time, mono));
  }

  /** The table now, with each process's CPU averaged over the time since the previous frame (from its CPU time). */
  private captureFrame(wall: number, mono: number): PendingFrame {
    const prev = this.lastFrame;
    const seconds = prev ? (mono - prev.mono) / 1000 : 0;
    const cpuTimes = new Map<string, number>();
    const rows: PendingFrame['rows'] = [];
    for (const [key, row] of this.tracker.rows) {
      cpuTimes.set(key, row.cpuTime);
      const before = prev?.cpuTimes.get(key);
      const cpu = before !== undefined && seconds > 0 ? Math.max(0, ((row.cpuTime - before) / seconds) * 100) : row.cpu;
      rows.push({ row, cpu });
    }
    this.lastFrame = { wall, mono, cpuTimes };
    return { wall, mono, ncpu: this.tracker.ncpu, totalMemoryBytes: this.tracker.totalMemoryBytes, rows };
  }

  /** Writes what was gathered (one transaction); a paused recorder tries to resume instead. */
  flush(): void {
    if (!this.writer) return;
    if (this.pausedReason) {
      this.tryResume();
      return;
    }
    if (this.audit) {
      try {
        const fresh = this.audit.poll();
        if (fresh) {
          this.batch.events.push(...fresh.events);
          this.batch.meta.push([AUDIT_META, fresh.lastTime]);
        }
      } catch (error) {
        this.options.onNotice?.(`The audit log could not be read for the history: ${(error as Error).message}`);
      }
    }
    if (batchIsEmpty(this.batch)) return;
    const batch = this.batch;
    this.batch = emptyBatch();
    try {
      this.writer.write(batch);
      this.failures = 0;
      if (batch.samples.length > 0) this.firstFlushDone = true;
    } catch (error) {
      this.failed(error);
    }
    if (this.firstFlushDone) this.subscribeRest();
  }

  private failed(error: unknown): void {
    if (isDiskFull(error)) {
      this.pause();
      return;
    }
    if (isDamage(error)) {
      this.recoverFromDamage(error);
      return;
    }
    this.failures++;
    this.options.onNotice?.(`The history could not be written: ${(error as Error).message}`);
    if (this.failures >= 3) this.giveUp(`Recording stopped after repeated errors: ${(error as Error).message}`);
  }

  private pause(): void {
    const dir = dirname(this.options.dbPath);
    this.pausedReason = diskFullSentence(dir, freeBytes(dir));
    this.batch = emptyBatch();
    this.options.onNotice?.(this.pausedReason);
  }

  private tryResume(): void {
    const writer = this.writer!;
    const free = freeBytes(dirname(this.options.dbPath));
    if (free !== null && free < (this.options.resumeFreeBytes ?? 4 * 1024 * 1024)) return;
    const pausedAt = this.lastSample?.wall ?? Date.now();
    try {
      writer.endSegment('disk-full', pausedAt);
      this.beginSegment('after-disk-full', Date.now(), this.mono());
    } catch (error) {
      if (isDiskFull(error)) return;
      this.pausedReason = null;
      this.failed(error);
      return;
    }
    this.pausedReason = null;
    this.lastSample = null;
    this.announce(`Recording resumed: the disk has space again (paused since ${formatTimestamp(pausedAt)}).`, 'disk-full');
  }

  /** A file damaged while recording: moved aside once and a new one started; a second time, recording stops. */
  private recoverFromDamage(error: unknown): void {
    const writer = this.writer!;
    try {
      writer.db.close();
    } catch {
      // closing a damaged file may fail too
    }
    this.writer = null;
    if (this.movedAside) {
      this.giveUp(`Recording stopped: the new history database ${this.options.dbPath} was damaged too (${(error as Error).message}).`);
      return;
    }
    this.movedAside = true;
    try {
      const aside = moveAside(this.options.dbPath);
      const notice = damagedNotice(this.options.dbPath, aside, error);
      const { db } = openWriter(this.options.dbPath);
      this.batch = emptyBatch();
      this.lastSample = null;
      this.attach(db);
      this.announce(notice);
    } catch (again) {
      this.giveUp(`Recording stopped: the history database ${this.options.dbPath} could not be replaced (${(again as Error).message}).`);
    }
  }

  private giveUp(reason: string): void {
    this.stoppedReason = reason;
    this.options.onNotice?.(reason);
    for (const stop of this.subscriptions) stop();
    this.subscriptions = [];
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    try {
      this.writer?.db.close();
    } catch {
      // already unusable
    }
    this.writer = null;
    this.releaseLock?.();
    this.releaseLock = null;
  }
}
