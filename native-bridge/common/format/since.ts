import { formatClock, formatDuration } from './time.js';

/**
 * A rule first judges at the first sample after a watch begins (the sampling interval is 1 s unless the user
 * chose otherwise): a condition first seen this soon after the start was there when Triage began looking, and
 * when it began is not known.
 */
const FIRST_SIGHT_MS = 5000;

/**
 * True when a finding's `since` is only when Triage began watching (`watchedFrom`, a report's time minus its
 * observedMs), not when its condition began. A start dated back by a kernel average or an event's own time lies
 * before the watch and is known.
 */
export function startUnknown(since: number, watchedFrom: number): boolean {
  return since >= watchedFrom && since - watchedFrom <= FIRST_SIGHT_MS;
}

/**
 * When a finding began, one wording for the app and the CLI: "since 13:59:03 (3 min)", or, for a condition
 * already there when Triage began watching, "since at least 13:59:03, when Triage began watching (3 min)"
 * (a `triage doctor` run otherwise said a clock unsynchronised for months went wrong 0 s ago).
 */
export function sinceWords(since: number, now: number, watchedFrom: number): string {
  const held = formatDuration(Math.max(0, now - since));
  return startUnknown(since, watchedFrom) ? `since at least ${formatClock(since)}, when Triage began watching (${held})` : `since ${formatClock(since)} (${held})`;
}
