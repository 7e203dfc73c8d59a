/** /etc/passwd or /etc/group: `name:x:id:...` lines to id -> name. Comments and malformed lines are skipped. */
export function parseIdNames(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const parts = line.split(':');
    if (parts.length < 3 || !parts[0]) continue;
    const id = Number(parts[2]);
    // The first entry wins, as getpwuid does.
    if (Number.isInteger(id) && !map.has(id)) map.set(id, parts[0]);
  }
  return map;
}
