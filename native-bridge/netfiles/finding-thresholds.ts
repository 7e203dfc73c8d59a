// Every network finding rule's thresholds, as data: what is measured, from which value and for how long each
// severity is shown, and how long the condition must be gone before the finding is withdrawn. The rules in
// net-findings.ts read nothing else; tests and options replace rows of this table, never a number in code.
import type { HysteresisRule } from './hysteresis.js';

export type NetRuleId = 'close-wait' | 'syn-sent' | 'time-wait' | 'receive-queue' | 'accept-queue';
export type Severity = 'warning' | 'critical';

export interface SeverityThreshold {
  severity: Severity;
  /** The finding's condition holds at this value or above. */
  at: number;
  /** Once shown, it counts as gone only below this (default: `at`). */
  clearBelow?: number;
  /** The condition must hold this long without a break before this severity is shown (ms). */
  forMs: number;
}

export interface RuleThresholds {
  /** What the number is, in words (for whoever tunes the table). */
  measures: string;
  /** Mildest first. */
  levels: readonly SeverityThreshold[];
  /** A shown finding stays until its condition has been false this long (ms). */
  clearAfterMs: number;
}

export type NetThresholdTable = Record<NetRuleId, RuleThresholds>;

const S = 1000;

export const NET_THRESHOLDS: NetThresholdTable = {
  // A program that never closes sockets its peers closed. A burst of a few that the program closes a moment
  // later is normal; a count that stays at 16 or more for half a minute is not.
  'close-wait': {
    measures: 'CLOSE_WAIT sockets one process holds',
    levels: [
      { severity: 'warning', at: 16, forMs: 30 * S },
      { severity: 'critical', at: 64, forMs: 60 * S },
    ],
    clearAfterMs: 60 * S,
  },
  // A connect() to a peer that does not answer stays in SYN_SENT through its retries (about 2 minutes on
  // Linux's defaults); a reachable peer answers within a round trip.
  'syn-sent': {
    measures: 'connection attempts (SYN_SENT) of one process',
    levels: [
      { severity: 'warning', at: 8, forMs: 10 * S },
      { severity: 'critical', at: 64, forMs: 30 * S },
    ],
    clearAfterMs: 30 * S,
  },
  // The ephemeral port range holds about 28,000 ports; TIME_WAIT sockets keep theirs for 60 s.
  'time-wait': {
    measures: 'TIME_WAIT sockets on the machine',
    levels: [
      { severity: 'warning', at: 5000, forMs: 30 * S },
      { severity: 'critical', at: 20_000, forMs: 30 * S },
    ],
    clearAfterMs: 60 * S,
  },
  // Bytes that arrived and that the process has not read: a reader that is stuck or too slow. A connection
  // that is never read stops growing near its receive buffer (tcp_rmem's default, 128 KiB on most machines;
  // autotuning enlarges it only while the program reads), so the threshold must sit below that.
  'receive-queue': {
    measures: 'unread bytes on one process’s TCP connections',
    levels: [
      { severity: 'warning', at: 64 * 1024, forMs: 10 * S },
      { severity: 'critical', at: 4 * 1024 * 1024, forMs: 30 * S },
    ],
    clearAfterMs: 30 * S,
  },
  // Connections the kernel completed that the program has not accepted. /proc does not show the backlog
  // (ss does, over netlink), so the count is absolute.
  'accept-queue': {
    measures: 'connections waiting to be accepted on one listening socket',
    levels: [
      { severity: 'warning', at: 32, forMs: 10 * S },
      { severity: 'critical', at: 128, forMs: 30 * S },
    ],
    clearAfterMs: 30 * S,
  },
};

/** Row overrides merged over the defaults, checked so a bad table is a clear error, not a silent finding-less page. */
export function thresholdTable(overrides: Partial<NetThresholdTable> = {}): NetThresholdTable {
  const table = { ...NET_THRESHOLDS, ...overrides };
  for (const [rule, row] of Object.entries(table) as [NetRuleId, RuleThresholds][]) {
    if (row.levels.length === 0) throw new Error(`Finding thresholds for ${rule}: at least one severity level is needed.`);
    row.levels.forEach((l, i) => {
      const prev = row.levels[i - 1];
      if (!(l.at >= 0) || !(l.forMs >= 0)) throw new Error(`Finding thresholds for ${rule}: "at" and "forMs" must be numbers ≥ 0 (got ${l.at}, ${l.forMs}).`);
      if ((l.clearBelow ?? l.at) > l.at) throw new Error(`Finding thresholds for ${rule}: clearBelow (${l.clearBelow}) must not be above at (${l.at}).`);
      if (prev && l.at <= prev.at) throw new Error(`Finding thresholds for ${rule}: levels must rise (${l.severity} at ${l.at} is not above ${prev.severity} at ${prev.at}).`);
    });
    if (!(row.clearAfterMs >= 0)) throw new Error(`Finding thresholds for ${rule}: clearAfterMs must be a number ≥ 0.`);
  }
  return table;
}

/** The table row as the generic state machine reads it. */
export function hysteresisRule(row: RuleThresholds): HysteresisRule {
  return {
    levels: row.levels.map((l) => ({ enterAt: l.at, exitBelow: l.clearBelow ?? l.at, holdMs: l.forMs })),
    clearAfterMs: row.clearAfterMs,
  };
}

/**
 * How long the watch must run before every rule could have shown its mildest level: until then, an empty list
 * of findings means "not judged yet", never "nothing wrong".
 */
export function judgedAfterMs(table: NetThresholdTable): number {
  return Math.max(...Object.values(table).map((row) => Math.min(...row.levels.map((l) => l.forMs))));
}
