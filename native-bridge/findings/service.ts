import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { FindingsContract, FindingsReport, RuleId } from '../contract/findings.js';
import type { Implementation } from '../contract/define.js';
import type { Filesystem } from '../contract/netfiles.js';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import { applyTableMessage } from '../common/processes-delta.js';
import type { MetricsMessage, SystemSample } from '../contract/system.js';
import { FindingsEngine } from './engine.js';
import type { KernelEvent } from './kernel-log.js';
import type { LogReading } from './log-growth/log-watch.js';
import { bootTimeMs, KmsgReader } from './kmsg-reader.js';
import type { CrashReading, LeakReading, Observation, Unavailable } from './observation.js';
import { EVENT_WINDOW_MS, type RuleThresholds } from './thresholds.js';
import type { HardwareReading } from './hardware/types.js';
import type { ClockStatus } from './system-state/clock.js';
import type { UnitsReading } from './system-state/systemd.js';
import { SERIES_POINTS } from './rules/rule.js';
import { RESTART_WINDOW_MS } from './rules/system-state.js';
import { StateSightings } from './watch-state.js';
import type { SocketReading } from '../shared/socket-reading.js';

/** What the engine watches: the backend's shared feeds, never a sampler of its own. */
export interface FindingsSources {
  systemMetrics(listener: (message: MetricsMessage) => void): Unsubscribe;
  processTable(listener: (message: ProcessTableMessage) => void, fail: (error: unknown) => void): Unsubscribe;
  filesystems(): Promise<Filesystem[]>;
  /** Kernel-log events of the last hour, or why the log cannot be read. */
  kernelEvents(): KernelEvent[] | Unavailable;
  /** Thermal zones, throttle counters, CPU speed, power profile and batteries, read now (sysfs). */
  hardware(now: number): HardwareReading;
  /** Whether the clock is synchronised, or why that cannot be known here. */
  clock(): Promise<ClockStatus | Unavailable>;
  /** Failed units and restart counts, or why they cannot be read (no systemd). */
  units(now: number): Promise<UnitsReading | Unavailable>;
  /** Processes growing steadily, judged by the memory capability (asking keeps its sampler running). */
  leaks(): Promise<LeakReading>;
  /** Socket counts per owner, one reading per tick of the network live view (subscribing keeps it running). */
  sockets(listener: (reading: SocketReading) => void, fail: (error: unknown) => void): Unsubscribe;
  /**
   * Which log files grew and how fast, as of `now` (the source reads sizes at its own slower pace); the writer
   * of a file growing at least `writersAbove` bytes/s is looked for.
   */
  logs(now: number, writersAbove: number): LogReading;
  /** Crash reports of the last hour; the source searches again only where something changed. */
  crashes(now: number): Promise<CrashReading>;
}

export interface FindingsServiceOptions {
  sources: FindingsSources;
  /** Read at every evaluation, so a change made in settings is judged with at the next tick. */
  thresholds: () => Readonly<Record<RuleId, RuleThresholds>>;
  /** Keep watching this long after the last `findings.current` when nobody streams. */
  idleStopMs?: number;
  /** How often to judge while only background listeners (the recorder) want reports, ms (default 5 s). */
  backgroundEveryMs?: number;
  /** How often a page is sent a report whose content did not change, ms (default 10 s). */
  pageUnchangedEveryMs?: number;
  now?: () => number;
}

/**
 * System samples kept for the rules: their windows are 10 s and their sparklines the last SERIES_POINTS samples.
 * (Five minutes of them, 300 at 1 Hz, held ~0.6 MiB more of the backend, the charts' ring keeping its own.)
 */
const SYSTEM_SAMPLES_KEPT = SERIES_POINTS;
const SYSTEM_WINDOW_MS = 5 * 60_000;
/** The pace of judging for records alone: the process table's pace for consumers nobody looks at. */
const BACKGROUND_EVERY_MS = 5_000;
/**
 * A page is sent a report when anything in it but its time changed, and at least this often otherwise (so a
 * finding's "since … (for …)" keeps counting): on a quiet machine the ~4-7 KB report is otherwise the same
 * every second, and each copy costs a send, a parse and a validation in every page.
 */
const PAGE_UNCHANGED_EVERY_MS = 10_000;
const FILESYSTEMS_EVERY_MS = 15_000;
/** sysfs reads grow with the CPU count (a few files per CPU): every 5 s is enough for heat and batteries. */
const HARDWARE_EVERY_MS = 5_000;
const HARDWARE_WINDOW_MS = 2 * 60_000;
/** The clock's state changes rarely; asking costs a program start. */
const CLOCK_EVERY_MS = 60_000;
/** Two systemctl runs: often enough that a 30 s doctor sees a restart count rise. */
const UNITS_EVERY_MS = 15_000;
/** The memory sampler samples every process at its own pace; its ranking is asked for this often. */
const LEAKS_EVERY_MS = 5_000;
/** Socket counts kept for "rose from … to …" and the small chart. */
const SOCKETS_WINDOW_MS = 5 * 60_000;
/** Crash folders are looked at twice a minute (a stat each; searched again only when one changed). */
const CRASHES_EVERY_MS = 30_000;

export type FindingsService = ReturnType<typeof createFindingsService>;

export function createFindingsService(options: FindingsServiceOptions) {
  const now = options.now ?? Date.now;
  const idleStopMs = options.idleStopMs ?? 120_000;
  const backgroundEveryMs = options.backgroundEveryMs ?? BACKGROUND_EVERY_MS;
  /** Each page's stream, and whether it shows only a summary (counts and severity). */
  const listeners = new Map<StreamSink<FindingsReport>, { summary: boolean }>();
  const background = new Set<(report: FindingsReport) => void>();
  let watching: Watch | null = null;
  let idleTimer: NodeJS.Timeout | null = null;

  const nobodyListens = (): boolean => listeners.size === 0 && background.size === 0;
  // Someone reading the findings (their page, doctor) gets a judgement per sample; records and summaries alone
  // (the navigation badge on every other page) one every few seconds.
  const paceMs = (): number => {
    for (const listener of listeners.values()) if (!listener.summary) return 0;
    return backgroundEveryMs;
  };

  const pageCopy = new PageCopy(options.pageUnchangedEveryMs ?? PAGE_UNCHANGED_EVERY_MS);

  function ensureWatching(): Watch {
    watching ??= new Watch(options, now, paceMs, (report) => {
      // Compared only while a page listens: the recorder alone never pays for the copy check.
      if (listeners.size > 0 && pageCopy.due(report)) for (const sink of listeners.keys()) sink.next(report);
      for (const listener of background) listener(report);
    });
    return watching;
  }

  function stopWhenIdle(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (nobodyListens()) {
        watching?.close();
        watching = null;
      }
    }, idleStopMs);
    idleTimer.unref?.();
  }

  const implementation: Implementation<FindingsContract> = {
    'findings.current': async () => {
      const watch = ensureWatching();
      if (nobodyListens()) stopWhenIdle();
      return watch.freshReport();
    },
    'findings.stream': ({ summary }, sink) => {
      // A page opening while only the recorder listened must not start from a report seconds old.
      const first = ensureWatching().freshReport();
      listeners.set(sink, { summary: summary === true });
      sink.next(first);
      pageCopy.sent(first);
      return () => {
        listeners.delete(sink);
        if (nobodyListens()) stopWhenIdle();
      };
    },
  };
  return {
    implementation,
    /**
     * Outside the contract: reports for a listener inside the backend that keeps records (the recorder), not a
     * page. While only such listeners want reports, the rules are judged every `backgroundEveryMs` instead of at
     * every sample: the samples in between still count (the rules average over windows of 10 s and more, and
     * their minimum and clear durations are in time), so a finding appears or goes at most that much later.
     */
    watchInBackground(listener: (report: FindingsReport) => void): Unsubscribe {
      const watch = ensureWatching();
      background.add(listener);
      listener(watch.report());
      return () => {
        background.delete(listener);
        if (nobodyListens()) stopWhenIdle();
      };
    },
    /** Judges again now (after the thresholds changed), so subscribers see the new verdicts without waiting a tick. */
    rejudge() {
      watching?.rejudge();
    },
    close() {
      if (idleTimer) clearTimeout(idleTimer);
      watching?.close();
      watching = null;
      listeners.clear();
      background.clear();
    },
  };
}

/** Whether a report is news to the pages: its content changed, or the last copy they got is old. */
class PageCopy {
  private content = '';
  private at = Number.NEGATIVE_INFINITY;
  constructor(private readonly unchangedEveryMs: number) {}

  due(report: FindingsReport): boolean {
    const content = contentOf(report);
    if (content === this.content && report.time - this.at < this.unchangedEveryMs) return false;
    this.sent(report, content);
    return true;
  }

  sent(report: FindingsReport, content = contentOf(report)): void {
    this.content = content;
    this.at = report.time;
  }
}

/** A report without the two figures that change at every judgement. */
const contentOf = (report: FindingsReport): string => JSON.stringify({ ...report, time: 0, observedMs: 0 });

/** One period of watching: the subscriptions, the window of samples and the engine's latches. */
class Watch {
  private readonly engine: FindingsEngine;
  private readonly startedAt: number;
  private readonly sightings = new StateSightings();
  private system: SystemSample[] = [];
  private rows: ProcessRow[] = [];
  private table: Observation['processes'] = null;
  private filesystems: Filesystem[] | Unavailable | null = null;
  private filesystemsAt = 0;
  private hardware: HardwareReading[] = [];
  private clock: ClockStatus | Unavailable | null = null;
  private units: UnitsReading[] | Unavailable | null = null;
  /** Start times of the reads that run programs; 0 never, and a read in flight is not started twice. */
  private clockAt = 0;
  private unitsAt = 0;
  private leaks: LeakReading | Unavailable | null = null;
  private leaksAt = 0;
  private sockets: SocketReading[] | Unavailable | null = null;
  private logs: LogReading | Unavailable | null = null;
  private crashes: CrashReading | Unavailable | null = null;
  private crashesAt = 0;
  /** The kernel log's events as of the last full judgement. */
  private kernel: KernelEvent[] | Unavailable;
  private closed = false;
  private last: FindingsReport;
  /** The sample time of the last judgement, for the background pace. */
  private judgedAt = Number.NEGATIVE_INFINITY;
  private readonly unsubscribe: Unsubscribe[] = [];

  constructor(
    private readonly options: FindingsServiceOptions,
    private readonly now: () => number,
    /** 0: judge at every sample; otherwise at most this often (ms). */
    private readonly paceMs: () => number,
    private readonly publish: (report: FindingsReport) => void,
  ) {
    this.engine = new FindingsEngine(options.thresholds);
    this.startedAt = now();
    this.readHardware();
    this.readLogs();
    this.readPrograms();
    this.kernel = options.sources.kernelEvents();
    this.last = this.evaluate();
    this.refreshFilesystems();
    this.unsubscribe.push(
      options.sources.processTable(
        (message) => this.onTable(message),
        () => {
          this.table = null;
        },
      ),
      options.sources.systemMetrics((message) => this.onMetrics(message)),
      options.sources.sockets(
        (reading) => this.onSockets(reading),
        (error) => {
          this.sockets = { unavailable: `the network live view stopped: ${(error as Error).message}` };
        },
      ),
    );
  }

  report(): FindingsReport {
    return this.last;
  }

  /** The report, judged again first when the background pace left it older than one sample. */
  freshReport(): FindingsReport {
    const newest = this.system.at(-1)?.time;
    if (!this.closed && newest !== undefined && newest > this.judgedAt) this.judge();
    return this.last;
  }

  rejudge(): void {
    if (this.closed) return;
    this.last = this.evaluate();
    this.publish(this.last);
  }

  close(): void {
    this.closed = true;
    for (const stop of this.unsubscribe) stop();
  }

  private onTable(message: ProcessTableMessage): void {
    this.rows = applyTableMessage(this.rows, message);
    // Triage's own start-up (a CLI compiling and sampling) is not the machine's problem: never a culprit.
    const rows = this.rows.filter((r) => r.pid !== process.pid);
    this.table = { time: message.time, ncpu: message.ncpu, totalMemoryBytes: message.totalMemoryBytes, rows };
    this.sightings.update(rows, message.time);
  }

  private onSockets(reading: SocketReading): void {
    const kept = Array.isArray(this.sockets) ? this.sockets.filter((r) => reading.time - r.time <= SOCKETS_WINDOW_MS) : [];
    this.sockets = [...kept, reading];
  }

  private onMetrics(message: MetricsMessage): void {
    // The shared ring's history counts too: the dashboard may have been sampling before anyone asked.
    const incoming = message.kind === 'history' ? message.samples : [message.sample];
    const at = this.now();
    this.system = [...this.system, ...incoming].filter((s) => at - s.time <= SYSTEM_WINDOW_MS).slice(-SYSTEM_SAMPLES_KEPT);
    if (message.kind !== 'sample') return;
    // A sample arrives a little late or early each tick: 250 ms of slack keeps a 5 s pace at 5 s, not 6.
    const pace = this.paceMs();
    if (pace === 0 || message.sample.time - this.judgedAt >= pace - 250) {
      this.judge();
      return;
    }
    // A latch on its way in or out is judged at every sample, so its minimum and clear durations hold as at
    // 1 Hz; only its rule is judged, over the readings of the last full judgement and the newest samples.
    const moving = this.engine.rulesInTransition();
    if (moving.size > 0) {
      // The other rules' outcomes are those of the last full judgement, so is what it waited for: a reading that
      // answered since has not been judged yet, and a report must not look complete before it is.
      this.last = { ...this.engine.evaluate(this.observation(this.now()), moving), waitingFor: this.last.waitingFor };
      this.publish(this.last);
    }
  }

  /** Reads what is due and judges every rule over what was gathered, then tells the listeners. */
  private judge(): void {
    const at = this.now();
    this.judgedAt = this.system.at(-1)?.time ?? at;
    if (at - this.filesystemsAt >= FILESYSTEMS_EVERY_MS) this.refreshFilesystems();
    if (at - (this.hardware.at(-1)?.time ?? 0) >= HARDWARE_EVERY_MS) this.readHardware();
    this.readLogs();
    this.readPrograms();
    this.kernel = this.options.sources.kernelEvents();
    this.last = this.evaluate();
    this.publish(this.last);
  }

  private readHardware(): void {
    const at = this.now();
    this.hardware = [...this.hardware.filter((r) => at - r.time <= HARDWARE_WINDOW_MS), this.options.sources.hardware(at)];
  }

  private readLogs(): void {
    // The writer is looked for from the warning rate on, so a finding can name it the moment it appears.
    const warn = this.options.thresholds()['log-growing'].warn;
    try {
      this.logs = this.options.sources.logs(this.now(), (warn * 1024 * 1024) / 60);
    } catch (error) {
      this.logs = { unavailable: `could not read the log file sizes: ${(error as Error).message}` };
    }
  }

  /** The clock and the units need programs (python3, systemctl): read in the background, kept when they answer. */
  private readPrograms(): void {
    const at = this.now();
    const failed = (what: string) => (error: unknown) => ({ unavailable: `could not read ${what}: ${(error as Error).message}` });
    if (at - this.clockAt >= CLOCK_EVERY_MS) {
      this.clockAt = at;
      void this.options.sources.clock().catch(failed('the clock status')).then((status) => {
        if (!this.closed) this.clock = status;
      });
    }
    if (at - this.leaksAt >= LEAKS_EVERY_MS) {
      this.leaksAt = at;
      this.options.sources.leaks().then(
        (reading) => {
          // Triage's own growth while it starts (a CLI compiling) is not the machine's problem.
          if (!this.closed) this.leaks = { ...reading, suspects: reading.suspects.filter((s) => s.pid !== process.pid) };
        },
        (error: unknown) => {
          if (!this.closed) this.leaks = failed('the memory growth ranking')(error);
        },
      );
    }
    if (at - this.crashesAt >= CRASHES_EVERY_MS) {
      this.crashesAt = at;
      void this.options.sources.crashes(at).catch(failed('the crash reports')).then((reading) => {
        if (!this.closed) this.crashes = reading;
      });
    }
    if (at - this.unitsAt >= UNITS_EVERY_MS) {
      this.unitsAt = at;
      void this.options.sources.units(at).catch(failed('the systemd units')).then((reading) => {
        if (this.closed) return;
        if ('unavailable' in reading) this.units = reading;
        else {
          const kept = Array.isArray(this.units) ? this.units.filter((r) => reading.time - r.time <= RESTART_WINDOW_MS) : [];
          this.units = [...kept, reading];
        }
      });
    }
  }

  private refreshFilesystems(): void {
    this.filesystemsAt = this.now();
    this.options.sources.filesystems().then(
      (list) => {
        this.filesystems = list;
      },
      (error: unknown) => {
        this.filesystems = { unavailable: `could not read the filesystems: ${(error as Error).message}` };
      },
    );
  }

  /** The readings every report needs once: until each has answered, a report is not complete (doctor waits). */
  private waitingFor(): string[] {
    const missing: string[] = [];
    if (this.system.length === 0) missing.push('a system sample');
    if (!this.table) missing.push('the process table');
    if (this.filesystems === null) missing.push('the filesystems');
    if (this.leaks === null) missing.push('the memory growth ranking');
    if (this.sockets === null) missing.push('the socket counts');
    if (this.clock === null) missing.push('the clock status');
    if (this.units === null) missing.push('the systemd units');
    if (this.crashes === null) missing.push('the crash reports');
    return missing;
  }

  private evaluate(): FindingsReport {
    const at = this.now();
    return { ...this.evaluateRules(at), waitingFor: this.waitingFor() };
  }

  private evaluateRules(at: number): FindingsReport {
    return this.engine.evaluate(this.observation(at));
  }

  private observation(at: number): Observation {
    return {
      now: at,
      startedAt: this.startedAt,
      system: this.system,
      processes: this.table,
      diskWait: this.sightings.diskWaiting(),
      stopped: this.sightings.stoppedProcesses(),
      filesystems: this.filesystems,
      kernel: this.kernel,
      hardware: this.hardware,
      clock: this.clock,
      units: this.units,
      leaks: this.leaks,
      sockets: this.sockets,
      logs: this.logs,
      crashes: this.crashes,
    };
  }
}

/**
 * The kernel-log source for a real machine: the device stays open while the backend runs, each call
 * reads only what was logged since, and events older than the window are dropped.
 */
export function kmsgSource(now: () => number = Date.now): { read: () => KernelEvent[] | Unavailable; close: () => void } {
  const reader = new KmsgReader();
  const boot = bootTimeMs();
  let events: KernelEvent[] = [];
  return {
    read() {
      const fresh = reader.read(boot);
      if ('unavailable' in fresh) return fresh;
      const at = now();
      // Read at every judgement (each sample while a page looks): the hour's list is copied only when a line came or one aged out.
      if (fresh.length > 0 || events.some((e) => at - e.time > EVENT_WINDOW_MS)) events = [...events, ...fresh].filter((e) => at - e.time <= EVENT_WINDOW_MS);
      return events;
    },
    close: () => reader.close(),
  };
}
