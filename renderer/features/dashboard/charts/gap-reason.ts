import { formatClock, formatDuration } from '../../../app/format.js';
import type { SamplingGap } from '../ring.js';

/**
 * Why a chart has a hole, in one sentence. The backend samples only while a window watches (it stops
 * when the last one closes or disconnects) and cannot sample while it is paused or not running, so a
 * hole in its history always means one of those; the samples carry their timestamps, and the hole is
 * found from them (see isSamplingGap).
 */
export function gapReason(gap: SamplingGap): string {
  const span = formatDuration((gap.to - gap.from) / 1000);
  return `No samples for ${span} (${formatClock(gap.from)}–${formatClock(gap.to)}): Triage was not sampling — not recording while no window was open, or the backend was paused or not running.`;
}

/** The gap a time falls in (the tooltip of a break row), if any. */
export function gapAt(gaps: readonly SamplingGap[], t: number): SamplingGap | null {
  for (const gap of gaps) if (t >= gap.from && t <= gap.to) return gap;
  return null;
}
