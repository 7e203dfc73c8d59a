import type { RuleId } from '../contract/findings.js';

/**
 * Every threshold of every rule, declared once as data (the README's findings table is generated from
 * the same numbers). `minMs`: how long a condition must hold before it becomes a finding, so a 3-second
 * blip never does; `clearMs`: how long it must have been false before the finding goes, so it never
 * flickers. `warn`/`serious`: the figure at which each severity applies (the unit is the rule's own).
 */
export interface RuleThresholds {
  title: string;
  /** What the `warn` and `serious` figures measure, for the documentation table. */
  measure: string;
  warn: number;
  serious: number;
  minMs: number;
  clearMs: number;
}

export const THRESHOLDS: Readonly<Record<RuleId, RuleThresholds>> = {
  'cpu-saturated': {
    title: 'CPU saturated',
    measure: 'busy % of all cores (serious also needs CPU pressure ≥ 20 %)',
    warn: 90,
    serious: 90,
    minMs: 30_000,
    clearMs: 30_000,
  },
  'cpu-hog': {
    title: 'One process holds a core',
    measure: '% of one core used by one process',
    warn: 90,
    serious: Number.POSITIVE_INFINITY,
    minMs: 60_000,
    clearMs: 30_000,
  },
  'load-dstate': {
    title: 'Tasks stuck waiting for I/O',
    measure: 'processes in D state (with load above the core count)',
    warn: 1,
    serious: 4,
    minMs: 15_000,
    clearMs: 30_000,
  },
  'memory-pressure': {
    title: 'Memory pressure',
    measure: 'PSI memory "some" avg60 % (serious: "full" avg60 ≥ 5 %)',
    warn: 10,
    serious: 5,
    minMs: 20_000,
    clearMs: 60_000,
  },
  'memory-low': {
    title: 'Available memory low',
    measure: 'available memory, % of total (lower is worse)',
    warn: 10,
    serious: 5,
    minMs: 20_000,
    clearMs: 60_000,
  },
  'memory-leak': {
    title: 'A process keeps growing',
    measure: 'steady growth of one process, MiB/min (serious: available memory runs out within this many minutes at that rate)',
    warn: 1,
    serious: 60,
    minMs: 10_000,
    clearMs: 60_000,
  },
  'swap-storm': {
    title: 'Swapping hard',
    measure: 'swap-in + swap-out, MiB/s',
    warn: 1,
    serious: 10,
    minMs: 20_000,
    clearMs: 60_000,
  },
  'disk-full': {
    title: 'Filesystem nearly full',
    measure: '% of space or inodes used',
    warn: 90,
    serious: 97,
    minMs: 0,
    clearMs: 60_000,
  },
  'io-saturated': {
    title: 'Disk saturated',
    measure: '% of time the device had I/O in flight',
    warn: 90,
    serious: 98,
    minMs: 30_000,
    clearMs: 30_000,
  },
  // A busy service logs a few MiB a minute; tens of MiB a minute for minutes on end is a loop logging an
  // error, and it fills a disk in hours. Sizes are read every 5 s, so a burst (a crash dump) never lasts a minute.
  'log-growing': {
    title: 'A log file growing fast',
    measure: 'growth of one file under the log directories, MiB/min',
    warn: 10,
    serious: 100,
    minMs: 60_000,
    clearMs: 60_000,
  },
  'stopped-process': {
    title: 'Process stopped',
    measure: 'seconds a process has been seen stopped (T)',
    warn: 30,
    serious: Number.POSITIVE_INFINITY,
    minMs: 30_000,
    clearMs: 10_000,
  },
  zombies: {
    title: 'Zombies piling up',
    measure: 'zombie children of one parent',
    warn: 3,
    serious: 50,
    minMs: 10_000,
    clearMs: 30_000,
  },
  'oom-kill': {
    title: 'Out-of-memory kill',
    measure: 'OOM kills in the kernel log in the last hour',
    warn: 1,
    serious: 1,
    minMs: 0,
    clearMs: 0,
  },
  segfault: {
    title: 'Program crashed',
    measure: 'segfault lines in the kernel log in the last hour',
    warn: 1,
    serious: Number.POSITIVE_INFINITY,
    minMs: 0,
    clearMs: 0,
  },
  // A crash report is a fact, not a level: one is worth a look; a program that crashed five times within the
  // window is in a crash loop (a service restarted into the same fault).
  'recent-crash': {
    title: 'Crash reports left',
    measure: 'crash reports of one program in the last hour (core files where core_pattern puts them, apport /var/crash, systemd-coredump)',
    warn: 1,
    serious: 5,
    minMs: 0,
    clearMs: 0,
  },
  'thermal-throttling': {
    title: 'CPU slowed by heat',
    measure: 'throttle events in the last minute, or a thermal zone at its cooling trip point (serious: within this many °C of its critical trip)',
    warn: 1,
    serious: 5,
    minMs: 10_000,
    clearMs: 60_000,
  },
  'cpu-slow': {
    title: 'CPU speed held low',
    measure: 'CPU speed, % of its maximum, while the CPU is ≥ 70 % busy (lower is worse)',
    warn: 60,
    serious: 25,
    minMs: 30_000,
    clearMs: 30_000,
  },
  'power-saver': {
    title: 'Power saver on AC power',
    measure: 'CPU busy % from which a power-saving profile on AC power is worth a look (below: info)',
    warn: 50,
    serious: Number.POSITIVE_INFINITY,
    minMs: 10_000,
    clearMs: 10_000,
  },
  'battery-low': {
    title: 'Battery low',
    measure: 'battery charge % while discharging (at or below; lower is worse)',
    warn: 15,
    serious: 5,
    minMs: 10_000,
    clearMs: 60_000,
  },
  'clock-unsynced': {
    title: 'Clock not synchronised',
    measure: "the kernel's clock is not synchronised with a time server (STA_UNSYNC, or timedatectl's NTPSynchronized=no)",
    warn: 1,
    serious: Number.POSITIVE_INFINITY,
    minMs: 0,
    clearMs: 60_000,
  },
  'unit-failed': {
    title: 'A systemd unit failed',
    measure: 'units in the failed state',
    warn: 1,
    serious: Number.POSITIVE_INFINITY,
    minMs: 0,
    clearMs: 30_000,
  },
  'unit-restarting': {
    title: 'A systemd unit keeps restarting',
    measure: "restarts of one unit in the last 10 minutes (its NRestarts rising), or waiting to restart",
    warn: 1,
    serious: 5,
    minMs: 0,
    clearMs: 120_000,
  },
  // Sockets. A burst of a few CLOSE_WAIT sockets the program closes a moment later is normal; a count that
  // stays at 16 or more for half a minute is a program that never closes what its peers closed.
  'close-wait': {
    title: 'Sockets stuck in CLOSE_WAIT',
    measure: 'CLOSE_WAIT sockets one process holds',
    warn: 16,
    serious: 64,
    minMs: 30_000,
    clearMs: 60_000,
  },
  // A connect() to a peer that does not answer stays in SYN_SENT through its retries (about 2 minutes on
  // Linux's defaults); a reachable peer answers within a round trip.
  'syn-sent': {
    title: 'Connection attempts piling up',
    measure: 'connection attempts (SYN_SENT) of one process',
    warn: 8,
    serious: 64,
    minMs: 10_000,
    clearMs: 30_000,
  },
  // The ephemeral port range holds about 28,000 ports; TIME_WAIT sockets keep theirs for 60 s.
  'time-wait': {
    title: 'TIME_WAIT sockets piling up',
    measure: 'TIME_WAIT sockets on the machine',
    warn: 5000,
    serious: 20_000,
    minMs: 30_000,
    clearMs: 60_000,
  },
  // A connection that is never read stops growing near its receive buffer (tcp_rmem's default, 128 KiB on
  // most machines; autotuning enlarges it only while the program reads), so the threshold sits below that.
  'receive-queue': {
    title: 'Received data not read',
    measure: 'unread bytes on one process’s TCP connections',
    warn: 64 * 1024,
    serious: 4 * 1024 * 1024,
    minMs: 10_000,
    clearMs: 30_000,
  },
  // /proc does not show a listener's backlog (ss does, over netlink), so the count is absolute.
  'accept-queue': {
    title: 'Listen queue filling up',
    measure: 'connections waiting to be accepted on one listening socket',
    warn: 32,
    serious: 128,
    minMs: 10_000,
    clearMs: 30_000,
  },
};

/** Kernel-log events stay listed this long after they happened. */
export const EVENT_WINDOW_MS = 3_600_000;

/** Crash reports count as recent this long (the same hour as the kernel's segfault lines, so the two can be matched). */
export const CRASH_WINDOW_MS = EVENT_WINDOW_MS;
