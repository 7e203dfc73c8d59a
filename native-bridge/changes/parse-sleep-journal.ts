import { formatDuration } from '../common/format/index.js';
import type { ChangeEvent } from '../contract/changes.js';
import { journalField, journalRecords } from './journal-records.js';

/** systemd-sleep's catalogue ids (sd-messages.h: SD_MESSAGE_SLEEP_START, SD_MESSAGE_SLEEP_STOP). */
export const SLEEP_MESSAGE_IDS = { start: '6bbd95ee977941e497c48be27c254128', stop: '8811e6df2a8e40f58a94cea26f8ebf14' } as const;

/**
 * Resumes from `journalctl -o json` lines of systemd-sleep: a stop record is a resume, and the start record
 * before it (same boot) gives how long it slept. A stop that says "Failed to put system to sleep" shares the
 * id but is no resume: the machine never slept.
 */
export function parseSleepJournal(jsonLines: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  let started: { usec: number; boot: string | null } | null = null;
  for (const record of journalRecords(jsonLines)) {
    const usec = Number(journalField(record, '__REALTIME_TIMESTAMP'));
    if (!Number.isFinite(usec)) continue;
    const id = journalField(record, 'MESSAGE_ID');
    const boot = journalField(record, '_BOOT_ID');
    if (id === SLEEP_MESSAGE_IDS.start) {
      started = { usec, boot };
      continue;
    }
    if (id !== SLEEP_MESSAGE_IDS.stop) continue;
    const message = journalField(record, 'MESSAGE') ?? '';
    const before = started && started.boot === boot && started.usec <= usec ? started : null;
    started = null;
    if (/^Failed/i.test(message)) continue;
    const sleptMs = before ? (usec - before.usec) / 1000 : null;
    const what = journalField(record, 'SLEEP') ?? 'sleep';
    events.push({
      time: Math.round(usec / 1000),
      kind: 'resume',
      title: `the machine woke from ${what}${sleptMs === null ? '' : ` after ${formatDuration(sleptMs)} asleep`}`,
      detail: `${message} (systemd-sleep, journal)${sleptMs === null ? '; when it went to sleep is not in the journal window' : ''}`,
    });
  }
  return events;
}
