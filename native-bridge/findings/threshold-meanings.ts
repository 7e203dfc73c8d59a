import type { RuleId } from '../contract/findings.js';
import type { ThresholdOrder } from '../contract/findings-thresholds.js';

export interface ThresholdMeaning {
  warnUnit: string;
  /** null: the rule has no serious level, so serious cannot be set. */
  seriousUnit: string | null;
  order: ThresholdOrder;
}

/**
 * The unit of each rule's figures and how warn and serious are ordered, so a change can be checked
 * (a "lower is worse" rule needs serious ≤ warn) and the table can say what a number means.
 */
export const THRESHOLD_MEANINGS: Readonly<Record<RuleId, ThresholdMeaning>> = {
  'cpu-saturated': { warnUnit: '% busy', seriousUnit: '% busy', order: 'rising' },
  'cpu-hog': { warnUnit: '% of a core', seriousUnit: null, order: 'rising' },
  'load-dstate': { warnUnit: 'processes', seriousUnit: 'processes', order: 'rising' },
  'memory-pressure': { warnUnit: '% (some)', seriousUnit: '% (full)', order: 'separate' },
  'memory-low': { warnUnit: '% available', seriousUnit: '% available', order: 'falling' },
  'memory-leak': { warnUnit: 'MiB/min', seriousUnit: 'min until memory runs out', order: 'separate' },
  'swap-storm': { warnUnit: 'MiB/s', seriousUnit: 'MiB/s', order: 'rising' },
  'disk-full': { warnUnit: '% used', seriousUnit: '% used', order: 'rising' },
  'io-saturated': { warnUnit: '% busy', seriousUnit: '% busy', order: 'rising' },
  'log-growing': { warnUnit: 'MiB/min', seriousUnit: 'MiB/min', order: 'rising' },
  'stopped-process': { warnUnit: 's stopped', seriousUnit: null, order: 'rising' },
  zombies: { warnUnit: 'zombies', seriousUnit: 'zombies', order: 'rising' },
  'oom-kill': { warnUnit: 'kills', seriousUnit: 'kills', order: 'rising' },
  segfault: { warnUnit: 'crashes', seriousUnit: null, order: 'rising' },
  'recent-crash': { warnUnit: 'crash reports', seriousUnit: 'crash reports', order: 'rising' },
  'thermal-throttling': { warnUnit: 'events/min', seriousUnit: '°C from critical', order: 'separate' },
  'cpu-slow': { warnUnit: '% of max speed', seriousUnit: '% of max speed', order: 'falling' },
  'power-saver': { warnUnit: '% busy', seriousUnit: null, order: 'rising' },
  'battery-low': { warnUnit: '% charge', seriousUnit: '% charge', order: 'falling' },
  'clock-unsynced': { warnUnit: 'unsynchronised (1)', seriousUnit: null, order: 'rising' },
  'unit-failed': { warnUnit: 'units', seriousUnit: null, order: 'rising' },
  'unit-restarting': { warnUnit: 'restarts', seriousUnit: 'restarts', order: 'rising' },
  'close-wait': { warnUnit: 'sockets', seriousUnit: 'sockets', order: 'rising' },
  'syn-sent': { warnUnit: 'attempts', seriousUnit: 'attempts', order: 'rising' },
  'time-wait': { warnUnit: 'sockets', seriousUnit: 'sockets', order: 'rising' },
  'receive-queue': { warnUnit: 'bytes', seriousUnit: 'bytes', order: 'rising' },
  'accept-queue': { warnUnit: 'connections', seriousUnit: 'connections', order: 'rising' },
};
