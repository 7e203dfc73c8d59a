import type { ChangeEvent } from '../contract/changes.js';
import { journalField, journalRecords } from './journal-records.js';

/** systemd's catalogue ids for unit jobs (see `journalctl --list-catalog`). */
export const UNIT_MESSAGE_IDS = {
  '39f53479d3a045ac8e11786248231fbf': 'started',
  '9d1aaa27d60140bd96365438aad20286': 'stopped',
  'be02cf6855d2428ba40df7e9d022f03d': 'failed to start',
  'd9b373ed55a64feb8242e02dbe79a49c': 'failed',
  '5eb03494b6584870a536b337290809b3': 'restart scheduled for',
} as const;

/** Unit started/stopped/failed events from `journalctl -o json` output (one JSON object a line). */
export function parseJournalJson(text: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const record of journalRecords(text)) {
    const verb = UNIT_MESSAGE_IDS[(journalField(record, 'MESSAGE_ID') ?? '') as keyof typeof UNIT_MESSAGE_IDS];
    const unit = journalField(record, 'UNIT') ?? journalField(record, 'USER_UNIT');
    const usec = Number(journalField(record, '__REALTIME_TIMESTAMP'));
    if (!verb || !unit || !Number.isFinite(usec)) continue;
    const result = journalField(record, 'UNIT_RESULT') ?? journalField(record, 'JOB_RESULT');
    events.push({
      time: usec / 1000,
      kind: 'unit',
      title: `${verb} ${unit}${verb === 'failed' && result ? ` (${result})` : ''}`,
      detail: journalField(record, 'MESSAGE') ?? '',
    });
  }
  return events;
}
