import type { Culprit, Evidence, NextStep, RuleId } from '../../contract/findings.js';
import type { LatchInput } from '../latch.js';
import type { Observation, Unavailable } from '../observation.js';
import type { RuleThresholds } from '../thresholds.js';

/** One subject for which a rule's condition holds now. */
export interface Condition {
  /** Stable for the same subject: the rule id plus a pid, a mount point… */
  key: string;
  latch: LatchInput;
  sentence: string;
  evidence: Evidence[];
  series: number[];
  culprits: Culprit[];
  next: NextStep | null;
  /** A dated event (a kernel-log line): shown from its own time, no minimum duration, no latch. */
  eventTime?: number;
}

/** What a rule concluded this tick: conditions that hold (maybe none), or why it could not judge. */
export type RuleResult = Condition[] | Unavailable | { collecting: string };

export interface Rule {
  id: RuleId;
  /**
   * A condition about a process cannot outlive it: once its culprits are gone from the process table, its
   * finding goes at once instead of after the clear time (a pile of sockets closes with its process).
   */
  endsWithCulprit?: boolean;
  /** A pure function of what was observed: no I/O, no clock. */
  evaluate(observation: Observation, thresholds: RuleThresholds): RuleResult;
}

/** How many of the newest readings a finding's sparkline shows (its `series`). */
export const SERIES_POINTS = 60;

/** The newest system samples covering about `ms` (at least one when there is any). */
export function recentSamples<T extends { time: number }>(samples: readonly T[], ms: number, now: number): T[] {
  const recent = samples.filter((s) => now - s.time <= ms);
  const last = samples.at(-1);
  return recent.length > 0 ? recent : last ? [last] : [];
}

export const average = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

export const NO_SAMPLES = { collecting: 'no system sample yet' } as const;
