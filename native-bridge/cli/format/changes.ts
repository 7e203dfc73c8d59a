import type { ChangesList } from '../../contract/changes.js';
import { formatTimestamp } from '../../common/format/time.js';

export function formatChanges(list: ChangesList): string {
  const lines: string[] = [];
  if (list.events.length === 0) {
    lines.push(`No changes found since ${formatTimestamp(list.sinceMs)} in the sources that could be read.`);
  } else {
    const width = Math.max(4, ...list.events.map((e) => e.kind.length));
    lines.push(`${'TIME'.padEnd(19)}  ${'KIND'.padEnd(width)}  WHAT`);
    for (const e of list.events) lines.push(`${formatTimestamp(e.time)}  ${e.kind.padEnd(width)}  ${e.title}`);
    if (list.omitted > 0) lines.push(`… and ${list.omitted} older change(s) left out.`);
  }
  const unread = list.sources.filter((s) => s.status !== 'read');
  if (unread.length > 0) {
    lines.push('', 'Could not read (changes there are unknown, not absent):');
    for (const s of unread) lines.push(`  ${s.name}: ${s.status} — ${s.why ?? ''}`);
  }
  const limited = list.sources.filter((s) => s.status === 'read' && s.why);
  for (const s of limited) lines.push(`Note: ${s.name}: ${s.why}`);
  return `${lines.join('\n')}\n`;
}
