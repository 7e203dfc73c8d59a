import type { Severity } from '../contract/findings.js';

export interface LatchTiming {
  /** The condition must hold this long before the finding appears. */
  minMs: number;
  /** The condition must have been false (or milder) this long before the finding goes (or softens). */
  clearMs: number;
}

export interface LatchInput {
  severity: Severity;
  /**
   * How long the condition is known to have held already when first seen: a kernel average over 60 s, a
   * process's own CPU time since it started. 0 when only Triage's own samples can tell.
   */
  lastingMs: number;
}

export interface LatchState {
  /** When the current run of true conditions began (dated back by `lastingMs`). */
  since: number;
  lastTrueAt: number;
  /** null while pending: true, but not yet for `minMs`. */
  active: Severity | null;
  /** A different severity seen since this time, waiting to last before it replaces `active`. */
  change: { severity: Severity; since: number } | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, serious: 2 };

/**
 * Hysteresis and minimum duration for one condition, as a pure step function (time is passed in).
 * A condition becomes a finding only after holding `minMs`; an active finding stays until its condition
 * has been false for `clearMs`; severity rises only after the worse level held `minMs` and falls only after
 * the milder level held `clearMs`. So a 3-second blip never appears and a steady machine never flickers.
 */
export function stepLatch(prev: LatchState | null, now: number, input: LatchInput | null, timing: LatchTiming): LatchState | null {
  if (input === null) {
    if (prev === null || prev.active === null) return null;
    return now - prev.lastTrueAt >= timing.clearMs ? null : { ...prev, change: null };
  }
  const dated = now - Math.max(0, input.lastingMs);
  const since = prev === null ? dated : Math.min(prev.since, dated);
  if (prev === null || prev.active === null) {
    return { since, lastTrueAt: now, active: now - since >= timing.minMs ? input.severity : null, change: null };
  }
  if (input.severity === prev.active) return { since, lastTrueAt: now, active: prev.active, change: null };
  // A new severity is timed from when it was first seen: lastingMs says how long the condition has held, not
  // at which level (a kernel's 60-second average dated every dip of a 10-second one back a minute, and the
  // finding flipped between serious and warning at each crossing).
  const change = prev.change?.severity === input.severity ? prev.change : { severity: input.severity, since: now };
  const needed = RANK[input.severity] > RANK[prev.active] ? timing.minMs : timing.clearMs;
  if (now - change.since >= needed) return { since, lastTrueAt: now, active: input.severity, change: null };
  return { since, lastTrueAt: now, active: prev.active, change };
}
