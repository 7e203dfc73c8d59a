import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { ChangeEvent } from '../contract/changes.js';
import type { KmsgRecord } from '../shared/kmsg.js';
import type { KernelRecords } from './kernel-records.js';
import type { ClockReadings } from './kernel-resumes.js';
import { kernelChange } from './kernel-notes.js';
import { parseJournalJson, UNIT_MESSAGE_IDS } from './parse-journal.js';
import { parseSleepJournal, SLEEP_MESSAGE_IDS } from './parse-sleep-journal.js';
import { failure, type SourceRead } from './read-source.js';

/** Boot time from /proc/stat's btime (seconds since the epoch). */
export function readBootTime(procStat: string): SourceRead<number> {
  let text: string;
  try {
    text = readFileSync(procStat, 'utf8');
  } catch (error) {
    return failure(error, procStat);
  }
  const m = /^btime (\d+)$/m.exec(text);
  if (!m) return { status: 'error', why: `${procStat} has no btime line` };
  return { status: 'read', value: Number(m[1]) * 1000, why: null };
}

export function bootEvent(bootMs: number): ChangeEvent {
  return { time: bootMs, kind: 'boot', title: 'the machine booted', detail: 'boot time from /proc/stat (btime)' };
}

/** The ring once for both of its readers (notes and resumes); denied under kernel.dmesg_restrict. */
export function readRing(ring: KernelRecords, kmsgPath: string): SourceRead<readonly KmsgRecord[]> {
  try {
    return { status: 'read', value: ring.read(), why: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') {
      return { status: 'denied', why: 'not allowed to read the kernel log (kernel.dmesg_restrict is set; an administrator can read it)' };
    }
    return failure(error, kmsgPath);
  }
}

/**
 * Kernel messages of note from the ring. Kernel stamps are time since boot and stop while suspended,
 * so after a suspend they are dated up to the time spent asleep too early (as the findings are).
 */
export function kernelNotes(records: readonly KmsgRecord[], bootMs: number): ChangeEvent[] {
  return records.flatMap((r) => kernelChange(r, bootMs) ?? []);
}

/**
 * The clocks the ring's stamps are read against, taken together: /proc/uptime is CLOCK_BOOTTIME (it runs
 * through sleep), process.hrtime is CLOCK_MONOTONIC (it stops, as the kernel's stamps do).
 */
export function readClocks(procUptime: string): SourceRead<ClockReadings> {
  let text: string;
  try {
    text = readFileSync(procUptime, 'utf8');
  } catch (error) {
    return failure(error, procUptime);
  }
  const monoMs = Number(process.hrtime.bigint() / 1000n) / 1000;
  const uptimeMs = Number(text.split(' ')[0]) * 1000;
  if (!Number.isFinite(uptimeMs)) return { status: 'error', why: `${procUptime} does not start with the uptime` };
  // /proc/uptime counts in 10 ms steps: a small negative difference is rounding, not time travel.
  return { status: 'read', value: { wallMs: Date.now(), monoMs, sleptTotalMs: Math.max(0, uptimeMs - monoMs) }, why: null };
}

const JOURNAL_TIMEOUT_MS = 3000;

/** `journalctl -o json` over the window for these catalogue ids. Only where systemd runs (/run/systemd/system, as
 * sd_booted() checks): elsewhere journalctl may exist and answer nothing, which would read as "no changes". */
function readJournal(messageIds: string[], sinceMs: number, untilMs: number, systemdMarker: string): SourceRead<string> {
  if (!existsSync(systemdMarker)) return { status: 'absent', why: 'systemd is not running on this machine, so there is no journal to read' };
  const run = spawnSync(
    'journalctl',
    ['-o', 'json', '--no-pager', '--since', `@${Math.floor(sinceMs / 1000)}`, '--until', `@${Math.ceil(untilMs / 1000)}`, ...messageIds.map((id) => `MESSAGE_ID=${id}`)],
    { encoding: 'utf8', timeout: JOURNAL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) return failure(run.error, 'journalctl');
  if (run.status !== 0) return { status: 'error', why: `journalctl failed: ${run.stderr.trim().split('\n')[0] ?? `exit ${run.status}`}` };
  return { status: 'read', value: run.stdout, why: null };
}

const parsedJournal = (read: SourceRead<string>, parse: (text: string) => ChangeEvent[]): SourceRead<ChangeEvent[]> =>
  read.status === 'read' ? { ...read, value: parse(read.value) } : read;

/** Unit starts, stops and failures from the journal. */
export function readUnitChanges(sinceMs: number, untilMs: number, systemdMarker = '/run/systemd/system'): SourceRead<ChangeEvent[]> {
  return parsedJournal(readJournal(Object.keys(UNIT_MESSAGE_IDS), sinceMs, untilMs, systemdMarker), parseJournalJson);
}

/** systemd-sleep's "went to sleep" and "returned from sleep" records (a sleep begun before the window has no length). */
export function readSleepJournal(sinceMs: number, untilMs: number, systemdMarker = '/run/systemd/system'): SourceRead<ChangeEvent[]> {
  return parsedJournal(readJournal(Object.values(SLEEP_MESSAGE_IDS), sinceMs, untilMs, systemdMarker), parseSleepJournal);
}
