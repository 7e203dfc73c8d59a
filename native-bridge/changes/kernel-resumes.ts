import { formatDuration } from '../common/format/index.js';
import type { ChangeEvent } from '../contract/changes.js';
import type { KmsgRecord } from '../shared/kmsg.js';

/** The kernel going to sleep: "PM: suspend entry (deep)", "PM: hibernation: hibernation entry". */
const ENTRY = /^PM: (suspend entry \((\w+)\)|(hibernation: )?hibernation entry)/;
/** A sleep that never happened: the kernel gave up before sleeping, and its "suspend exit" is no wake-up. */
const FAILED = /aborted|refusing to freeze|failed to suspend|suspend of devices failed|Some devices failed to (suspend|power down)|hibernation: .*failed/i;
/** The first lines after waking. */
const WAKE = /^ACPI: (PM: )?Waking up from system sleep state S\d|^Timekeeping suspended for \d+\.\d+ seconds/;
/** The last line of the wake-up. */
const EXIT = /^PM: (suspend exit|(hibernation: )?hibernation exit)/;
/** Printed only with pm_debug_messages on, but then it is the one exact figure of how long the machine slept. */
const SLEPT = /^Timekeeping suspended for (\d+)\.(\d+) seconds/;
/** Boot's first line: when the ring still holds it, every sleep since boot is in the ring. */
const BOOT = /^Linux version /;
/**
 * Going to sleep and waking take seconds; a gap this long between the entry line and the wake-up means the
 * ring's stamps ran on through the sleep (s2idle on x86 keeps the TSC behind them running), where with S3
 * or hibernation they stop.
 */
const STAMPS_RAN_MS = 60_000;

/** Whether ringSleeps looks at this record at all: the rest of the ring can be left out of what it is given. */
export function isSleepRecord(record: KmsgRecord): boolean {
  if (record.facility !== 0) return false;
  const line = record.message;
  return BOOT.test(line) || ENTRY.test(line) || FAILED.test(line) || WAKE.test(line) || EXIT.test(line);
}

/** One sleep as the ring tells it. */
export interface RingSleep {
  /** Stamp of the entry line, ms, when the ring still holds it. */
  entryStampMs: number | null;
  /** Stamp of the first line after waking, ms. */
  wokeStampMs: number;
  /** How long it slept, ms, when known. */
  sleptMs: number | null;
  /** The ring's stamps ran on during this sleep (the gap is the sleep). */
  stampsRan: boolean;
  /** "suspend (deep)", "hibernation". */
  what: string;
  lines: string[];
}

interface Open {
  entryStampMs: number | null;
  wokeStampMs: number | null;
  sleptMs: number | null;
  what: string;
  failed: boolean;
  lines: string[];
}

function closed(open: Open): RingSleep | null {
  if (open.failed || open.wokeStampMs === null) return null;
  const gap = open.entryStampMs === null ? null : open.wokeStampMs - open.entryStampMs;
  const stampsRan = gap !== null && (open.sleptMs !== null ? gap >= open.sleptMs : gap > STAMPS_RAN_MS);
  return {
    entryStampMs: open.entryStampMs,
    wokeStampMs: open.wokeStampMs,
    sleptMs: open.sleptMs ?? (stampsRan && gap !== null ? gap : null),
    stampsRan,
    what: open.what,
    lines: open.lines,
  };
}

/**
 * The sleeps in the ring, oldest first. Only facility 0 lines count: whatever a program writes to /dev/kmsg
 * gets facility 1 (user), so "PM: suspend exit" echoed into the log is not a resume.
 */
export function ringSleeps(records: readonly KmsgRecord[]): { sleeps: RingSleep[]; fromBoot: boolean } {
  const sleeps: RingSleep[] = [];
  let fromBoot = false;
  let open: Open | null = null;
  const finish = (): void => {
    const sleep = open && closed(open);
    if (sleep) sleeps.push(sleep);
    open = null;
  };
  for (const record of records) {
    if (record.facility !== 0) continue;
    const line = record.message;
    const stamp = record.usec / 1000;
    if (BOOT.test(line)) fromBoot = sleeps.length === 0 && open === null;
    const entry = ENTRY.exec(line);
    if (entry) {
      finish();
      open = { entryStampMs: stamp, wokeStampMs: null, sleptMs: null, what: entry[2] ? `suspend (${entry[2]})` : 'hibernation', failed: false, lines: [line] };
      continue;
    }
    const current: Open | null = open;
    if (current && current.wokeStampMs === null && FAILED.test(line)) {
      current.failed = true;
      current.lines.push(line);
      continue;
    }
    const wakes = WAKE.test(line);
    const exits = EXIT.test(line);
    if (!wakes && !exits) continue;
    // The entry line may have rotated out of the ring: the wake-up alone still is one.
    const sleep: Open = current ?? { entryStampMs: null, wokeStampMs: null, sleptMs: null, what: line.includes('hibernation') ? 'hibernation' : 'sleep', failed: false, lines: [] };
    open = sleep;
    sleep.wokeStampMs ??= stamp;
    sleep.lines.push(line);
    const slept = SLEPT.exec(line);
    if (slept) sleep.sleptMs = Number(slept[1]) * 1000 + Number(`0.${slept[2]}`) * 1000;
    if (exits) finish();
  }
  finish();
  return { sleeps, fromBoot };
}

/** The clocks read together now: wall, CLOCK_MONOTONIC and the total time slept since boot. */
export interface ClockReadings {
  wallMs: number;
  monoMs: number;
  /** CLOCK_BOOTTIME − CLOCK_MONOTONIC: every sleep since boot, summed. */
  sleptTotalMs: number;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Resumes from the ring, dated back from now. The ring's stamps count time since boot like CLOCK_MONOTONIC,
 * which stops during sleep, except through the sleeps where they ran on (s2idle on x86). So a line's wall
 * time is now − (the stamp clock now − its stamp) − every later sleep the stamps did not count: exact for the
 * latest resume, and for older ones when the later sleeps' lengths are known; otherwise marked approximate,
 * with how far off it may be.
 */
export function kernelResumes(records: readonly KmsgRecord[], clocks: ClockReadings): ChangeEvent[] {
  const { sleeps, fromBoot } = ringSleeps(records);
  const unknown = sleeps.filter((s) => s.sleptMs === null);
  // With the whole boot in the ring, the one sleep the kernel did not measure is the rest of the total.
  if (fromBoot && unknown.length === 1 && unknown[0]) unknown[0].sleptMs = Math.max(0, clocks.sleptTotalMs - sum(sleeps.map((s) => s.sleptMs ?? 0)));
  const unaccounted = Math.max(0, clocks.sleptTotalMs - sum(sleeps.map((s) => s.sleptMs ?? 0)));
  const stampNow = clocks.monoMs + sum(sleeps.filter((s) => s.stampsRan).map((s) => s.sleptMs ?? 0));

  const events: ChangeEvent[] = [];
  let notCountedAfter = 0;
  let unsure = false;
  for (let i = sleeps.length - 1; i >= 0; i--) {
    const sleep = sleeps[i]!;
    const time = clocks.wallMs - (stampNow - sleep.wokeStampMs) - notCountedAfter;
    const length = sleep.sleptMs === null ? '' : ` after ${sleep.stampsRan ? 'about ' : ''}${formatDuration(sleep.sleptMs)} asleep`;
    const dating = unsure
      ? `The time is approximate: a later sleep's length is not in the kernel log, so this may have been up to ${formatDuration(unaccounted)} earlier.`
      : 'Dated from the kernel stamp, counting the sleeps after it.';
    events.push({
      time: Math.round(time),
      kind: 'resume',
      title: `the machine woke from ${sleep.what}${length}${unsure ? ' (time approximate)' : ''}`,
      detail: `${sleep.lines.join('\n')}\n${sleep.sleptMs === null ? 'How long it slept is not in the kernel log. ' : ''}${dating}`,
    });
    if (sleep.stampsRan) continue;
    if (sleep.sleptMs === null) unsure = true;
    else notCountedAfter += sleep.sleptMs;
  }
  return events.reverse();
}
