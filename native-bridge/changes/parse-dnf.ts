import type { ChangeEvent } from '../contract/changes.js';

const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2})(\d{2}) SUBDEBUG (Installed|Upgrade|Upgraded|Downgrade|Downgraded|Reinstall|Reinstalled|Erase|Erased|Removed|Obsoleted): (\S+)\s*$/;
const VERB: Record<string, string> = {
  Installed: 'installed', Upgrade: 'upgraded to', Upgraded: 'upgraded from', Downgrade: 'downgraded to', Downgraded: 'downgraded from',
  Reinstall: 'reinstalled', Reinstalled: 'reinstalled', Erase: 'removed', Erased: 'removed', Removed: 'removed', Obsoleted: 'obsoleted',
};

/** Package actions from /var/log/dnf.rpm.log: "2026-12-04T10:31:02+0000 SUBDEBUG Installed: foo-1.0-1.x86_64". */
export function parseDnfRpmLog(text: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const time = Date.parse(`${m[1]}${m[2]}:${m[3]}`);
    if (!Number.isFinite(time)) continue;
    events.push({ time, kind: 'package', title: `${VERB[m[4] ?? ''] ?? m[4]} ${m[5]}`, detail: line.trim() });
  }
  return events;
}
