import type { ChangeEvent } from '../contract/changes.js';
import { localTime } from './parse-dpkg.js';

const ACTIONS = ['Install', 'Upgrade', 'Downgrade', 'Reinstall', 'Remove', 'Purge'] as const;
/** A big upgrade lists hundreds of packages; the detail keeps the start of the list. */
const DETAIL_MAX = 4000;
const DATE = /^(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})$/;

/** "foo:amd64 (1.0), bar:amd64 (1.0, 1.1)" → ["foo:amd64", "bar:amd64"]: commas inside parentheses belong to versions. */
function packagesOf(list: string): string[] {
  return [...list.matchAll(/([^\s,()]+) \([^)]*\)/g)].map((m) => m[1] ?? '');
}

/**
 * One event per apt run from /var/log/apt/history.log: blocks of "Start-Date:", "Commandline:",
 * "Install:"/"Upgrade:"/"Remove:"… and "End-Date:", separated by blank lines. Dated at the start.
 */
export function parseAptHistory(text: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(': ');
      if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 2).trim());
    }
    const start = DATE.exec(fields.get('Start-Date') ?? '');
    if (!start) continue;
    const counts = ACTIONS.flatMap((action) => {
      const list = fields.get(action);
      const n = list ? packagesOf(list).length : 0;
      return n > 0 ? [`${action.toLowerCase()} ${n}`] : [];
    });
    if (counts.length === 0) continue;
    const command = fields.get('Commandline') ?? 'apt';
    events.push({
      time: localTime(start[1] ?? '', start[2] ?? ''),
      kind: 'package',
      title: `${command} (${counts.join(', ')})`,
      detail: cap(ACTIONS.flatMap((a) => (fields.has(a) ? [`${a}: ${fields.get(a)}`] : [])).join('\n')),
    });
  }
  return events;
}

function cap(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}
