import type { ChangeEvent } from '../contract/changes.js';

/** dpkg.log dates are the machine's local time without a zone, as dpkg writes them. */
export function localTime(date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  return new Date(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0).getTime();
}

const LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (install|upgrade|remove|purge) (\S+) (\S+) (\S+)$/;
const VERB = { install: 'installed', upgrade: 'upgraded', remove: 'removed', purge: 'purged' } as const;

/** Package actions from /var/log/dpkg.log: "2026-12-04 10:31:02 install foo:amd64 <none> 1.0" (status lines skipped). */
export function parseDpkgLog(text: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trimEnd());
    if (!m) continue;
    const [, date = '', time = '', action = 'install', pkg = '', from = '', to = ''] = m;
    const verb = VERB[action as keyof typeof VERB];
    const versions = action === 'install' ? to : action === 'upgrade' ? `${from} → ${to}` : from;
    events.push({ time: localTime(date, time), kind: 'package', title: `${verb} ${pkg} ${versions === '<none>' ? '' : versions}`.trim(), detail: line.trim() });
  }
  return events;
}
