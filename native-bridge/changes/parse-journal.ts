import type { ChangeEvent } from '../contract/changes.js';

/** systemd's catalogue ids for unit jobs (see `journalctl --list-catalog`). */
export const UNIT_MESSAGE_IDS = {
  '39f53479d3a045ac8e11786248231fbf': 'started',
  '9d1aaa27d60140bd96365438aad20286': 'stopped',
  'be02cf6855d2428ba40df7e9d022f03d': 'failed to start',
  'd9b373ed55a64feb8242e02dbe79a49c': 'failed',
  '5eb03494b6584870a536b337290809b3': 'restart scheduled for',
} as const;

function field(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' ? value : null;
}

/** Unit started/stopped/failed events from `journalctl -o json` output (one JSON object a line). */
export function parseJournalJson(text: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const verb = UNIT_MESSAGE_IDS[(field(record, 'MESSAGE_ID') ?? '') as keyof typeof UNIT_MESSAGE_IDS];
    const unit = field(record, 'UNIT') ?? field(record, 'USER_UNIT');
    const usec = Number(field(record, '__REALTIME_TIMESTAMP'));
    if (!verb || !unit || !Number.isFinite(usec)) continue;
    const result = field(record, 'UNIT_RESULT') ?? field(record, 'JOB_RESULT');
    events.push({
      time: usec / 1000,
      kind: 'unit',
      title: `${verb} ${unit}${verb === 'failed' && result ? ` (${result})` : ''}`,
      detail: field(record, 'MESSAGE') ?? '',
    });
  }
  return events;
}
