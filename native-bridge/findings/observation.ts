import type { CrashEntry } from '../contract/core.js';
import type { LeakSuspect } from '../contract/memory.js';
import type { Filesystem } from '../contract/netfiles.js';
import type { ProcessRow } from '../contract/processes.js';
import type { SystemSample } from '../contract/system.js';
import type { SocketReading } from '../shared/socket-reading.js';
import type { HardwareReading } from './hardware/types.js';
import type { KernelEvent } from './kernel-log.js';
import type { LogReading } from './log-growth/log-watch.js';
import type { ClockStatus } from './system-state/clock.js';
import type { UnitsReading } from './system-state/systemd.js';

/** Something a rule needs that this machine lacks or Triage may not read: said, never treated as "none". */
export interface Unavailable {
  unavailable: string;
}

/** A process seen in a given state, with when Triage first saw it so (for "stopped for 5 min"). */
export interface SeenProcess {
  row: ProcessRow;
  firstSeenAt: number;
}

/** Everything the rules read, gathered by the service from the shared feeds. Rules never do I/O. */
export interface Observation {
  now: number;
  /** When the engine began watching. */
  startedAt: number;
  /** System samples, oldest first (the last few minutes). */
  system: SystemSample[];
  /** The newest process table, or null before the first one arrived. */
  processes: { time: number; ncpu: number; totalMemoryBytes: number; rows: ProcessRow[] } | null;
  /** Processes seen in D state in the last few seconds (D is brief: one tick would miss most). */
  diskWait: SeenProcess[];
  /** Processes stopped (T) now, with when Triage first saw them stopped. */
  stopped: SeenProcess[];
  /** null until the first read has answered. */
  filesystems: Filesystem[] | Unavailable | null;
  kernel: KernelEvent[] | Unavailable;
  /** Reads of thermal zones, throttle counters, CPU speed, power profile and batteries, oldest first (empty before the first). */
  hardware: HardwareReading[];
  /** Whether the clock is synchronised; null until the first read has answered. */
  clock: ClockStatus | Unavailable | null;
  /** Reads of failed units and restart counts, oldest first (the last 10 minutes); null until the first answered. */
  units: UnitsReading[] | Unavailable | null;
  /** Processes whose memory rose steadily, as the memory capability judges them, and how long it has sampled; null until it answered. */
  leaks: LeakReading | Unavailable | null;
  /** Socket counts per owner and listener from the network live view, oldest first (the last few minutes); null until the first. */
  sockets: SocketReading[] | Unavailable | null;
  /** Which files under the log directories grew since the last size read; null until the first read. */
  logs: LogReading | Unavailable | null;
  /** Crash reports of the last hour and the places that could not be read; null until the first search answered. */
  crashes: CrashReading | Unavailable | null;
}

export interface CrashReading {
  /** Crash reports (core files, apport reports, systemd-coredump entries) dated within the crash window. */
  crashes: CrashEntry[];
  /** Places that exist but could not be searched (no permission, coredumpctl failing): crashes there are unknown, not absent. */
  unreadable: { where: string; message: string }[];
}

export interface LeakReading {
  /** How long the memory sampler has been sampling every process. */
  observedMs: number;
  suspects: LeakSuspect[];
}

export const isUnavailable = <T>(value: T | Unavailable): value is Unavailable =>
  typeof value === 'object' && value !== null && 'unavailable' in value;
