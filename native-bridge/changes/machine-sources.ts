import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { ChangeEvent } from '../contract/changes.js';
import { readKmsgRing } from '../shared/kmsg.js';
import { kernelChange } from './kernel-notes.js';
import { parseJournalJson, UNIT_MESSAGE_IDS } from './parse-journal.js';
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

/**
 * Kernel messages of note from the ring. Kernel stamps are time since boot and stop while suspended,
 * so after a suspend they are dated up to the time spent asleep too early (as the findings are).
 */
export function readKernelChanges(kmsgPath: string, bootMs: number): SourceRead<ChangeEvent[]> {
  try {
    const events = readKmsgRing(kmsgPath).flatMap((r) => kernelChange(r, bootMs) ?? []);
    return { status: 'read', value: events, why: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') {
      return { status: 'denied', why: 'not allowed to read the kernel log (kernel.dmesg_restrict is set; an administrator can read it)' };
    }
    return failure(error, kmsgPath);
  }
}

const JOURNAL_TIMEOUT_MS = 3000;

/**
 * Unit starts, stops and failures from the journal. Only where systemd runs (/run/systemd/system, as
 * sd_booted() checks): elsewhere journalctl may exist and answer nothing, which would read as "no changes".
 */
export function readUnitChanges(sinceMs: number, untilMs: number, systemdMarker = '/run/systemd/system'): SourceRead<ChangeEvent[]> {
  if (!existsSync(systemdMarker)) return { status: 'absent', why: 'systemd is not running on this machine, so there is no unit journal' };
  const matches = Object.keys(UNIT_MESSAGE_IDS).map((id) => `MESSAGE_ID=${id}`);
  const run = spawnSync(
    'journalctl',
    ['-o', 'json', '--no-pager', '--since', `@${Math.floor(sinceMs / 1000)}`, '--until', `@${Math.ceil(untilMs / 1000)}`, ...matches],
    { encoding: 'utf8', timeout: JOURNAL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) return failure(run.error, 'journalctl');
  if (run.status !== 0) return { status: 'error', why: `journalctl failed: ${run.stderr.trim().split('\n')[0] ?? `exit ${run.status}`}` };
  return { status: 'read', value: parseJournalJson(run.stdout), why: null };
}
