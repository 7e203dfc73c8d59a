import { TriageError } from '../contract/errors.js';
import { AlertLog, type AlertPage, type MemoryAlert } from './alerts.js';
import { compareMapSnapshots, type MapsComparison, type MapsSnapshot } from './compare-maps.js';
import { captureMapsSnapshot } from './maps-snapshot.js';
import { findByName } from './name-match.js';
import type { MemoryBreakdown, MemoryPinInfo, MemoryStreamMessage } from '../contract/memory.js';
import { parseSmapsRollup } from './parse-smaps-rollup.js';
import { readPageSize } from '../procfs/page-size.js';
import { isKernelThread } from '../procfs/parse-pid-stat.js';
import { DEFAULT_PROC_ROOT, procPath, readMemInfo, readPidStat } from '../procfs/pid-files.js';
import { ProcFile } from '../procfs/proc-file.js';
import { isDenied, isGone } from '../procfs/read.js';
import { breakdownFromStatm, statmBytes } from './parse-statm.js';
import { ColumnRing } from './ring.js';
import { RssSampler, type ResidentRow, topConsumersNow, type Consumer } from './rss-sampler.js';
import { rankSuspects } from './suspects.js';
import { checkLimits, type LimitArming } from './limits.js';
import { analyzeSeries, type Verdict, type VerdictOptions } from './verdict.js';

type Tick = Extract<MemoryStreamMessage, { kind: 'tick' }>;
export type PinView = MemoryPinInfo;
export type PinTarget = PinView['target'];
export type PinRequest = { pid: number; startTime?: number } | { namePattern: string };
export type PinStatus = PinView['status'];
export type SeriesPoint = PinView['series'][number];
export type RestartMark = PinView['restarts'][number];
type SnapshotInfo = PinView['snapshots'][number];
type PinLimits = PinView['limits'];
export type PinUpdate = Tick['pins'][number];
export type TickResult = Omit<Tick, 'kind'>;

export interface WatcherOptions {
  procRoot?: string;
  intervalMs?: number;
  /** How far back series and verdicts reach. */
  windowMs?: number;
  alertCapacity?: number;
  maxPins?: number;
  /** Never followed by a name pin (Triage itself). */
  selfPid?: number;
  verdict?: Partial<VerdictOptions>;
  /** While resident size stands still, smaps_rollup is re-read at least this often (0: every tick). */
  breakdownMaxAgeMs?: number;
}

type Column = 'time' | 'pid' | 'rss' | 'anon' | 'file' | 'shared' | 'swap' | 'pss' | 'uss' | 'restart';
const COLUMNS: Column[] = ['time', 'pid', 'rss', 'anon', 'file', 'shared', 'swap', 'pss', 'uss', 'restart'];
const MAX_SNAPSHOTS = 16;
const MAX_RESTARTS = 200;
const PID_MAX = 4_194_304;

interface Pin {
  id: string;
  target: PinTarget;
  status: PinStatus;
  pid: number | null;
  startTime: number | null;
  name: string | null;
  pinnedAt: number;
  limits: PinLimits;
  rollup: ProcFile | null;
  statm: ProcFile | null;
  /** statm's resident size when smaps_rollup was last read, and when. */
  rollupRss: number;
  rollupAt: number;
  ring: ColumnRing<Column>;
  /** Verdicts cover the current process only: a restart starts a new stretch. */
  segmentStart: number;
  /**
   * Resident size of the current process sampled for the suspects list before it was pinned: judged
   * together with the pin's own samples, so the pin card and the suspects list see one series.
   */
  before: { times: Float64Array; bytes: Float64Array };
  latest: MemoryBreakdown | null;
  verdict: Verdict;
  verdictAt: number;
  restarts: RestartMark[];
  snapshots: MapsSnapshot[];
  armed: LimitArming;
  lastPid: number | null;
}

const NO_HISTORY = { times: new Float64Array(0), bytes: new Float64Array(0) };

const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nullToNan = (v: number | null): number => (v === null ? Number.NaN : v);

export class MemoryWatcher {
  private readonly procRoot: string;
  private readonly windowMs: number;
  private readonly maxPins: number;
  private readonly selfPid: number;
  private readonly verdictOptions: Partial<VerdictOptions>;
  private readonly breakdownMaxAgeMs: number;
  private readonly page: number;
  private readonly pins = new Map<string, Pin>();
  private readonly alertLog: AlertLog;
  private intervalMs: number;
  private nextPin = 1;
  private nextSnapshot = 1;
  private sampler: RssSampler | null = null;
  private memAvailable: number | null = null;

  constructor(options: WatcherOptions = {}) {
    this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxPins = options.maxPins ?? 64;
    this.selfPid = options.selfPid ?? process.pid;
    this.verdictOptions = options.verdict ?? {};
    this.breakdownMaxAgeMs = options.breakdownMaxAgeMs ?? 10_000;
    this.alertLog = new AlertLog(options.alertCapacity ?? 1000);
    this.page = readPageSize(this.procRoot);
  }

  get interval(): number {
    return this.intervalMs;
  }

  get pinCount(): number {
    return this.pins.size;
  }

  private ringCapacity(): number {
    return Math.max(900, Math.ceil(this.windowMs / this.intervalMs) + 1);
  }

  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
    for (const pin of this.pins.values()) pin.ring.resize(this.ringCapacity());
  }

  // eslint-disable-next-line max-lines-per-function -- not yet split into named steps (issue 13 lists it)
  pin(request: PinRequest, limits: Partial<PinLimits> = {}, now = Date.now()): PinView {
    const existing = [...this.pins.values()].find((p) =>
      'namePattern' in request
        ? p.target.kind === 'name' && p.target.pattern === request.namePattern
        : p.target.kind === 'pid' && p.target.pid === request.pid && p.status === 'running',
    );
    if (existing && (!('pid' in request) || request.startTime === undefined || request.startTime === existing.startTime)) {
      this.applyLimits(existing, limits);
      return this.view(existing);
    }
    if (this.pins.size >= this.maxPins) {
      throw new TriageError('REFUSED', `Triage watches at most ${this.maxPins} processes at once; unpin one first.`);
    }
    let target: PinTarget;
    let identity: { pid: number; startTime: number; name: string } | null = null;
    if ('namePattern' in request) {
      const pattern = request.namePattern.trim();
      if (pattern.length === 0 || pattern.length > 255 || [...pattern].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
        throw new TriageError('INVALID_INPUT', 'The name pattern must be 1 to 255 printable characters.');
      }
      target = { kind: 'name', pattern };
    } else {
      const { pid } = request;
      if (!Number.isInteger(pid) || pid < 1 || pid > PID_MAX) {
        throw new TriageError('INVALID_INPUT', `"${String(pid)}" is not a valid process number.`);
      }
      const stat = readPidStat(this.procRoot, pid);
      if (!stat || stat.state === 'Z') throw new TriageError('ESRCH', `Process ${pid} is not running (it may have exited).`);
      if (request.startTime !== undefined && request.startTime !== stat.startTime) {
        throw new TriageError(
          'PID_REUSED',
          `Process ${pid} has exited and its number now belongs to another program (${stat.comm}); pick it again from the list.`,
        );
      }
      if (isKernelThread(stat)) {
        throw new TriageError('UNSUPPORTED', `Process ${pid} (${stat.comm}) is a kernel thread: it has no memory of its own to watch.`);
      }
      target = { kind: 'pid', pid, startTime: stat.startTime };
      identity = { pid, startTime: stat.startTime, name: stat.comm };
    }
    const pin: Pin = {
      id: `pin-${this.nextPin++}`,
      target,
      status: 'waiting',
      pid: null,
      startTime: null,
      name: null,
      pinnedAt: now,
      limits: { sizeBytes: null, rateMiBPerMin: null },
      rollup: null,
      statm: null,
      rollupRss: -1,
      rollupAt: -Infinity,
      ring: new ColumnRing(COLUMNS, this.ringCapacity()),
      segmentStart: now,
      before: NO_HISTORY,
      latest: null,
      verdict: analyzeSeries({ times: [], bytes: [], options: this.verdictOptions }),
      verdictAt: -Infinity,
      restarts: [],
      snapshots: [],
      armed: { size: true, rate: true },
      lastPid: null,
    };
    this.applyLimits(pin, limits);
    if (identity) {
      this.attach(pin, identity);
      const first = this.readBreakdown(pin, now);
      if (first === 'empty') {
        this.detach(pin);
        throw new TriageError('UNSUPPORTED', `Process ${identity.pid} is a kernel thread: it has no memory of its own to watch.`);
      }
      if (first === 'gone') {
        this.detach(pin);
        throw new TriageError('ESRCH', `Process ${identity.pid} is not running (it may have exited).`);
      }
      this.record(pin, first, now, false);
      pin.verdict = this.judge(pin);
      pin.verdictAt = now;
    } else {
      this.follow(pin, now);
    }
    this.pins.set(pin.id, pin);
    return this.view(pin);
  }

  unpin(pinId: string): void {
    const pin = this.get(pinId);
    this.detach(pin);
    this.pins.delete(pinId);
  }

  setLimit(pinId: string, limits: Partial<PinLimits>): PinView {
    const pin = this.get(pinId);
    this.applyLimits(pin, limits);
    return this.view(pin);
  }

  view(pinOrId: Pin | string, maxPoints?: number): PinView {
    const pin = typeof pinOrId === 'string' ? this.get(pinOrId) : pinOrId;
    return {
      pinId: pin.id,
      target: pin.target,
      status: pin.status,
      pid: pin.pid,
      startTime: pin.startTime,
      name: pin.name,
      pinnedAt: pin.pinnedAt,
      limits: { ...pin.limits },
      latest: pin.latest,
      verdict: pin.verdict,
      restarts: [...pin.restarts],
      snapshots: pin.snapshots.map(({ snapshotId, pid, time, source }) => ({ snapshotId, pid, time, source })),
      series: this.series(pin, maxPoints),
    };
  }

  views(maxPoints?: number): PinView[] {
    return [...this.pins.values()].map((p) => this.view(p, maxPoints));
  }

  /** One sample of every pin (and of all processes while leak suspects are wanted). */
  tick(now = Date.now()): TickResult {
    this.memAvailable = readMemInfo(this.procRoot)?.availableBytes ?? null;
    const updates: PinUpdate[] = [];
    const alerts: MemoryAlert[] = [];
    for (const pin of this.pins.values()) {
      let point: SeriesPoint | null = null;
      let restart: RestartMark | null = null;
      if (pin.status === 'running') {
        const b = this.readBreakdown(pin, now);
        if (typeof b === 'string') this.lose(pin);
        else point = this.record(pin, b, now, false);
      }
      if (pin.status === 'waiting') {
        const followed = this.follow(pin, now);
        point = followed.point;
        restart = followed.restart;
      }
      if (point && this.verdictDue(pin, now, restart !== null)) {
        pin.verdict = this.judge(pin);
        pin.verdictAt = now;
      }
      if (point) {
        alerts.push(...this.checkLimits(pin, now));
      }
      updates.push({ pinId: pin.id, status: pin.status, pid: pin.pid, point, verdict: pin.verdict, restart });
    }
    if (!this.suspectsFedFromTable) this.sampler?.sample(now);
    return { time: now, memAvailableBytes: this.memAvailable, pins: updates, alerts };
  }

  alerts(sinceId = 0, limit?: number): AlertPage {
    return this.alertLog.page(sinceId, limit);
  }

  /** True while the process table feeds the suspects (the tick then reads no statm of its own). */
  suspectsFedFromTable = false;

  /** Starts or stops the all-process sampler behind leak suspects. */
  enableSuspects(on: boolean): void {
    if (on && !this.sampler) this.sampler = new RssSampler({ procRoot: this.procRoot, windowMs: this.windowMs });
    if (!on && this.sampler) {
      this.sampler.close();
      this.sampler = null;
    }
  }

  /** All processes from rows the process table already read (the sampler skips them if too recent). */
  ingestSuspects(now: number, rows: Iterable<ResidentRow>): void {
    this.sampler?.ingest(now, rows);
  }

  /** Samples all processes now (the sampler skips it if its last sample is too recent). */
  sampleSuspects(now = Date.now()): void {
    this.memAvailable ??= readMemInfo(this.procRoot)?.availableBytes ?? null;
    this.sampler?.sample(now);
  }

  get suspectsEnabled(): boolean {
    return this.sampler !== null;
  }

  /**
   * Processes whose memory rose steadily. A pinned process is not judged twice: its row carries the pin's
   * verdict (made from the same samples, see judge), so the card and the list never disagree.
   */
  suspects(now = Date.now(), limit = 20): { observedMs: number; processes: number; suspects: ReturnType<typeof rankSuspects> } {
    if (!this.sampler) return { observedMs: 0, processes: 0, suspects: [] };
    const pinned = new Map<string, Pin>();
    for (const pin of this.pins.values()) {
      if (pin.status === 'running' && pin.pid !== null) pinned.set(`${pin.pid}:${pin.startTime}`, pin);
    }
    return {
      observedMs: this.sampler.observedMs(now),
      processes: this.sampler.processCount,
      suspects: rankSuspects(this.sampler.series(), {
        memAvailableBytes: this.memAvailable ?? readMemInfo(this.procRoot)?.availableBytes ?? null,
        limit,
        verdict: this.verdictOptions,
        judged: (s) => {
          const pin = pinned.get(`${s.pid}:${s.startTime}`);
          return pin ? { verdict: pin.verdict, rssBytes: pin.latest?.rssBytes ?? s.ring.last('rss') } : undefined;
        },
      }),
    };
  }

  async captureMaps(pinId: string, now = Date.now()): Promise<SnapshotInfo> {
    const pin = this.get(pinId);
    if (pin.status !== 'running' || pin.pid === null) {
      throw new TriageError('ESRCH', `The process pinned as ${pin.name ?? pinId} is not running now, so its memory map cannot be read.`);
    }
    const snapshot = await captureMapsSnapshot(this.procRoot, pin.pid, this.nextSnapshot++, now);
    pin.snapshots.push(snapshot);
    // Keep the pin-time snapshot: it is the natural "before".
    if (pin.snapshots.length > MAX_SNAPSHOTS) pin.snapshots.splice(1, 1);
    return { snapshotId: snapshot.snapshotId, pid: snapshot.pid, time: snapshot.time, source: snapshot.source };
  }

  async compareMaps(request: {
    pinId: string;
    fromSnapshotId?: number;
    toSnapshotId?: number;
    fromTime?: number;
    toTime?: number;
  }): Promise<{ from: SnapshotInfo; to: SnapshotInfo; samePid: boolean } & MapsComparison> {
    const pin = this.get(request.pinId);
    const pick = (id: number | undefined, time: number | undefined): MapsSnapshot | undefined => {
      if (id !== undefined) {
        const s = pin.snapshots.find((x) => x.snapshotId === id);
        if (!s) throw new TriageError('NOT_FOUND', `There is no memory-map snapshot ${id} for this pin.`);
        return s;
      }
      if (time !== undefined) return [...pin.snapshots].reverse().find((x) => x.time <= time) ?? pin.snapshots[0];
      return undefined;
    };
    const from = pick(request.fromSnapshotId, request.fromTime) ?? pin.snapshots[0];
    if (!from) {
      throw new TriageError('NOT_FOUND', 'No memory map has been captured for this pin yet: capture one, wait, then compare.');
    }
    let to = pick(request.toSnapshotId, request.toTime);
    if (!to) {
      const info = await this.captureMaps(pin.id);
      to = pin.snapshots.find((x) => x.snapshotId === info.snapshotId)!;
    }
    const info = (s: MapsSnapshot): SnapshotInfo => ({ snapshotId: s.snapshotId, pid: s.pid, time: s.time, source: s.source });
    return { from: info(from), to: info(to), samePid: from.pid === to.pid, ...compareMapSnapshots(from, to) };
  }

  close(): void {
    for (const pin of this.pins.values()) this.detach(pin);
    this.pins.clear();
    this.enableSuspects(false);
  }

  private get(pinId: string): Pin {
    const pin = this.pins.get(pinId);
    if (!pin) throw new TriageError('NOT_FOUND', `Nothing is pinned as "${pinId}" (it may have been unpinned).`);
    return pin;
  }

  private applyLimits(pin: Pin, limits: Partial<PinLimits>): void {
    for (const [key, value] of Object.entries(limits) as [keyof PinLimits, number | null | undefined][]) {
      if (value === undefined) continue;
      if (value !== null && !(Number.isFinite(value) && value > 0)) {
        throw new TriageError('INVALID_INPUT', 'A memory limit must be a positive number (or empty to remove it).');
      }
      pin.limits[key] = value;
    }
    // A changed limit is a new line to cross.
    pin.armed = { size: true, rate: true };
  }

  private attach(pin: Pin, identity: { pid: number; startTime: number; name: string }): void {
    this.detach(pin);
    try {
      pin.statm = new ProcFile(procPath(this.procRoot, identity.pid, 'statm'), 128);
      pin.rollup = new ProcFile(procPath(this.procRoot, identity.pid, 'smaps_rollup'), 2048);
    } catch (error) {
      if (isGone(error)) {
        this.detach(pin);
        throw new TriageError('ESRCH', `Process ${identity.pid} is not running (it may have exited).`);
      }
      // Another user's process: statm is world-readable, so RSS/anon/file still work without PSS/USS.
      if (!isDenied(error) || !pin.statm) {
        this.detach(pin);
        throw error;
      }
    }
    pin.rollupRss = -1;
    pin.before = this.samplerHistory(identity.pid, identity.startTime);
    pin.pid = identity.pid;
    pin.startTime = identity.startTime;
    pin.name = identity.name;
    pin.status = 'running';
  }

  private detach(pin: Pin): void {
    pin.rollup?.close();
    pin.statm?.close();
    pin.rollup = null;
    pin.statm = null;
  }

  private lose(pin: Pin): void {
    this.detach(pin);
    pin.lastPid = pin.pid;
    pin.status = pin.target.kind === 'pid' ? 'exited' : 'waiting';
    if (pin.target.kind === 'name') pin.pid = null;
  }

  /** Name pins: find the program again (new pid after a restart) and take its first sample. */
  private follow(pin: Pin, now: number): { point: SeriesPoint | null; restart: RestartMark | null } {
    if (pin.target.kind !== 'name') return { point: null, restart: null };
    const exclude = new Set([this.selfPid]);
    for (const match of findByName(this.procRoot, pin.target.pattern, exclude)) {
      try {
        this.attach(pin, { pid: match.pid, startTime: match.startTime, name: match.name });
      } catch {
        continue;
      }
      const b = this.readBreakdown(pin, now);
      if (typeof b === 'string') {
        this.detach(pin);
        pin.status = 'waiting';
        continue;
      }
      let restart: RestartMark | null = null;
      if (pin.lastPid !== null) {
        restart = { time: now, oldPid: pin.lastPid, newPid: match.pid };
        pin.restarts.push(restart);
        if (pin.restarts.length > MAX_RESTARTS) pin.restarts.shift();
        pin.segmentStart = now;
      }
      return { point: this.record(pin, b, now, restart !== null), restart };
    }
    pin.pid = null;
    pin.status = 'waiting';
    return { point: null, restart: null };
  }

  /**
   * statm (a counter read, ~1 µs) every tick; smaps_rollup (a walk of the page tables, ~0.3 ms for a
   * mid-size program) only when statm says resident memory moved, or when the last walk is older than
   * `breakdownMaxAgeMs` (PSS also moves when other processes map or drop shared pages).
   */
  private readBreakdown(pin: Pin, now = Date.now()): MemoryBreakdown | 'gone' | 'empty' {
    try {
      if (!pin.statm) return 'gone';
      const statm = statmBytes(pin.statm.readText(), this.page);
      // All zeros: the process is exiting (its memory is already gone).
      if (!statm) return 'gone';
      if (!pin.rollup) return breakdownFromStatm(statm);
      if (pin.latest && statm.rssBytes === pin.rollupRss && now - pin.rollupAt < this.breakdownMaxAgeMs) return pin.latest;
      const text = pin.rollup.readText();
      const b = parseSmapsRollup(text);
      // An exiting process or a kernel thread has no mm: the file reads empty.
      if (!b) return text.length === 0 ? 'gone' : 'empty';
      pin.rollupRss = statm.rssBytes;
      pin.rollupAt = now;
      return b;
    } catch {
      // Gone (ESRCH) or unreadable all of a sudden: either way this pin has nothing more to sample.
      return 'gone';
    }
  }

  private record(pin: Pin, b: MemoryBreakdown, now: number, restart: boolean): SeriesPoint {
    pin.latest = b;
    pin.ring.push({
      time: now,
      pid: pin.pid ?? 0,
      rss: b.rssBytes,
      anon: b.anonBytes,
      file: b.fileBytes,
      shared: b.sharedBytes,
      swap: nullToNan(b.swapBytes),
      pss: nullToNan(b.pssBytes),
      uss: nullToNan(b.ussBytes),
      restart: restart ? 1 : 0,
    });
    return this.point(pin.ring, pin.ring.size - 1);
  }

  private point(ring: ColumnRing<Column>, i: number): SeriesPoint {
    return {
      time: ring.get(i, 'time'),
      pid: ring.get(i, 'pid'),
      rssBytes: ring.get(i, 'rss'),
      anonBytes: ring.get(i, 'anon'),
      fileBytes: ring.get(i, 'file'),
      sharedBytes: ring.get(i, 'shared'),
      swapBytes: nanToNull(ring.get(i, 'swap')),
      pssBytes: nanToNull(ring.get(i, 'pss')),
      ussBytes: nanToNull(ring.get(i, 'uss')),
      restart: ring.get(i, 'restart') === 1,
    };
  }

  private series(pin: Pin, maxPoints?: number): SeriesPoint[] {
    const n = pin.ring.size;
    const step = maxPoints && n > maxPoints ? n / maxPoints : 1;
    const out: SeriesPoint[] = [];
    for (let f = 0; Math.floor(f) < n; f += step) out.push(this.point(pin.ring, Math.floor(f)));
    // Thinning must not hide a restart or the latest sample.
    if (step > 1) {
      for (let i = 0; i < n; i++) if (pin.ring.get(i, 'restart') === 1) out.push(this.point(pin.ring, i));
      out.push(this.point(pin.ring, n - 1));
      out.sort((a, b) => a.time - b.time);
      return out.filter((p, i) => i === 0 || p.time !== out[i - 1]!.time);
    }
    return out;
  }

  /**
   * Over a long series one more sample barely moves the verdict, so past two minutes it is recomputed
   * at most every 5 s: this halves the cost of watching many pins at 1 Hz.
   */
  private verdictDue(pin: Pin, now: number, restarted: boolean): boolean {
    if (restarted || now - pin.segmentStart < 120_000) return true;
    return now - pin.verdictAt >= 5000;
  }

  /** What the suspects sampler recorded of this process so far (empty when it was not running). */
  private samplerHistory(pid: number, startTime: number): Pin['before'] {
    if (!this.sampler) return NO_HISTORY;
    for (const s of this.sampler.series()) {
      if (s.pid === pid && s.startTime === startTime && s.ring.size > 0) return { times: s.ring.slice('time'), bytes: s.ring.slice('rss') };
    }
    return NO_HISTORY;
  }

  /**
   * The verdict of the pinned process over the window: the samples the suspects sampler took of it
   * before it was pinned, then the pin's own (from the current process only, after a restart).
   */
  private judge(pin: Pin): Verdict {
    const windowStart = pin.ring.last('time') - this.windowMs;
    const from = pin.ring.lowerBound('time', Math.max(pin.segmentStart, windowStart));
    const times = pin.ring.slice('time', from);
    const bytes = pin.ring.slice('rss', from);
    const { before } = pin;
    let b = 0;
    while (b < before.times.length && before.times[b]! < windowStart) b++;
    let e = b;
    while (e < before.times.length && before.times[e]! < (times[0] ?? Infinity)) e++;
    const joined = (a: Float64Array, c: Float64Array): Float64Array => {
      const out = new Float64Array(e - b + c.length);
      out.set(a.subarray(b, e));
      out.set(c, e - b);
      return out;
    };
    return analyzeSeries({
      times: e > b ? joined(before.times, times) : times,
      bytes: e > b ? joined(before.bytes, bytes) : bytes,
      memAvailableBytes: this.memAvailable,
      options: this.verdictOptions,
    });
  }

  private topConsumers(): Consumer[] {
    if (this.sampler && this.sampler.processCount > 0) return this.sampler.top(5);
    return topConsumersNow(this.procRoot, 5);
  }

  private checkLimits(pin: Pin, now: number): MemoryAlert[] {
    const growth = pin.verdict.kind === 'growing' ? pin.verdict.rateMiBPerMin : null;
    const who = `${pin.name ?? 'The process'} (pid ${pin.pid})`;
    const crossings = checkLimits(who, pin.limits, pin.armed, pin.latest?.rssBytes ?? null, growth);
    if (crossings.length === 0) return [];
    const context = { breakdown: pin.latest, memAvailableBytes: this.memAvailable, topConsumers: this.topConsumers() };
    return crossings.map((c) =>
      this.alertLog.add({ time: now, pinId: pin.id, pid: pin.pid ?? 0, name: pin.name ?? '', ...c, context }),
    );
  }
}
