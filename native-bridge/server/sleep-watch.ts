import { formatDuration, formatTimestamp } from '../common/format/index.js';
import type { ChangeEvent } from '../contract/changes.js';
import { timeJump } from '../history/clock.js';

export interface ClockReading {
  /** Wall clock, ms since the epoch. */
  wall: number;
  /** CLOCK_MONOTONIC, ms: stops while the machine sleeps. */
  mono: number;
  /** CLOCK_BOOTTIME (/proc/uptime), ms: runs on through sleep. */
  uptime: number;
}

/** The live memory keeps this many wake-ups (a laptop closed ten times a day fills it in months). */
const KEEP = 500;

/**
 * Wake-ups noticed while this backend runs, from the clocks of consecutive samples of the one system feed:
 * the boot clock running ahead of the monotonic clock between two samples means the machine slept that long.
 * The wake-up itself lies between the earlier sample plus the sleep and the later sample; it is dated at the
 * later one, which is at most one sampling interval late.
 */
export class SleepWatch {
  private last: ClockReading | null = null;
  private first: number | null = null;
  private readonly found: ChangeEvent[] = [];

  get since(): number | null {
    return this.first;
  }

  list(): ChangeEvent[] {
    return [...this.found];
  }

  /** The next sample's clocks; the resume it reveals, if it reveals one. */
  take(next: ClockReading): ChangeEvent | null {
    const prev = this.last;
    this.last = next;
    this.first ??= next.wall;
    if (!prev) return null;
    const jump = timeJump(prev, next);
    if (jump.kind !== 'suspend') return null;
    const event: ChangeEvent = {
      time: Math.round(next.wall),
      kind: 'resume',
      title: `the machine woke from sleep after ${formatDuration(jump.sleptMs)} asleep`,
      detail:
        `Noticed by this Triage: between its samples at ${formatTimestamp(prev.wall)} and ${formatTimestamp(next.wall)} the boot clock ` +
        `ran ${formatDuration(jump.sleptMs)} ahead of the monotonic clock, which stops during sleep. The wake-up came within one sampling interval before this time.`,
    };
    this.found.push(event);
    if (this.found.length > KEEP) this.found.shift();
    return event;
  }
}
